using Microsoft.AspNetCore.HostFiltering;

namespace PolicyWatch.Web.Hosting;

/// <summary>
/// The Host names the site answers (ASP.NET Core's host filtering, setting <c>AllowedHosts</c>). Feeds,
/// permalinks and exports are absolute and publicly cacheable, and without Feeds:BaseUrl they are built
/// from the request's Host: a name the operator did not choose must not get that far. When AllowedHosts
/// is not set, the site answers the loopback names (it listens on localhost by default) and the host
/// of Feeds:BaseUrl; a public deployment sets one or the other.
/// </summary>
public static class SiteHosts
{
    /// <summary>The names this machine answers to itself, answered unless AllowedHosts says otherwise.</summary>
    public static readonly IReadOnlyList<string> Loopback = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>AllowedHosts as configured, else <see cref="Defaults"/>; and a request without a Host (HTTP/1.0 allows it) is refused.</summary>
    public static WebApplicationBuilder AddSiteHosts(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration["AllowedHosts"]))
            builder.Configuration.AddInMemoryCollection([new("AllowedHosts", string.Join(';', Defaults(builder.Configuration["Feeds:BaseUrl"])))]);
        // An empty Host would make every absolute link "http:///…", which is no address at all.
        builder.Services.Configure<HostFilteringOptions>(options => options.AllowEmptyHosts = false);
        return builder;
    }

    /// <summary>
    /// Refuses (400) a Host whose port is no port (localhost:99999): host filtering compares names only,
    /// and an absolute link cannot be built on it.
    /// </summary>
    public static IApplicationBuilder UseSiteHosts(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Host.Port is null or <= ushort.MaxValue) return next(context);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return Task.CompletedTask;
        });

    /// <summary>The host of <paramref name="baseUrl"/> (as browsers send it: punycode, IPv6 in brackets) when it is an absolute URL, then <see cref="Loopback"/>.</summary>
    public static IReadOnlyList<string> Defaults(string? baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var site) && !string.IsNullOrEmpty(site.Host)
            ? [site.HostNameType == UriHostNameType.IPv6 ? site.Host : site.IdnHost, .. Loopback]
            : Loopback;
}

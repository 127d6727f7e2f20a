using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PolicyWatch.Official;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Official;

/// <summary>
/// How the site answers one path instead of its document: a status, or a body of the test's choosing;
/// only for requests whose query contains <paramref name="WhenQueryContains"/> when it is given (one page of a listing).
/// </summary>
public sealed record ApiFault(int Status, string? Body = null, string ContentType = "application/json", string? RetryAfter = null,
    string? WhenQueryContains = null)
{
    public static ApiFault Html { get; } = new(200, "<!DOCTYPE html><html><head><title>Service unavailable</title></head><body><h1>Sorry</h1></body></html>", "text/html; charset=utf-8");
}

/// <summary>One request the site received, recorded before it answered.</summary>
public sealed record ApiRequest(string Path, string Query, string? IfNoneMatch);

/// <summary>
/// A real Kestrel server on 127.0.0.1 answering as the two parliaments' APIs do: the UK Bills API under
/// <c>/bills</c> (a bill, its stages paged by Skip and Take, its publications) and the European
/// Parliament's Open Data API under <c>/ep/api/v2</c> (procedures as JSON-LD). Every answer has an ETag
/// and a matching If-None-Match gets a 304. Any path can be made to fail (<see cref="Faults"/>).
/// </summary>
public sealed class OfficialApiSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OfficialApiSite(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Bills by id: the bill, all its stages (served a page at a time), its publications, as JSON text.</summary>
    public ConcurrentDictionary<int, string> Bills { get; } = new();
    public ConcurrentDictionary<int, string> Stages { get; } = new();
    public ConcurrentDictionary<int, string> Publications { get; } = new();

    /// <summary>Procedures by their API id (2022-0155), as JSON-LD text.</summary>
    public ConcurrentDictionary<string, string> Procedures { get; } = new();

    /// <summary>Answers that replace a path's document (the path without its query, e.g. <c>/bills/api/v1/Bills/3137/Stages</c>).</summary>
    public ConcurrentDictionary<string, ApiFault> Faults { get; } = new();

    /// <summary>The stages listing answers its first page whatever Skip says, as a broken server would.</summary>
    public bool IgnoreSkip { get; set; }

    public ConcurrentQueue<ApiRequest> Requests { get; } = new();

    public OfficialOptions Options(int pageSize = 50, int maxPages = 20) => new()
    {
        UkBillsUrl = new Uri(BaseUrl, "bills"),
        EuroparlUrl = new Uri(BaseUrl, "ep/api/v2"),
        PageSize = pageSize,
        MaxPages = maxPages,
    };

    public static string Fixture(string name) => File.ReadAllText(TestPaths.TestData("Official", "testdata", name));

    /// <summary>A site serving the fixtures: bill 3137 and procedure 2022/0155(COD).</summary>
    public static async Task<OfficialApiSite> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var site = new OfficialApiSite(builder.Build());
        site.Bills[3137] = Fixture("uk-bill-3137.json");
        site.Stages[3137] = Fixture("uk-bill-3137-stages.json");
        site.Publications[3137] = Fixture("uk-bill-3137-publications.json");
        site.Procedures["2022-0155"] = Fixture("ep-procedure-2022-0155.json");
        site.MapRoutes();
        await site._app.StartAsync();
        site.BaseUrl = new Uri(site._app.Urls.First() + "/");
        return site;
    }

    /// <summary>Edits a stored document as JSON, e.g. to move one sitting's date.</summary>
    public static string Edit(string json, Action<JsonNode> edit)
    {
        var node = JsonNode.Parse(json)!;
        edit(node);
        return node.ToJsonString();
    }

    private void MapRoutes()
    {
        _app.Use(async (context, next) =>
        {
            var path = context.Request.Path.Value ?? "";
            Requests.Enqueue(new ApiRequest(path, context.Request.QueryString.Value ?? "", context.Request.Headers.IfNoneMatch.FirstOrDefault()));
            if (Faults.TryGetValue(path, out var fault)
                && (fault.WhenQueryContains is null || context.Request.QueryString.Value?.Contains(fault.WhenQueryContains, StringComparison.Ordinal) == true))
            {
                context.Response.StatusCode = fault.Status;
                if (fault.RetryAfter is not null) context.Response.Headers.RetryAfter = fault.RetryAfter;
                if (fault.Body is not null)
                {
                    context.Response.ContentType = fault.ContentType;
                    await context.Response.WriteAsync(fault.Body);
                }
                return;
            }
            await next();
        });
        _app.MapGet("/bills/api/v1/Bills/{id:int}", (int id, HttpContext context) => Serve(context, Bills.GetValueOrDefault(id)));
        _app.MapGet("/bills/api/v1/Bills/{id:int}/Publications", (int id, HttpContext context) => Serve(context, Publications.GetValueOrDefault(id)));
        _app.MapGet("/bills/api/v1/Bills/{id:int}/Stages", (int id, int? skip, int? take, HttpContext context) =>
            Serve(context, Stages.TryGetValue(id, out var all) ? Page(all, IgnoreSkip ? 0 : skip ?? 0, take ?? 20) : null));
        _app.MapGet("/ep/api/v2/procedures/{id}", (string id, HttpContext context) =>
            Serve(context, Procedures.GetValueOrDefault(id), "application/ld+json; charset=utf-8"));
    }

    /// <summary>One page of a stages listing, as the Bills API pages it: items, totalResults, itemsPerPage.</summary>
    private static string Page(string all, int skip, int take)
    {
        var items = JsonNode.Parse(all)!["items"]!.AsArray();
        var page = new JsonArray(items.Skip(skip).Take(take).Select(i => i!.DeepClone()).ToArray());
        return new JsonObject { ["items"] = page, ["totalResults"] = items.Count, ["itemsPerPage"] = take }.ToJsonString();
    }

    private static IResult Serve(HttpContext context, string? json, string contentType = "application/json; charset=utf-8")
    {
        if (json is null) return Results.NotFound();
        var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16] + "\"";
        if (context.Request.Headers.IfNoneMatch == etag) return Results.StatusCode(304);
        context.Response.Headers.ETag = etag;
        return Results.Content(json, contentType);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

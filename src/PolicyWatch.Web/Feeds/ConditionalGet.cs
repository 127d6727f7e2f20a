using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace PolicyWatch.Web.Feeds;

/// <summary>Validators on a feed response, and the 304 when the client already has this version.</summary>
public static class ConditionalGet
{
    /// <summary>A strong ETag from whatever decides the bytes of the response.</summary>
    public static string ETag(params object?[] parts)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', parts.Select(p => Convert.ToString(p, System.Globalization.CultureInfo.InvariantCulture)))));
        return $"\"{Convert.ToHexStringLower(hash.AsSpan(0, 12))}\"";
    }

    /// <summary>Sets ETag, Last-Modified and Cache-Control; true when the request's validators match (answer 304).</summary>
    public static bool NotModified(HttpContext context, string etag, DateTimeOffset lastModified, TimeSpan maxAge)
    {
        lastModified = DateTimeOffset.FromUnixTimeSeconds(lastModified.ToUnixTimeSeconds());
        var response = context.Response.GetTypedHeaders();
        response.ETag = EntityTagHeaderValue.Parse(etag);
        response.LastModified = lastModified;
        response.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = maxAge };
        var request = context.Request.GetTypedHeaders();
        // If-None-Match wins over If-Modified-Since when both are sent (RFC 9110 13.2.2).
        if (request.IfNoneMatch is { Count: > 0 } tags)
            return tags.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(response.ETag, useStrongComparison: false));
        return request.IfModifiedSince is { } since && lastModified <= since;
    }

    public static IResult Status304() => Results.StatusCode(StatusCodes.Status304NotModified);
}

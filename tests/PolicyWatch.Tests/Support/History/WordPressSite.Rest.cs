using System.Globalization;
using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace PolicyWatch.Tests.Support.History;

/// <summary>The REST API's posts route, <c>/wp-json/wp/v2/posts</c> (also <c>/?rest_route=/wp/v2/posts</c>).</summary>
public sealed partial class WordPressSite
{
    public const string RestPostsPath = "/wp-json/wp/v2/posts";

    // Relaxed escaping keeps rendered HTML readable in a failing test's output; WordPress escapes differently, and either is JSON.
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <param name="query">e.g. <c>per_page=100&amp;page=2&amp;_fields=id,date_gmt,link,title,excerpt</c></param>
    public Uri RestPostsUrl(string query = "") => Url(RestPostsPath + (query.Length == 0 ? "" : "?" + query));

    private IResult ServeRestRoute(HttpContext context) => context.Request.Query["rest_route"].ToString() switch
    {
        "/wp/v2/posts" => ServeRestPosts(context),
        "/" or "" => ServeRestIndex(context),
        _ => RestError(404, "rest_no_route", "No route was found matching the URL and request method."),
    };

    private IResult ServeRestIndex(HttpContext context) => JsonContent(new Dictionary<string, object>
    {
        ["name"] = "Generated advocacy site", ["url"] = Origin(context), ["namespaces"] = new[] { "wp/v2" },
    });

    /// <summary>
    /// page, per_page (1–100), search (title or description contains it, case-insensitive), after and before
    /// (ISO 8601, exclusive, UTC when no offset), order (desc|asc, by date) and _fields (top-level names).
    /// </summary>
    private IResult ServeRestPosts(HttpContext context)
    {
        var query = context.Request.Query;
        if (!TryInteger(query["page"], 1, 1, int.MaxValue, out var page)) return InvalidParameter("page");
        if (!TryInteger(query["per_page"], 10, 1, 100, out var perPage)) return InvalidParameter("per_page");
        if (!TryDate(query["after"], out var after)) return InvalidParameter("after");
        if (!TryDate(query["before"], out var before)) return InvalidParameter("before");
        var order = query["order"].ToString();
        if (order is not ("" or "asc" or "desc")) return InvalidParameter("order");
        var search = query["search"].ToString();

        var matching = Items.Where(i => (after is null || i.Published > after) && (before is null || i.Published < before)
            && (search.Length == 0 || Matches(i, search)));
        var ordered = (order == "asc" ? matching : matching.Reverse()).ToArray();
        var pages = (ordered.Length + perPage - 1) / perPage;
        // WordPress refuses a page past the last only when there is something to page through.
        if (page > pages && ordered.Length > 0)
            return RestError(400, "rest_post_invalid_page_number", "The page number requested is larger than the number of pages available.");

        var headers = context.Response.Headers;
        headers["X-WP-Total"] = ordered.Length.ToString(CultureInfo.InvariantCulture);
        headers["X-WP-TotalPages"] = pages.ToString(CultureInfo.InvariantCulture);
        var links = new List<string>();
        if (page > 1) links.Add($"<{PageLink(context, page - 1)}>; rel=\"prev\"");
        if (page < pages) links.Add($"<{PageLink(context, page + 1)}>; rel=\"next\"");
        if (links.Count > 0) headers.Link = string.Join(", ", links);

        var fields = query["_fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(f => f.Split('.')[0]).ToHashSet();
        return JsonContent(ordered.Skip((page - 1) * perPage).Take(perPage).Select(i => Post(i, fields)).ToArray());
    }

    private static Dictionary<string, object> Post(GeneratedItem item, HashSet<string> fields)
    {
        static string Local(DateTimeOffset date) => date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        var html = WebUtility.HtmlEncode(item.Description);
        var post = new Dictionary<string, object>
        {
            ["id"] = item.Id,
            ["date"] = Local(item.Published),
            ["date_gmt"] = Local(item.Published),
            ["guid"] = new { rendered = item.Guid },
            ["modified"] = Local(item.Published),
            ["modified_gmt"] = Local(item.Published),
            ["slug"] = item.Link.TrimEnd('/').Split('/')[^1],
            ["status"] = "publish",
            ["type"] = "post",
            ["link"] = item.Link,
            ["title"] = new { rendered = WebUtility.HtmlEncode(item.Title) },
            ["content"] = new { rendered = $"<p>{html}</p>\n", @protected = false },
            ["excerpt"] = new { rendered = $"<p>{html}</p>\n", @protected = false },
        };
        return fields.Count == 0 ? post : post.Where(p => fields.Contains(p.Key)).ToDictionary();
    }

    private static string PageLink(HttpContext context, int page)
    {
        var rest = context.Request.Query.Where(q => q.Key != "page").Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value.ToString())}");
        return $"{Origin(context)}{context.Request.Path}?{string.Join("&", rest.Append($"page={page}"))}";
    }

    private static bool TryInteger(StringValues text, int missing, int min, int max, out int value)
    {
        if (StringValues.IsNullOrEmpty(text)) { value = missing; return true; }
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max;
    }

    private static bool TryDate(StringValues text, out DateTimeOffset? value)
    {
        value = null;
        if (StringValues.IsNullOrEmpty(text)) return true;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)) return false;
        value = date;
        return true;
    }

    private static IResult InvalidParameter(string name) =>
        RestError(400, "rest_invalid_param", $"Invalid parameter(s): {name}");

    private static IResult RestError(int status, string code, string message) =>
        Results.Content(JsonSerializer.Serialize(new { code, message, data = new { status } }, Json), "application/json; charset=UTF-8", null, status);

    private static IResult JsonContent(object value) =>
        Results.Content(JsonSerializer.Serialize(value, Json), "application/json; charset=UTF-8");
}

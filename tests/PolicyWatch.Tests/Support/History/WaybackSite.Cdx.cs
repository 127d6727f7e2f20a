using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace PolicyWatch.Tests.Support.History;

/// <summary>
/// The CDX server: <c>/cdx/search/cdx?url=&amp;output=json&amp;fl=&amp;filter=&amp;collapse=&amp;from=&amp;to=&amp;limit=</c>.
/// Rows are written as they are produced, never gathered into one string, so a 50,000-row answer
/// costs the server little and tests can watch the client's memory instead.
/// </summary>
public sealed partial class WaybackSite
{
    public const string CdxPath = "/cdx/search/cdx";

    /// <summary>The query the reference (docs/history-sources.md) gives, for a feed.</summary>
    public const string DefaultCdxQuery = "output=json&fl=timestamp,original,statuscode,digest&filter=statuscode:200&collapse=digest";

    private static readonly string[] AllFields = ["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"];

    /// <param name="feedUrl">The url parameter, escaped here.</param>
    /// <param name="query">Everything else: by default <see cref="DefaultCdxQuery"/>; add <c>&amp;from=2019&amp;to=2020</c> and so on.</param>
    public Uri CdxUrl(string feedUrl, string query = DefaultCdxQuery) => Url($"{CdxPath}?url={Uri.EscapeDataString(feedUrl)}&{query}");

    /// <summary>
    /// from/to are 1–14 digit prefixes of a timestamp (to=2019 means to the end of 2019); filter is
    /// [!]field:regex, matched against the whole value; collapse is field or field:N (its first N characters),
    /// and drops a row equal to the row kept before it; limit=N keeps the first N rows, -N the last N.
    /// output=json answers an array of arrays whose first row is the field names ([] when nothing matched);
    /// otherwise one space-separated line per row.
    /// </summary>
    private async Task ServeCdxAsync(HttpContext context)
    {
        var query = context.Request.Query;
        var url = query["url"].ToString();
        if (url.Length == 0 || !TryBound(query["from"], '0', out var from) || !TryBound(query["to"], '9', out var to)
            || !int.TryParse(query["limit"].ToString() is { Length: > 0 } l ? l : "0", CultureInfo.InvariantCulture, out var limit))
        {
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync("Bad request: url is required; from and to are 1-14 digits; limit an integer\n");
            return;
        }
        var fields = query["fl"].ToString() is { Length: > 0 } fl ? fl.Split(',').Where(AllFields.Contains).ToArray() : AllFields;
        (bool Negate, int Field, Regex Pattern)[] filters;
        (int Field, int Length)[] collapses;
        try
        {
            filters = query["filter"].Select(Filter).ToArray();
            collapses = query["collapse"].Select(Collapse).ToArray();
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            // The real CDX server answers a malformed filter or collapse with an error, not with every row.
            context.Response.StatusCode = 400;
            await context.Response.WriteAsync($"Bad request: {e.Message}\n");
            return;
        }

        IEnumerable<string[]> rows = Archives(url) ? Rows(url, fields, from, to, filters, collapses) : [];
        if (limit > 0) rows = rows.Take(limit);
        else if (limit < 0) rows = rows.TakeLast(-limit);

        var json = query["output"] == "json";
        context.Response.ContentType = json ? "application/json" : "text/plain; charset=utf-8";
        await using var writer = new StreamWriter(context.Response.Body, new UTF8Encoding(false), 16 * 1024);
        var written = 0;
        foreach (var row in rows)
        {
            if (json) await writer.WriteAsync(written == 0 ? $"[{JsonRow(fields)},\n{JsonRow(row)}" : $",\n{JsonRow(row)}");
            else await writer.WriteAsync(string.Join(' ', row) + "\n");
            if (++written % 1000 == 0) await writer.FlushAsync(context.RequestAborted);
        }
        if (json) await writer.WriteAsync(written == 0 ? "[]\n" : "]\n");
    }

    private IEnumerable<string[]> Rows(string url, string[] fields, string from, string to,
        (bool Negate, int Field, Regex Pattern)[] filters, (int Field, int Length)[] collapses)
    {
        var original = _options.OriginalUrl ?? url;
        var kept = new string?[collapses.Length];
        foreach (var capture in Captures)
        {
            if (string.CompareOrdinal(capture.Timestamp, from) < 0 || string.CompareOrdinal(capture.Timestamp, to) > 0) continue;
            var values = new[] { UrlKey(original), capture.Timestamp, original, capture.MimeType,
                capture.StatusCode.ToString(CultureInfo.InvariantCulture), capture.Digest, (1400 + capture.Index % 600).ToString(CultureInfo.InvariantCulture) };
            if (filters.Any(f => f.Pattern.IsMatch(values[f.Field]) == f.Negate)) continue;
            var keys = collapses.Select(c => c.Length > 0 && values[c.Field].Length > c.Length ? values[c.Field][..c.Length] : values[c.Field]).ToArray();
            if (collapses.Length > 0 && keys.SequenceEqual(kept)) continue;
            keys.CopyTo(kept, 0);
            yield return fields.Select(f => values[Array.IndexOf(AllFields, f)]).ToArray();
        }
    }

    /// <summary>Whether the archive holds captures of <paramref name="url"/>: scheme, case of the host, www. and a trailing slash do not count.</summary>
    private bool Archives(string url) => _options.OriginalUrl is null || Canonical(url) == Canonical(_options.OriginalUrl);

    private static string Canonical(string url)
    {
        var rest = Regex.Replace(url.Trim(), "^[a-zA-Z][a-zA-Z0-9+.-]*://", "", RegexOptions.None, TimeSpan.FromSeconds(1));
        if (rest.StartsWith("www.", StringComparison.OrdinalIgnoreCase)) rest = rest[4..];
        var slash = rest.IndexOf('/');
        var host = slash < 0 ? rest : rest[..slash];
        return host.ToLowerInvariant() + (slash < 0 ? "" : rest[slash..]).TrimEnd('/');
    }

    /// <summary>The SURT form the CDX keys rows by: <c>example,advocacy)/feed</c>.</summary>
    private static string UrlKey(string url)
    {
        var canonical = Canonical(url);
        var slash = canonical.IndexOf('/');
        var host = slash < 0 ? canonical : canonical[..slash];
        return string.Join(',', host.Split('.').Reverse()) + ")" + (slash < 0 ? "/" : canonical[slash..].ToLowerInvariant());
    }

    private static bool TryBound(Microsoft.Extensions.Primitives.StringValues text, char pad, out string bound)
    {
        var value = text.ToString();
        bound = value.PadRight(14, pad);
        return value.Length <= 14 && value.All(char.IsAsciiDigit);
    }

    private static (bool Negate, int Field, Regex Pattern) Filter(string? text)
    {
        var negate = text!.StartsWith('!');
        var (field, pattern) = Split(negate ? text[1..] : text);
        return (negate, field, new Regex($"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)));
    }

    private static (int Field, int Length) Collapse(string? text)
    {
        var (field, length) = Split(text!.Contains(':') ? text : text + ":0");
        return (field, int.Parse(length, CultureInfo.InvariantCulture));
    }

    private static (int Field, string Argument) Split(string text)
    {
        var colon = text.IndexOf(':');
        var field = Array.IndexOf(AllFields, colon < 0 ? text : text[..colon]);
        if (field < 0) throw new ArgumentException($"unknown field in \"{text}\"");
        return (field, colon < 0 ? "" : text[(colon + 1)..]);
    }

    private static string JsonRow(IEnumerable<string> values) => JsonSerializer.Serialize(values);
}

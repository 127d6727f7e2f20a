using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom.Events;
using AngleSharp.Html.Parser;

namespace PolicyWatch.Tests.Web;

/// <summary>
/// A page read the way the Nu HTML Checker reads it, for its main rules: the HTML5 parser's errors (stray
/// and misnested tags, duplicate or malformed attributes, bad character references), what the parser
/// accepts but the checker does not (duplicate ids, references to ids that are not there, invalid
/// <c>&lt;time datetime&gt;</c>, interactive content inside links, lists holding more than items, carriage
/// returns written as references) and the document's required parts.
/// </summary>
public static partial class HtmlChecks
{
    public static IReadOnlyList<string> Problems(string html)
    {
        var problems = new List<string>();
        var parser = new HtmlParser(new HtmlParserOptions { IsKeepingSourceReferences = true });
        parser.Error += (_, e) =>
        {
            var error = (HtmlErrorEvent)e;
            problems.Add($"line {error.Position.Line}:{error.Position.Column}: parse error {error.Code}: {error.Message} near \"{Near(html, error.Position.Position)}\"");
        };
        var document = parser.ParseDocument(html);

        if (!html.StartsWith("<!DOCTYPE html>", StringComparison.OrdinalIgnoreCase)) problems.Add("the page does not start with <!DOCTYPE html>");
        if (string.IsNullOrWhiteSpace(document.DocumentElement.GetAttribute("lang"))) problems.Add("<html> has no lang");
        if (document.QuerySelectorAll("head > meta[charset]").Length != 1) problems.Add("not one <meta charset>");
        if (document.QuerySelectorAll("head > title").Length != 1 || string.IsNullOrWhiteSpace(document.Title)) problems.Add("not one non-empty <title>");
        if (document.QuerySelectorAll("h1").Length != 1) problems.Add($"{document.QuerySelectorAll("h1").Length} <h1> elements");
        if (document.QuerySelectorAll("main").Length != 1) problems.Add("not one <main>");

        foreach (var id in document.QuerySelectorAll("[id]").GroupBy(e => e.Id!).Where(g => g.Count() > 1))
            problems.Add($"duplicate id \"{id.Key}\" ({id.Count()} elements)");
        var ids = document.QuerySelectorAll("[id]").Select(e => e.Id!).ToHashSet(StringComparer.Ordinal);
        foreach (var element in document.QuerySelectorAll("[aria-labelledby], [aria-describedby], label[for], [data-copy]"))
            foreach (var attribute in new[] { "aria-labelledby", "aria-describedby", "for", "data-copy" })
                foreach (var target in (element.GetAttribute(attribute) ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    if (!ids.Contains(target)) problems.Add($"<{element.LocalName} {attribute}=\"{target}\"> names no element");
        foreach (var element in document.QuerySelectorAll("[id]"))
            if (element.Id!.Length == 0 || element.Id.Any(char.IsWhiteSpace)) problems.Add($"id \"{element.Id}\" is empty or has a space");

        foreach (var time in document.QuerySelectorAll("time"))
        {
            var value = time.GetAttribute("datetime") ?? time.TextContent;
            if (!ValidDateTime(value)) problems.Add($"<time datetime=\"{value}\"> is not a valid date or time");
        }
        foreach (var nested in document.QuerySelectorAll("a a, a button, button a, button button, a input, a select, label label"))
            problems.Add($"<{nested.LocalName}> inside <{nested.ParentElement!.Closest("a, button, label")?.LocalName}>: interactive content cannot nest");
        foreach (var child in document.QuerySelectorAll("ul > *, ol > *").Where(c => c.LocalName is not ("li" or "script" or "template")))
            problems.Add($"<{child.LocalName}> directly inside <{child.ParentElement!.LocalName}>");
        foreach (var child in document.QuerySelectorAll("dl > *").Where(c => c.LocalName is not ("dt" or "dd" or "div" or "script" or "template")))
            problems.Add($"<{child.LocalName}> directly inside <dl>");
        foreach (var link in document.QuerySelectorAll("a[href], link[href]"))
            if (!Uri.TryCreate(link.GetAttribute("href"), UriKind.RelativeOrAbsolute, out _) || link.GetAttribute("href")!.Any(char.IsWhiteSpace))
                problems.Add($"<{link.LocalName} href=\"{link.GetAttribute("href")}\"> is not a valid URL");
        foreach (var image in document.QuerySelectorAll("img:not([alt])")) problems.Add("<img> without alt");
        foreach (var element in document.QuerySelectorAll("[style], [onclick], [onload]")) problems.Add($"<{element.LocalName}> has inline style or script");

        if (CarriageReturn().Match(html) is { Success: true } cr) problems.Add($"a carriage return written as {cr.Value} (Nu: \"character reference expands to a control character\")");
        foreach (Match tag in UnquotedAttribute().Matches(html)) problems.Add($"unquoted attribute value in {tag.Value}");
        return problems;
    }

    /// <summary>HTML's date and time microsyntaxes as <c>&lt;time datetime&gt;</c> takes them (those our pages could write).</summary>
    public static bool ValidDateTime(string value) =>
        DateTimeValue().IsMatch(value) && (value.Length < 10 || DateOnly.TryParseExact(value[..10], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _))
        || MonthValue().IsMatch(value) || WeekValue().IsMatch(value) || YearValue().IsMatch(value);

    private static string Near(string html, int position)
    {
        var start = Math.Clamp(position - 40, 0, html.Length);
        return html[start..Math.Min(html.Length, position + 20)].ReplaceLineEndings(" ");
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d{1,3})?)?(Z|[+-]\d\d:?\d\d)?)?$")]
    private static partial Regex DateTimeValue();

    [GeneratedRegex(@"^\d{4}-(0[1-9]|1[0-2])$")]
    private static partial Regex MonthValue();

    [GeneratedRegex(@"^\d{4}-W(0[1-9]|[1-4]\d|5[0-3])$")]
    private static partial Regex WeekValue();

    [GeneratedRegex(@"^\d{4,}$")]
    private static partial Regex YearValue();

    [GeneratedRegex("&#(x0*[dD]|0*13);")]
    private static partial Regex CarriageReturn();

    // An attribute whose value starts without a quote, inside a start tag (text content has its < encoded).
    [GeneratedRegex(@"<[a-zA-Z][a-zA-Z0-9-]*(\s+[a-zA-Z:-]+(=(""[^""]*""|'[^']*'))?)*\s+[a-zA-Z:-]+=[^""'\s>][^>]*>")]
    private static partial Regex UnquotedAttribute();
}

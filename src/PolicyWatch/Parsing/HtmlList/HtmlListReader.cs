using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using PolicyWatch.Catalog;
using PolicyWatch.Parsing.Dates;
using PolicyWatch.Parsing.Html;

namespace PolicyWatch.Parsing.HtmlList;

/// <summary>
/// Reads the rows of a page without a feed (a procedure's key-events table, a list of press
/// releases) with the CSS selectors of a source's <c>select</c> block.
/// </summary>
public static class HtmlListReader
{
    /// <summary>The rows of the page, in page order; rows without a title are skipped.</summary>
    /// <param name="pageUrl">Where the page was fetched from, to resolve links.</param>
    /// <exception cref="HtmlSelectException">
    /// A selector is invalid, <c>select.item</c> matched nothing, <c>select.title</c> matched nothing in any row,
    /// or the page is nested too deep to read.
    /// </exception>
    public static IReadOnlyList<HtmlRow> Read(string html, Uri pageUrl, HtmlSelect select)
    {
        var selectors = RowSelectors.TryParse(select, out var errors)
            ?? throw new HtmlSelectException(string.Join("; ", errors));
        PageDepth.EnsureReadable(html);
        var document = new HtmlParser().ParseDocument(html);
        var items = selectors.Item.All(document);
        if (items.Count == 0)
            throw new HtmlSelectException($"{selectors.Item.Describe()} matched nothing on the page");

        var baseUrl = BaseUrl(document, pageUrl);
        var titled = 0;
        var rows = new List<HtmlRow>(items.Count);
        foreach (var item in items)
        {
            var title = selectors.Title.First(item);
            if (title is null) continue;
            titled++;
            if (ReadRow(item, ElementText.Of(title), selectors, baseUrl, select.DateFormats) is { } row) rows.Add(row);
        }
        if (titled == 0)
            throw new HtmlSelectException(
                $"{selectors.Title.Describe()} matched nothing in any of the {items.Count} rows picked by {selectors.Item.Describe()}");
        return RowKeys.MakeUnique(rows);
    }

    /// <summary>Syntax check of every selector, for config validation; each message names its key.</summary>
    public static IReadOnlyList<string> ValidateSelectors(HtmlSelect select)
    {
        RowSelectors.TryParse(select, out var errors);
        return errors;
    }

    private static HtmlRow? ReadRow(
        IElement item, string title, RowSelectors selectors, Uri baseUrl, IReadOnlyList<string> dateFormats)
    {
        if (title.Length == 0) return null;
        var link = selectors.Link?.First(item) is { } anchor ? RowLink.Resolve(anchor, baseUrl) : null;
        var dateRaw = TextOf(selectors.Date, item);
        var key = link?.AbsoluteUri ?? TextOf(selectors.Key, item) ?? $"{dateRaw}|{title}";
        return new HtmlRow(
            key,
            title,
            link,
            dateRaw,
            FormattedDate.Parse(dateRaw, dateFormats),
            TextOf(selectors.Summary, item),
            TextOf(selectors.Stage, item),
            TextOf(selectors.Reference, item));
    }

    /// <summary>The text of the first match within the row; null when nothing matched or the text is empty.</summary>
    private static string? TextOf(NamedSelector? selector, IElement row) =>
        selector?.First(row) is { } element && ElementText.Of(element) is { Length: > 0 } text ? text : null;

    // A <base href> changes what relative links on the page mean.
    private static Uri BaseUrl(IDocument document, Uri pageUrl) =>
        document.QuerySelector("base[href]")?.GetAttribute("href") is { } href
        && Uri.TryCreate(pageUrl, href.Trim(), out var baseUrl)
            ? baseUrl
            : pageUrl;
}

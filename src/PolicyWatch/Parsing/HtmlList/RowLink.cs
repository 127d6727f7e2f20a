using AngleSharp.Dom;

namespace PolicyWatch.Parsing.HtmlList;

/// <summary>
/// The link of a row: the href of the picked element, or of the first link inside it. The page is
/// content, so its links are http(s) or nothing, even when the page itself is an operator's file:
/// a row link to file:///etc/passwd (or a relative one under &lt;base href="file:///"&gt;) would
/// otherwise be archived and published.
/// </summary>
internal static class RowLink
{
    public static Uri? Resolve(IElement picked, Uri baseUrl)
    {
        var href = picked.GetAttribute("href") ?? picked.QuerySelector("a[href]")?.GetAttribute("href");
        if (string.IsNullOrWhiteSpace(href)) return null;
        href = href.Trim();
        // "#" and javascript: links point nowhere; as keys they would merge every row into one.
        if (href == "#") return null;
        if (!Uri.TryCreate(baseUrl, href, out var url)) return null;
        return url.Scheme is "http" or "https" ? url : null;
    }
}

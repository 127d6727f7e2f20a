using AngleSharp.Dom;

namespace PolicyWatch.Parsing.Html;

/// <summary>The link of a row: the href of the picked element, or of the first link inside it.</summary>
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
        return url.Scheme is "http" or "https" or "file" ? url : null;
    }
}

using System.Xml;

namespace PolicyWatch.Parsing;

/// <summary>Relative URL resolution against xml:base and the document's own URL, and language tags.</summary>
internal static class FeedUrls
{
    /// <summary>The base URI in force inside the element the reader stands on.</summary>
    public static Uri? WithXmlBase(XmlReader reader, Uri? inherited)
    {
        var xmlBase = reader.GetAttribute("xml:base");
        if (string.IsNullOrWhiteSpace(xmlBase)) return inherited;
        xmlBase = xmlBase.Trim();
        if (HasScheme(xmlBase)) return Uri.TryCreate(xmlBase, UriKind.Absolute, out var absolute) ? absolute : inherited;
        return inherited is not null && Uri.TryCreate(inherited, xmlBase, out var resolved) ? resolved : inherited;
    }

    /// <summary>
    /// An absolute URL is returned exactly as written (ids are compared as strings, so no
    /// normalization); a relative one is resolved when a base is known.
    /// </summary>
    public static string? Resolve(string? url, Uri? baseUri)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        url = url.Trim();
        if (baseUri is null || HasScheme(url)) return url;
        return Uri.TryCreate(baseUri, url, out var resolved) ? resolved.AbsoluteUri : url;
    }

    // Uri.TryCreate(…, Absolute) takes "/path" for a file path on Unix, so test for a scheme ourselves.
    private static bool HasScheme(string url)
    {
        var colon = url.IndexOf(':');
        if (colon < 1 || !char.IsAsciiLetter(url[0])) return false;
        for (var i = 1; i < colon; i++)
            if (!(char.IsAsciiLetterOrDigit(url[i]) || url[i] is '+' or '-' or '.')) return false;
        return true;
    }

    /// <summary>en_US → en-US, as feedparser does.</summary>
    public static string? Language(string? tag) => ElementContent.Trimmed(tag)?.Replace('_', '-');
}

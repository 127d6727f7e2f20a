using System.Xml;
using PolicyWatch.Parsing.Xml;

namespace PolicyWatch.Parsing;

/// <summary>
/// Relative URLs, resolved the same way in every format: against the xml:base in scope (RFC 4287 2, XML Base:
/// a relative xml:base resolves against the base of its parent), else the document's own base (the address it
/// was fetched from; for RSS items, the channel's link, see <see cref="Rss.RssReader"/>). And language tags.
/// </summary>
internal static class FeedUrls
{
    /// <summary>
    /// The longest base URI relative URLs are resolved against. Every relative URL resolved grows by the base,
    /// so a 60 KB xml:base (or a redirect to a 60 KB URL) made each of twenty thousand one-letter links 60 KB
    /// long: a gigabyte and minutes from a feed of a few hundred kilobytes. 2,048 characters is more than any
    /// real base, as long as the longest URLs browsers have long accepted.
    /// </summary>
    public const int MaxBaseLength = 2048;

    /// <summary>
    /// The base URI in force inside the element the reader stands on; an xml:base too long to be a base is ignored.
    /// When no xml:base applies, <paramref name="inherited"/> itself is returned (the same object), so a reader can
    /// tell that its base is still the one it started from.
    /// </summary>
    public static Uri? WithXmlBase(XmlReader reader, Uri? inherited)
    {
        var xmlBase = reader.GetAttribute("xml:base");
        if (string.IsNullOrWhiteSpace(xmlBase) || xmlBase.Length > MaxBaseLength) return inherited;
        xmlBase = xmlBase.Trim();
        if (HasScheme(xmlBase)) return Uri.TryCreate(xmlBase, UriKind.Absolute, out var absolute) ? absolute : inherited;
        return inherited is not null && Uri.TryCreate(inherited, xmlBase, out var resolved) && resolved.AbsoluteUri.Length <= MaxBaseLength
            ? resolved
            : inherited;
    }

    /// <summary>
    /// An absolute URL is returned exactly as written (ids are compared as strings, so no
    /// normalization); a relative one is resolved when a base is known (and not longer than <see cref="MaxBaseLength"/>).
    /// </summary>
    public static string? Resolve(string? url, Uri? baseUri)
    {
        if (string.IsNullOrWhiteSpace(url)) return null;
        url = url.Trim();
        if (baseUri is null || HasScheme(url) || baseUri.AbsoluteUri.Length > MaxBaseLength) return url;
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

    // Attributes that hold URLs, resolved like the feed's own links (feedparser's list).
    private static readonly HashSet<string> UrlAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "href", "src", "cite", "longdesc", "poster", "action", "background", "codebase", "data", "usemap", "profile", "classid",
    };

    /// <summary>Whether an HTML attribute of this name holds a URL, to be resolved like a link.</summary>
    public static bool HoldsUrl(string attribute) => UrlAttributes.Contains(attribute);

    /// <summary>en_US → en-US, as feedparser does.</summary>
    public static string? Language(string? tag) => ElementContent.Trimmed(tag)?.Replace('_', '-');
}

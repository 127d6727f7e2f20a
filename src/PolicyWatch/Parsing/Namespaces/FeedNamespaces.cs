namespace PolicyWatch.Parsing.Namespaces;

/// <summary>The namespace URIs feed readers meet, and which of them count as the feed's own vocabulary.</summary>
internal static class FeedNamespaces
{
    public const string Atom10 = "http://www.w3.org/2005/Atom";
    public const string Atom03 = "http://purl.org/atom/ns#";
    public const string Rss10 = "http://purl.org/rss/1.0/";
    public const string Rss090 = "http://my.netscape.com/rdf/simple/0.9/";
    public const string Rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public const string Content = "http://purl.org/rss/1.0/modules/content/";
    public const string Dc = "http://purl.org/dc/elements/1.1/";
    public const string DcTerms = "http://purl.org/dc/terms/";
    public const string Media = "http://search.yahoo.com/mrss/";
    public const string ITunes = "http://www.itunes.com/dtds/podcast-1.0.dtd";
    public const string Xhtml = "http://www.w3.org/1999/xhtml";
    public const string Xml = "http://www.w3.org/XML/1998/namespace";
    public const string FeedHistory = "http://purl.org/syndication/history/1.0";

    /// <summary>Elements in these namespaces are read by local name alone (title, link, item…).</summary>
    public static bool IsCore(string ns) =>
        ns.Length == 0 || ns is Atom10 or Atom03 or Rss10 or Rss090 or "http://backend.userland.com/rss2" or "http://purl.org/net/rss1.1#";

    public static bool IsMedia(string ns) => ns.StartsWith("http://search.yahoo.com/mrss", StringComparison.Ordinal);

    /// <summary>Well-known prefixes, used to repair documents that use a prefix without declaring it.</summary>
    public static readonly IReadOnlyDictionary<string, string> ByPrefix = new Dictionary<string, string>
    {
        ["atom"] = Atom10, ["rdf"] = Rdf, ["content"] = Content, ["dc"] = Dc, ["dcterms"] = DcTerms,
        ["media"] = Media, ["itunes"] = ITunes, ["xhtml"] = Xhtml,
    };
}

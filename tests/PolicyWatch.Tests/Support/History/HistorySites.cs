namespace PolicyWatch.Tests.Support.History;

/// <summary>
/// Starts the sites a history backfill walks, each a real Kestrel server on its own 127.0.0.1 port
/// (so its own host for politeness), generated from parameters and recording every request.
/// Dispose each site when the test ends.
/// </summary>
public static class HistorySites
{
    /// <summary>An RFC 5005 archived feed: <c>/feed.atom</c> and <c>/archive/N.atom</c> (<c>.rss</c> for RSS).</summary>
    public static async Task<ArchivedFeedSite> StartArchivedFeedAsync(ArchivedFeedOptions? options = null) =>
        (ArchivedFeedSite)await new ArchivedFeedSite(options ?? new()).StartAsync();

    /// <summary>A paged feed: <c>/feed.xml</c> and <c>/feed.xml?page=N</c>.</summary>
    public static async Task<PagedFeedSite> StartPagedFeedAsync(PagedFeedOptions? options = null) =>
        (PagedFeedSite)await new PagedFeedSite(options ?? new()).StartAsync();

    /// <summary>A WordPress site: <c>/feed/?paged=N</c>, <c>/?s=TERM&amp;feed=rss2</c>, <c>/wp-json/wp/v2/posts</c>.</summary>
    public static async Task<WordPressSite> StartWordPressAsync(WordPressOptions? options = null) =>
        (WordPressSite)await new WordPressSite(options ?? new()).StartAsync();

    /// <summary>The Internet Archive for one feed: <c>/cdx/search/cdx</c> and <c>/web/{timestamp}id_/{original}</c>.</summary>
    public static async Task<WaybackSite> StartWaybackAsync(WaybackOptions? options = null) =>
        (WaybackSite)await new WaybackSite(options ?? new()).StartAsync();
}

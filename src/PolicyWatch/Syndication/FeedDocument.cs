namespace PolicyWatch.Syndication;

/// <summary>One feed we publish, in one shape for every output format.</summary>
/// <param name="Id">Stable identity of the feed (a tag: URI), the same whatever host serves it.</param>
/// <param name="SelfUrl">The absolute URL of this very document (Atom rel=self, JSON Feed feed_url).</param>
/// <param name="HomeUrl">The site page showing the same view.</param>
public sealed record FeedDocument(
    string Id,
    string Title,
    string? Subtitle,
    Uri SelfUrl,
    Uri HomeUrl,
    DateTimeOffset Updated,
    IReadOnlyList<FeedEntry> Entries);

/// <summary>One entry of a published feed: an item, or a digest of a period.</summary>
/// <param name="Id">Stable, unique identity (a tag: URI); never the host-dependent page URL.</param>
/// <param name="Link">Where the entry points first: the original article for items, our page for digests.</param>
/// <param name="ItemPage">Our own page for the entry (Atom rel=related), absolute.</param>
/// <param name="Authors">Who wrote it, one person or organisation each, in order; none for digests.</param>
/// <param name="ContentHtml">Sanitized HTML; for digests the whole summary.</param>
public sealed record FeedEntry(
    string Id,
    string Title,
    Uri? Link,
    Uri? ItemPage,
    DateTimeOffset Published,
    DateTimeOffset Updated,
    IReadOnlyList<string> Authors,
    string? ContentHtml,
    string? SummaryText,
    IReadOnlyList<FeedCategory> Categories,
    EntrySource? Source);

/// <summary>A tag on an entry: its term (the id), a readable label and the scheme it comes from.</summary>
public sealed record FeedCategory(string Term, string Label, Uri Scheme);

/// <summary>The publisher the entry came from, for Atom/RSS source elements.</summary>
/// <param name="FeedUrl">The publisher's own feed (RSS source url, Atom source link rel=self); null when it has none.</param>
/// <param name="SiteUrl">The publisher's site (Atom source link rel=alternate).</param>
/// <param name="Updated">When we last took the entry from the source: the source as we copied it (Atom source updated).</param>
public sealed record EntrySource(string Id, string Title, Uri? FeedUrl, Uri? SiteUrl, DateTimeOffset Updated);

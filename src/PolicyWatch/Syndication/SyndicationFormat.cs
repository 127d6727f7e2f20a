namespace PolicyWatch.Syndication;

/// <summary>The three formats every view is published in, by file extension.</summary>
public enum SyndicationFormat { Atom, Rss, Json }

public static class SyndicationFormats
{
    public static readonly IReadOnlyList<SyndicationFormat> All = [SyndicationFormat.Atom, SyndicationFormat.Rss, SyndicationFormat.Json];

    /// <summary>Reads an extension as used in our feed URLs: atom, rss or json.</summary>
    public static bool TryParse(string? extension, out SyndicationFormat format)
    {
        format = extension switch
        {
            "atom" => SyndicationFormat.Atom,
            "rss" => SyndicationFormat.Rss,
            "json" => SyndicationFormat.Json,
            _ => (SyndicationFormat)(-1),
        };
        return Enum.IsDefined(format);
    }

    public static string Extension(this SyndicationFormat format) => format switch
    {
        SyndicationFormat.Atom => "atom",
        SyndicationFormat.Rss => "rss",
        _ => "json",
    };

    public static string ContentType(this SyndicationFormat format) => format switch
    {
        SyndicationFormat.Atom => "application/atom+xml; charset=utf-8",
        SyndicationFormat.Rss => "application/rss+xml; charset=utf-8",
        _ => "application/feed+json; charset=utf-8",
    };

    public static Task WriteAsync(this SyndicationFormat format, FeedDocument feed, Stream output, CancellationToken cancellationToken = default) =>
        format switch
        {
            SyndicationFormat.Atom => AtomWriter.WriteAsync(feed, output, cancellationToken),
            SyndicationFormat.Rss => RssWriter.WriteAsync(feed, output, cancellationToken),
            _ => JsonFeedWriter.WriteAsync(feed, output, cancellationToken),
        };
}

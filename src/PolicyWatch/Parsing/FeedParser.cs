namespace PolicyWatch.Parsing;

/// <summary>
/// The one entry point for reading feeds: detects the format from the document itself
/// and hands off to that format's reader.
/// </summary>
public static class FeedParser
{
    /// <param name="body">The bytes as fetched.</param>
    /// <param name="contentType">The HTTP Content-Type, for its charset only; null for files.</param>
    /// <param name="documentUrl">Where the document came from, to resolve relative links.</param>
    /// <exception cref="FeedParseException">Nothing usable could be read.</exception>
    public static ParsedFeed Parse(ReadOnlySpan<byte> body, string? contentType, Uri? documentUrl) =>
        BasicFeedReader.Read(body, contentType, documentUrl);
}

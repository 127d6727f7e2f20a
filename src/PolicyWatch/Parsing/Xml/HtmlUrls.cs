namespace PolicyWatch.Parsing.Xml;

/// <summary>
/// Resolves the URL attributes of one HTML value (a summary, a content) against the base in scope, within a
/// bound: resolving may add as many characters as the value has, and 64 KB more. Each relative URL grows by
/// its base (up to <see cref="FeedUrls.MaxBaseLength"/>), so a description of a hundred thousand one-letter
/// links under a 2 KB base became 200 MB and took seconds. Past the bound, URLs stay as written, and the
/// normalizer resolves what it keeps of them against the document.
/// </summary>
internal sealed class HtmlUrls
{
    private const int Allowance = 65_536;

    /// <summary>The characters resolving has added so far.</summary>
    public long Added { get; private set; }

    /// <summary>
    /// The URL as <see cref="FeedUrls.Resolve"/> gives it, or as written (trimmed) once resolving would go over the
    /// bound; null for an attribute that holds no URL, or a blank URL.
    /// </summary>
    /// <param name="valueLength">How long the value is as the feed wrote it (or as much of it as has been read).</param>
    public string? Resolve(string attribute, string url, Uri? baseUri, long valueLength)
    {
        if (!FeedUrls.HoldsUrl(attribute)) return null;
        // Resolving adds at most the base: past the bound a URL is not even resolved, so hostile markup costs no work.
        var within = Added + (baseUri?.AbsoluteUri.Length ?? 0) <= valueLength + Allowance;
        if (FeedUrls.Resolve(url, within ? baseUri : null) is not { } resolved) return null;
        Added += Math.Max(0, resolved.Length - url.Length);
        return resolved;
    }
}

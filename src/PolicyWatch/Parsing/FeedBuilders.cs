namespace PolicyWatch.Parsing;

/// <summary>The channel-level fields as a format reader meets them; the first value found wins.</summary>
internal sealed class FeedHeaderBuilder
{
    public string? Title, Link, Subtitle, Language, Generator;
    public FeedDate? Updated, Published;
    public bool IsArchive, IsComplete;
    public readonly Dictionary<string, string> Relations = new(StringComparer.Ordinal);

    public FeedHeader Build() => new(Title, Link, Subtitle, Language, Updated ?? Published)
    {
        Relations = Relations, Generator = Generator, IsArchive = IsArchive, IsComplete = IsComplete,
    };
}

/// <summary>One item or entry as a format reader meets its elements.</summary>
internal sealed class EntryBuilder
{
    public string? Id, Title, Link, PermalinkGuid, Summary, Content, Author, ImageUrl;
    public FeedDate? Published, Updated;
    public readonly List<string> Authors = [];
    public readonly List<string> Categories = [];
    public readonly List<Enclosure> Enclosures = [];

    // Sets beside the lists: searching the list for a duplicate made an item with 100,000 authors quadratic.
    private readonly HashSet<string> authorNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> enclosureUrls = new(StringComparer.Ordinal);

    public void AddAuthor(string? name)
    {
        if (string.IsNullOrEmpty(name)) return;
        Author ??= name;
        if (authorNames.Add(name)) Authors.Add(name);
    }

    public void AddCategory(string? term)
    {
        if (!string.IsNullOrEmpty(term)) Categories.Add(term);
    }

    public void AddEnclosure(string? url, string? type, string? length)
    {
        if (string.IsNullOrEmpty(url) || !enclosureUrls.Add(url)) return;
        long? size = long.TryParse(length, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        Enclosures.Add(new Enclosure(url, string.IsNullOrEmpty(type) ? null : type, size));
    }

    // As in feedparser: a guid that is a permalink stands in for a missing <link>, content for a missing summary.
    public ParsedEntry Build() => new(Id, Title, Link ?? PermalinkGuid, Summary ?? Content, Content, Published, Updated, Author,
        Authors, Categories, Enclosures) { ImageUrl = ImageUrl };
}

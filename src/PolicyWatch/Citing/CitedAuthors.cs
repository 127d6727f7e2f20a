namespace PolicyWatch.Citing;

/// <summary>An item's authors, read once, and how they relate to its publisher.</summary>
internal sealed class CitedAuthors
{
    private CitedAuthors(IReadOnlyList<AuthorName> names, string publisher)
    {
        Names = names;
        Publisher = publisher;
        IsPublisher = names is [{ IsLiteral: true } only]
            && string.Equals(only.Literal, publisher, StringComparison.OrdinalIgnoreCase);
    }

    public IReadOnlyList<AuthorName> Names { get; }

    /// <summary>The publisher's name, one line ("" when the item has none).</summary>
    public string Publisher { get; }

    /// <summary>The only author is the publisher itself, so styles name it once, not twice.</summary>
    public bool IsPublisher { get; }

    public int Count => Names.Count;

    public static CitedAuthors Of(CitableItem item)
    {
        var publisher = CitationText.Clean(item.Publisher);
        var names = item.Authors
            .Where(a => !string.IsNullOrWhiteSpace(a))
            .Select(a => AuthorName.Parse(a, publisher))
            .ToList();
        return new CitedAuthors(names, publisher);
    }

    /// <summary>The authors, or when there are none the publisher as a group author.</summary>
    public IReadOnlyList<AuthorName> OrPublisher() =>
        Names.Count > 0 || Publisher.Length == 0 ? Names : [AuthorName.Organisation(Publisher)];
}

using PolicyWatch.Catalog;

namespace PolicyWatch.Storage;

/// <summary>The one filter every view shares, carried in the query string.</summary>
public sealed record ItemFilter
{
    public string? Jurisdiction { get; init; }
    public string? Dossier { get; init; }
    public string? Topic { get; init; }
    public string? Source { get; init; }
    public ItemKind? Kind { get; init; }

    /// <summary>Published on or after this instant.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Published before this instant.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>
    /// Full-text search, as people type it: words (all must match), "phrases", prefix*, OR, AND, NOT, -word
    /// and (brackets); operators only in capitals. See <see cref="Search.SearchExpression"/>.
    /// </summary>
    public string? Q { get; init; }

    /// <summary>With <see cref="Q"/>: rank by relevance (default) or by date.</summary>
    public ItemOrder Order { get; init; } = ItemOrder.Relevance;

    /// <summary>
    /// A story (the same event from several sources) is listed once (default), by the first of its items in
    /// the view: its lead when the view holds the lead, else the earliest of its items the view holds. False:
    /// every item, as exports list them.
    /// </summary>
    public bool CollapseStories { get; init; } = true;
}

public enum ItemOrder { Relevance, Date }

/// <summary>
/// One page of a view, and the cursor for the next (older or less relevant) one; null at the end.
/// A cursor belongs to its order: a date cursor (published_at, id) or a relevance cursor (bm25 score, id).
/// </summary>
public sealed record ItemPage(IReadOnlyList<TimelineItem> Items, string? Next);

/// <summary>The cursor in a query string could not be read: tampered with or from another view.</summary>
public sealed class InvalidCursorException(string message) : Exception(message);

/// <summary>The search text cannot be understood; the message says why in words a reader can act on.</summary>
public sealed class InvalidSearchException(string message) : Exception(message);

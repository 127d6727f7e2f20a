namespace PolicyWatch.Storage.Search;

/// <summary>
/// A search as <see cref="SearchExpression.Parse"/> reads it, before any database's syntax: SQLite's FTS5 text
/// (<see cref="SearchExpression.Translate"/>) and PostgreSQL's tsquery are both written from it.
/// </summary>
public abstract record SearchNode;

/// <summary>A word or a "phrase" (its words in order, separators as single spaces); with <paramref name="Prefix"/>, its last word is a prefix.</summary>
public sealed record SearchTerm(string Text, bool Prefix) : SearchNode;

/// <summary>Every part must match (two or more parts).</summary>
public sealed record SearchAll(IReadOnlyList<SearchNode> Parts) : SearchNode;

/// <summary>At least one part must match (two or more parts).</summary>
public sealed record SearchAny(IReadOnlyList<SearchNode> Parts) : SearchNode;

/// <summary><paramref name="Wanted"/> matches and <paramref name="LeftOut"/> does not.</summary>
public sealed record SearchExcept(SearchNode Wanted, SearchNode LeftOut) : SearchNode;

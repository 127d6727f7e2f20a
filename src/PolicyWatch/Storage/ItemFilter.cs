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
}

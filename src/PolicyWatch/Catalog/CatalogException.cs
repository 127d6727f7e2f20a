namespace PolicyWatch.Catalog;

/// <summary>One thing wrong in feeds.json, at a JSON path such as <c>sources[3].every</c>.</summary>
public sealed record CatalogError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}

/// <summary>feeds.json cannot be used; <see cref="Errors"/> lists every problem found, not just the first.</summary>
public sealed class CatalogException(string file, IReadOnlyList<CatalogError> errors)
    : Exception(Describe(file, errors))
{
    public string File { get; } = file;
    public IReadOnlyList<CatalogError> Errors { get; } = errors;

    private static string Describe(string file, IReadOnlyList<CatalogError> errors) =>
        $"{file} is invalid ({errors.Count} error{(errors.Count == 1 ? "" : "s")}):"
        + string.Concat(errors.Select(e => $"{Environment.NewLine}  {e}"));
}

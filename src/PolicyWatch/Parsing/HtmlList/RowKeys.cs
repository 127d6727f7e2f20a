namespace PolicyWatch.Parsing.HtmlList;

/// <summary>Keeps row keys unique on a page, so no two rows update the same item.</summary>
internal static class RowKeys
{
    /// <summary>
    /// Rows that share a key (two events linking the same document) all get the date and title
    /// appended: otherwise each crawl would overwrite one with the other.
    /// </summary>
    public static IReadOnlyList<HtmlRow> MakeUnique(List<HtmlRow> rows)
    {
        var shared = rows.GroupBy(r => r.Key, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => g.Key)
            .ToHashSet(StringComparer.Ordinal);
        if (shared.Count == 0) return rows;
        return [.. rows.Select(r => shared.Contains(r.Key) ? r with { Key = $"{r.Key}|{r.DateRaw}|{r.Title}" } : r)];
    }
}

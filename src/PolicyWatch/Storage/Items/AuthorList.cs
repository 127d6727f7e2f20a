using Microsoft.Data.Sqlite;
using PolicyWatch.Normalizing;

namespace PolicyWatch.Storage;

/// <summary>
/// An item's authors as the <c>items</c> table keeps them: <c>authors</c>, the names in order, one a line (a name
/// never holds a line break: <see cref="AuthorNames"/> collapses whitespace), readable in the sqlite3 shell; and
/// <c>author</c>, the display line ("Jane Doe; John Roe"), for anything that wants one string.
/// </summary>
internal static class AuthorList
{
    /// <summary>Characters of <c>authors</c> a read model reads: the most a stored list can hold under the limits.</summary>
    internal const int MaxStoredLength = TextLimits.Authors * (TextLimits.Author + 1);

    /// <summary>The <c>authors</c> value of a list: null when it is empty.</summary>
    public static string? Encode(IReadOnlyList<string> names) => names.Count == 0 ? null : string.Join('\n', names);

    /// <summary>The names of an <c>authors</c> value, within the limits even for a row written by hand.</summary>
    public static IReadOnlyList<string> Decode(string? stored) =>
        stored is null ? []
            : stored.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Take(TextLimits.Authors).Select(name => TextLimits.Cut(name, TextLimits.Author)).ToList();

    /// <summary>The <c>author</c> value of a list: the names joined by "; ", within the author limit.</summary>
    public static string? DisplayLine(IReadOnlyList<string> names) =>
        names.Count == 0 ? null : TextLimits.Cut(string.Join("; ", names), TextLimits.Author);

    /// <summary>
    /// SQL reading the <c>authors</c> column of table <paramref name="alias"/>, no longer than a list under the
    /// limits (<see cref="Decode"/> then keeps whole names only).
    /// </summary>
    public static string Column(string alias) => $"substr({alias}.authors, 1, {MaxStoredLength})";

    /// <summary>
    /// Adds <c>split_authors(author, publisher)</c> to the connection that migrates: the <c>authors</c> value of a
    /// creator string stored before migration 13, split by the rules new items are split by.
    /// </summary>
    internal static void RegisterForMigration(SqliteConnection connection) =>
        connection.CreateFunction<string?, string?, string?>("split_authors",
            (author, publisher) => author is null ? null : Encode(AuthorNames.Read([author], publisher, out _)), isDeterministic: true);
}

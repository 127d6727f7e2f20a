namespace PolicyWatch.Storage.Postgres.Copying;

/// <summary>Where a copy is: a table being copied, <see cref="Rows"/> of <see cref="Total"/> so far.</summary>
/// <param name="Number">The table's place in the copy, from 1 to <paramref name="Tables"/>.</param>
/// <param name="Done">The table is finished (reported once per table, after its last row).</param>
public sealed record CopyProgress(string Table, int Number, int Tables, long Rows, long Total, bool Done);

/// <summary>A table as copied: its rows, and the id the next new row will get where the table numbers its rows.</summary>
public sealed record CopiedTable(string Name, long Rows, long? NextId);

/// <summary>A finished copy. Every table's count was checked against the SQLite file before it was committed.</summary>
/// <param name="Source">The SQLite file, as a full path.</param>
/// <param name="Target">The PostgreSQL database, as <see cref="PostgresConnectionString.Describe"/> says it: never the password.</param>
/// <param name="NulsReplaced">
/// Texts that held a NUL character, which PostgreSQL's text cannot hold: each NUL was written as U+FFFD, as HTML parsers
/// do. Zero for anything PolicyWatch stored itself through a feed's text, which drops control characters.
/// </param>
public sealed record CopyReport(string Source, string Target, IReadOnlyList<CopiedTable> Tables, int NulsReplaced, TimeSpan Elapsed)
{
    public long Rows => Tables.Sum(t => t.Rows);
}

/// <summary>
/// The copy was refused before anything was written: the target is not empty, the source is not there or not at this
/// build's schema, or the two schemas differ. The message says which and what to do.
/// </summary>
public sealed class CopyRefusedException(string message) : Exception(message);

/// <summary>
/// The copy failed partway (a value PostgreSQL would not take, the server gone, a constraint): everything it had written
/// was rolled back with its transaction, so the target is as it was before.
/// </summary>
public sealed class CopyFailedException(string message, Exception? inner = null) : Exception(message, inner);

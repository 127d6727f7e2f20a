using System.Data;
using Npgsql;
using PolicyWatch.Storage.Postgres;
using PolicyWatch.Storage.Sqlite;

namespace PolicyWatch.Storage;

/// <summary>
/// The few things the two engines say differently, so a store writes each statement once and asks its connection's
/// dialect for the fragment that differs. Everything else is one text on both: <c>INSERT … ON CONFLICT</c>,
/// <c>RETURNING</c>, flags written bare (<c>WHERE in_catalog</c>, <c>NOT gone</c>) with C# bools as parameters,
/// instants as <see cref="DateTimeOffset"/> parameters (<see cref="UtcTimestamp"/>), days as <see cref="DateOnly"/>
/// (<see cref="StoredDay"/>), and <c>pack()</c>/<c>unpack()</c>.
/// </summary>
internal abstract class SqlDialect
{
    /// <summary>The dialect of the engine <paramref name="connection"/> is open on.</summary>
    public static SqlDialect Of(IDbConnection connection) => connection is NpgsqlConnection ? PostgresDialect.Instance : SqliteDialect.Instance;

    /// <summary>
    /// <paramref name="column"/> is one of the values of <paramref name="list"/>, a parameter holding an array. (Dapper
    /// spreads a list into a parameter per value for SQLite's <c>IN</c>, and gives it to Npgsql whole, as an array.)
    /// </summary>
    public abstract string In(string column, string list);

    /// <summary><paramref name="column"/> is none of the values of <paramref name="list"/> (true when the list is empty).</summary>
    public abstract string NotIn(string column, string list);

    /// <summary>
    /// The rows of <paramref name="parameter"/>, a list given as <see cref="Integers"/> makes it, as a table of one column
    /// named <c>value</c>: one statement whatever the number of values.
    /// </summary>
    public abstract string Rows(string parameter);

    /// <summary>A list of integers as <see cref="Rows"/> reads it.</summary>
    public abstract object Integers(IEnumerable<long> values);

    /// <summary>
    /// Makes the query read <paramref name="table"/> through <paramref name="index"/>, written after the table (and its
    /// alias): SQLite's planner does not always pick a partial index by itself; PostgreSQL's does, and has no hints.
    /// </summary>
    public abstract string IndexedBy(string index);

    /// <summary>
    /// A join the planner must do in the order written, the table before it first (<c>FROM a {JoinInOrder} b ON …</c>):
    /// SQLite's <c>CROSS JOIN</c>, which its planner never reorders; PostgreSQL's planner orders joins well by itself,
    /// and its <c>CROSS JOIN</c> takes no <c>ON</c>.
    /// </summary>
    public abstract string JoinInOrder { get; }

    /// <summary>The Monday (UTC) of the week <paramref name="instant"/> falls in, as a day (activity_weeks' <c>week</c>).</summary>
    public abstract string WeekOf(string instant);
}

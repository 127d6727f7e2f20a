using System.Data.Common;
using Npgsql;

namespace PolicyWatch.Storage;

/// <summary>
/// What SQLite and PostgreSQL spell differently in the SQL the stores share, in one place, so that a query is written
/// once with the difference named. So far: a parameter holding a list of values. Dapper expands <c>IN @Ids</c> into one
/// parameter a value for SQLite, but hands Npgsql the list as one array, which PostgreSQL compares with
/// <c>= ANY(…)</c> (and <c>IN $1</c> is a syntax error there).
/// </summary>
internal sealed class SqlDialect
{
    public static readonly SqlDialect Sqlite = new("{0} IN {1}");
    public static readonly SqlDialect Postgres = new("{0} = ANY({1})");

    private readonly string _inList;

    private SqlDialect(string inList) => _inList = inList;

    /// <summary>The dialect of the engine behind <paramref name="connection"/>.</summary>
    public static SqlDialect Of(DbConnection connection) => connection is NpgsqlConnection ? Postgres : Sqlite;

    /// <summary>
    /// "<paramref name="expression"/> is one of the values in the list parameter <paramref name="parameter"/>" (a
    /// <c>long[]</c> or another array: Npgsql sends arrays, not every collection).
    /// </summary>
    public string InList(string expression, string parameter) => string.Format(System.Globalization.CultureInfo.InvariantCulture, _inList, expression, parameter);
}

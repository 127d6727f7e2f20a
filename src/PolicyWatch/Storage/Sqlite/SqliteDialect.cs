using System.Globalization;

namespace PolicyWatch.Storage.Sqlite;

/// <summary>SQLite's words for what <see cref="SqlDialect"/> lists.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    private SqliteDialect()
    {
    }

    public override string In(string column, string list) => $"{column} IN {list}";

    public override string NotIn(string column, string list) => $"{column} NOT IN {list}";

    // A JSON array: one parameter whatever its length (a parameter per value costs several times more).
    public override string Rows(string parameter) => $"json_each({parameter})";

    public override object Integers(IEnumerable<long> values) =>
        "[" + string.Join(',', values.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]";

    public override string IndexedBy(string index) => $"INDEXED BY {index}";

    public override string JoinInOrder => "CROSS JOIN";

    public override string WeekOf(string instant) => $"date({instant}, '-6 days', 'weekday 1')";
}

namespace PolicyWatch.Storage.Postgres;

/// <summary>PostgreSQL's words for what <see cref="SqlDialect"/> lists.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    public static readonly PostgresDialect Instance = new();

    private PostgresDialect()
    {
    }

    public override string In(string column, string list) => $"{column} = ANY({list})";

    public override string NotIn(string column, string list) => $"{column} <> ALL({list})";

    public override string Rows(string parameter) => $"unnest({parameter}) AS rows(value)";

    public override object Integers(IEnumerable<long> values) => values.ToArray();

    // The planner chooses partial indexes itself.
    public override string IndexedBy(string index) => "";

    public override string JoinInOrder => "JOIN";

    // The schema's own function (PostgresSchema), which the activity triggers count by.
    public override string WeekOf(string instant) => $"activity_week({instant})";
}

using System.Data;
using System.Globalization;
using Dapper;

namespace PolicyWatch.Storage;

/// <summary>
/// Every instant is stored in SQLite as UTC text, <c>2024-05-28T09:30:00Z</c>: readable in the sqlite3
/// shell, sorts as time, and portable to other databases. PostgreSQL stores it as <c>timestamptz</c>: Dapper's one
/// handler for <see cref="DateTimeOffset"/> sends Npgsql a UTC <see cref="DateTime"/> and reads either form back.
/// </summary>
public static class UtcTimestamp
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    public static string ToText(DateTimeOffset value) =>
        value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    private static int _registered;

    internal static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new Handler());
    }

    private sealed class Handler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            if (parameter is Npgsql.NpgsqlParameter postgres)
            {
                postgres.NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz;
                // Whole seconds, as SQLite's text keeps them: a value read back compares equal to the one written.
                postgres.Value = new DateTime(value.UtcTicks - value.UtcTicks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
                return;
            }
            parameter.DbType = DbType.String;
            parameter.Value = ToText(value);
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTime utc => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)),
            DateTimeOffset instant => instant.ToUniversalTime(),
            _ => UtcTimestamp.Parse((string)value),
        };
    }
}

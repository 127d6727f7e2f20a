using System.Data;
using System.Globalization;
using Dapper;

namespace PolicyWatch.Storage;

/// <summary>
/// A day (an activity week's Monday, a history walk's horizon) is stored in SQLite as <c>yyyy-MM-dd</c> text, which
/// sorts as time, and in PostgreSQL as <c>date</c>. Dapper's one handler for <see cref="DateOnly"/> sends each engine
/// its own and reads either back, as <see cref="UtcTimestamp"/> does for instants.
/// </summary>
public static class StoredDay
{
    public const string Format = "yyyy-MM-dd";

    public static string ToText(DateOnly day) => day.ToString(Format, CultureInfo.InvariantCulture);

    public static DateOnly Parse(string text) => DateOnly.ParseExact(text, Format, CultureInfo.InvariantCulture);

    private static int _registered;

    internal static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        SqlMapper.RemoveTypeMap(typeof(DateOnly));
        SqlMapper.RemoveTypeMap(typeof(DateOnly?));
        SqlMapper.AddTypeHandler(new Handler());
    }

    private sealed class Handler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            if (parameter is Npgsql.NpgsqlParameter postgres)
            {
                postgres.NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Date;
                postgres.Value = value;
                return;
            }
            parameter.DbType = DbType.String;
            parameter.Value = ToText(value);
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly day => day,
            DateTime date => DateOnly.FromDateTime(date),
            _ => StoredDay.Parse((string)value),
        };
    }
}

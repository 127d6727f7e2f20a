using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace PolicyWatch.Storage.Postgres.Copying;

/// <summary>The PostgreSQL column types a copy writes into, each with its reading of a SQLite value.</summary>
internal enum ColumnType { Boolean, SmallInt, Integer, BigInt, Double, Text, Json, Jsonb, Timestamptz, Date, Bytea }

/// <summary>
/// One SQLite value as the PostgreSQL column takes it, by the column's type rather than by the table, so a column
/// added later is copied without a change here (PostgresSchema's header says how each kind of value maps):
/// <list type="bullet">
/// <item>UTC text instants (<see cref="UtcTimestamp"/>) become <c>timestamptz</c>, cut to the second as the stores cut
/// them. Other spellings SQLite's own functions write (<c>2024-05-28 09:30:00</c>, fractions, offsets) are the same
/// instants and are read too; anything else stops the copy, naming the row.</item>
/// <item><c>yyyy-MM-dd</c> days become <c>date</c>; 0/1 integers become <c>boolean</c>.</item>
/// <item>A BLOB where PostgreSQL has text is a packed text (<see cref="StoredText"/>) and is unpacked, so which
/// columns are packed need not be listed.</item>
/// <item>A NUL character, which PostgreSQL's text cannot hold, is written as U+FFFD and counted.</item>
/// </list>
/// </summary>
internal static class ColumnValues
{
    /// <summary>The column type for PostgreSQL's type name (<c>pg_type.typname</c>), or null for one a copy cannot write.</summary>
    public static ColumnType? TypeOf(string typeName) => typeName switch
    {
        "bool" => ColumnType.Boolean,
        "int2" => ColumnType.SmallInt,
        "int4" => ColumnType.Integer,
        "int8" => ColumnType.BigInt,
        "float8" => ColumnType.Double,
        "text" or "varchar" => ColumnType.Text,
        "json" => ColumnType.Json,
        "jsonb" => ColumnType.Jsonb,
        "timestamptz" => ColumnType.Timestamptz,
        "date" => ColumnType.Date,
        "bytea" => ColumnType.Bytea,
        _ => null,
    };

    /// <summary>The spellings of an instant read, the stores' own first.</summary>
    private static readonly string[] InstantFormats =
    [
        UtcTimestamp.Format, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:sszzz", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
        "yyyy-MM-dd HH:mm:sszzz", "yyyy-MM-dd",
    ];

    /// <summary>Writes <paramref name="value"/> (as the SQLite reader gives it) into the current row's next column.</summary>
    /// <returns>Whether a NUL was replaced in it.</returns>
    /// <exception cref="FormatException">The value cannot be what the column holds; the message says what it is.</exception>
    public static async ValueTask<bool> WriteAsync(NpgsqlBinaryImporter import, ColumnType type, object? value, CancellationToken cancellationToken)
    {
        if (value is null or DBNull)
        {
            await import.WriteNullAsync(cancellationToken);
            return false;
        }
        switch (type)
        {
            case ColumnType.Boolean: await import.WriteAsync(Boolean(value), NpgsqlDbType.Boolean, cancellationToken); break;
            case ColumnType.SmallInt: await import.WriteAsync((short)Whole(value, short.MinValue, short.MaxValue), NpgsqlDbType.Smallint, cancellationToken); break;
            case ColumnType.Integer: await import.WriteAsync((int)Whole(value, int.MinValue, int.MaxValue), NpgsqlDbType.Integer, cancellationToken); break;
            case ColumnType.BigInt: await import.WriteAsync(Whole(value), NpgsqlDbType.Bigint, cancellationToken); break;
            case ColumnType.Double: await import.WriteAsync(Real(value), NpgsqlDbType.Double, cancellationToken); break;
            case ColumnType.Timestamptz: await import.WriteAsync(Instant(value), NpgsqlDbType.TimestampTz, cancellationToken); break;
            case ColumnType.Date: await import.WriteAsync(Day(value), NpgsqlDbType.Date, cancellationToken); break;
            case ColumnType.Bytea: await import.WriteAsync(value as byte[] ?? Encoding.UTF8.GetBytes(Text(value)), NpgsqlDbType.Bytea, cancellationToken); break;
            default:
                var text = Text(value);
                var replaced = text.Contains('\0', StringComparison.Ordinal);
                if (replaced) text = text.Replace('\0', '\uFFFD');
                var textType = type switch { ColumnType.Json => NpgsqlDbType.Json, ColumnType.Jsonb => NpgsqlDbType.Jsonb, _ => NpgsqlDbType.Text };
                await import.WriteAsync(text, textType, cancellationToken);
                return replaced;
        }
        return false;
    }

    private static bool Boolean(object value) => value switch
    {
        0L or 0.0 => false,
        1L or 1.0 => true,
        _ => throw new FormatException($"{Show(value)} is not a flag (0 or 1)"),
    };

    private static long Whole(object value, long min = long.MinValue, long max = long.MaxValue)
    {
        var whole = value switch
        {
            long integer => integer,
            double real when real == Math.Floor(real) && real is >= long.MinValue and < long.MaxValue => (long)real,
            _ => throw new FormatException($"{Show(value)} is not a whole number"),
        };
        return whole >= min && whole <= max ? whole : throw new FormatException($"{Show(value)} does not fit the column (from {min} to {max})");
    }

    private static double Real(object value) => value switch
    {
        long whole => whole,
        double real => real,
        _ => throw new FormatException($"{Show(value)} is not a number"),
    };

    internal static DateTime Instant(object value)
    {
        if (value is string text && DateTimeOffset.TryParseExact(text, InstantFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            var utc = instant.UtcDateTime;
            return new DateTime(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        }
        throw new FormatException($"{Show(value)} is not an instant such as 2024-05-28T09:30:00Z");
    }

    private static DateOnly Day(object value) =>
        value is string text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new FormatException($"{Show(value)} is not a day such as 2024-05-27");

    private static string Text(object value) => value switch
    {
        string text => text,
        byte[] packed => Unpacked(packed),
        long whole => whole.ToString(CultureInfo.InvariantCulture),
        double real => real.ToString("R", CultureInfo.InvariantCulture),
        _ => throw new FormatException($"{Show(value)} is not text"),
    };

    private static string Unpacked(byte[] packed)
    {
        try
        {
            return StoredText.Unpack(packed)!;
        }
        catch (InvalidDataException e)
        {
            throw new FormatException($"a BLOB of {packed.Length} bytes where PostgreSQL holds text, and not a packed text ({e.Message})", e);
        }
    }

    /// <summary>A value as an error message shows it: short, and plain about what it is.</summary>
    private static string Show(object value) => value switch
    {
        string text => $"the text \"{(text.Length > 60 ? text[..60] + "…" : text)}\"",
        byte[] blob => $"a BLOB of {blob.Length} bytes",
        _ => $"the {(value is double ? "number" : "integer")} {Convert.ToString(value, CultureInfo.InvariantCulture)}",
    };
}

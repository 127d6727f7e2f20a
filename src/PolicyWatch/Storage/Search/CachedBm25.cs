using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using static PolicyWatch.Storage.Search.Fts5Native;

namespace PolicyWatch.Storage.Search;

/// <summary>
/// <c>pw_rank(items_fts, key, w0, w1, ...)</c>: FTS5's bm25, same formula and column weights, except that
/// each phrase's document count (its idf) comes from <see cref="PhraseHits"/> under <c>key</c>, the MATCH
/// text. bm25 counts every phrase with a scan of its posting list on every query, as costly as finding the
/// matches (~20 ms for a common phrase at a million items); a repeated search or its next page skips that.
/// </summary>
internal static unsafe class CachedBm25
{
    public const string Name = "pw_rank";

    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, Registration> Registered = new();

    /// <summary>Adds pw_rank to the connection's FTS5 once per native connection: a pooled one keeps it, and FTS5 would keep every copy.</summary>
    internal static void Register(SqliteConnection connection)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException($"open the connection before adding {Name}");
        if (Registered.TryGetValue(handle, out _)) return;
        var registration = new Registration(connection.DataSource);
        CreateFunction(handle.DangerousGetHandle(), registration);
        Registered.Add(handle, registration);
    }

    /// <summary>What pw_rank did on this native connection, if it has it.</summary>
    internal static Registration? RegistrationOf(SqliteConnection connection) =>
        connection.Handle is { } handle && Registered.TryGetValue(handle, out var registration) ? registration : null;

    private static void CreateFunction(IntPtr db, Registration registration)
    {
        Fts5Native.CreateFunction(db, "pw_rank\0"u8, registration, &Rank);
        registration.Functions++;
    }

    [UnmanagedCallersOnly]
    private static void Rank(Fts5ExtensionApi* api, IntPtr fts, IntPtr context, int count, IntPtr* values)
    {
        // An exception must not cross into SQLite: it becomes the statement's error.
        try
        {
            sqlite3_result_double(context, QueryOf(api, fts, count, values).Score(api, fts));
        }
        catch (Exception e)
        {
            Fail(context, e);
        }
    }

    /// <summary>The query's statistics, made at its first row and kept as FTS5 auxiliary data until it ends.</summary>
    private static RankedQuery QueryOf(Fts5ExtensionApi* api, IntPtr fts, int count, IntPtr* values)
    {
        var kept = api->GetAuxdata(fts, 0);
        if (kept != IntPtr.Zero) return (RankedQuery)GCHandle.FromIntPtr(kept).Target!;
        var registration = (Registration)GCHandle.FromIntPtr(api->UserData(fts)).Target!;
        var query = RankedQuery.Start(api, fts, registration, KeyOf(count, values), WeightsOf(count, values));
        // On failure FTS5 has already handed the data to FreeHandle.
        RankedQuery.Check(api->SetAuxdata(fts, GCHandle.ToIntPtr(GCHandle.Alloc(query)), &FreeHandle));
        return query;
    }

    private static string KeyOf(int count, IntPtr* values)
    {
        var text = count > 0 ? sqlite3_value_text(values[0]) : null;
        if (text == null) throw new ArgumentException($"{Name}(table, key, weights...) needs the MATCH text as its key");
        return Encoding.UTF8.GetString(text, sqlite3_value_bytes(values[0]));
    }

    private static double[] WeightsOf(int count, IntPtr* values)
    {
        var weights = new double[Math.Max(0, count - 1)];
        for (var column = 0; column < weights.Length; column++) weights[column] = sqlite3_value_double(values[column + 1]);
        return weights;
    }


    private static void Fail(IntPtr context, Exception e)
    {
        var message = Encoding.UTF8.GetBytes($"{Name}: {e.Message}");
        fixed (byte* text = message) sqlite3_result_error(context, text, message.Length);
        if (e is SqliteException { SqliteErrorCode: not Ok and var code }) sqlite3_result_error_code(context, code);
    }

    /// <summary>pw_rank on one native connection: its database file, which keys the shared counts, and what it did.</summary>
    internal sealed class Registration(string database)
    {
        public string Database { get; } = database;

        /// <summary>Times FTS5 was given pw_rank on this connection: once, however often the pool hands it out.</summary>
        public int Functions;

        /// <summary>Phrases counted with a scan of the index (cache misses).</summary>
        public long PhraseScans;
    }
}

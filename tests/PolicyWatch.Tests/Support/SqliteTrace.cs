using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace PolicyWatch.Tests.Support;

/// <summary>
/// Every statement SQLite runs on the connections to one database file, as SQLite itself sees them: an automatic
/// extension (sqlite3_auto_extension) puts a statement hook (sqlite3_trace_v2) on each connection to the file as it
/// opens, so nothing in PolicyWatch is told or changed. Only connections opened after <see cref="Start"/> are
/// traced: it empties Microsoft.Data.Sqlite's pools first, so that no connection opened before is handed out again.
/// Connections to other files, other tests' included, are left alone.
/// </summary>
public sealed class SqliteTrace : IDisposable
{
    // The name SQLitePCLRaw's provider imports: the library already loaded (as Storage/Search/Fts5Native.cs does).
    private const string Library = "e_sqlite3";
    private const uint TraceStatement = 0x01; // SQLITE_TRACE_STMT

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int EntryPoint(IntPtr db, IntPtr errorMessage, IntPtr api);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int TraceCallback(uint type, IntPtr context, IntPtr statement, IntPtr sql);

    [DllImport(Library)]
    private static extern int sqlite3_auto_extension(IntPtr entryPoint);

    [DllImport(Library)]
    private static extern int sqlite3_cancel_auto_extension(IntPtr entryPoint);

    [DllImport(Library)]
    private static extern int sqlite3_trace_v2(IntPtr db, uint mask, IntPtr callback, IntPtr context);

    [DllImport(Library)]
    private static extern IntPtr sqlite3_db_filename(IntPtr db, [MarshalAs(UnmanagedType.LPUTF8Str)] string schema);

    [DllImport(Library)]
    private static extern IntPtr sqlite3_expanded_sql(IntPtr statement);

    [DllImport(Library)]
    private static extern void sqlite3_free(IntPtr memory);

    // Held for the life of the process: SQLite keeps calling them on connections still open after Dispose.
    private static readonly EntryPoint OnOpen = Opened;
    private static readonly TraceCallback OnStatement = Ran;
    private static readonly IntPtr OnOpenPointer = Marshal.GetFunctionPointerForDelegate(OnOpen);
    private static readonly IntPtr OnStatementPointer = Marshal.GetFunctionPointerForDelegate(OnStatement);

    // A trace is found by a number rather than a handle, so that a connection outliving it finds nothing.
    private static readonly ConcurrentDictionary<long, SqliteTrace> Active = new();
    private static long lastId;

    private readonly long _id = Interlocked.Increment(ref lastId);
    private readonly string _path;
    private readonly ConcurrentQueue<string> _statements = new();
    private volatile bool _recording;

    /// <param name="databasePath">The database file whose connections are traced.</param>
    public SqliteTrace(string databasePath)
    {
        _path = Path.GetFullPath(databasePath);
        Active[_id] = this;
        if (sqlite3_auto_extension(OnOpenPointer) != 0) throw new InvalidOperationException("sqlite3_auto_extension failed");
    }

    /// <summary>The statements run while recording, in order, with their parameters' values written in.</summary>
    public IReadOnlyList<string> Statements => [.. _statements];

    /// <summary>Starts recording on connections opened from now on.</summary>
    public void Start()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _statements.Clear();
        _recording = true;
    }

    public void Stop() => _recording = false;

    public void Dispose()
    {
        _recording = false;
        Active.TryRemove(_id, out _);
        if (Active.IsEmpty) sqlite3_cancel_auto_extension(OnOpenPointer);
    }

    private static int Opened(IntPtr db, IntPtr errorMessage, IntPtr api)
    {
        var file = Marshal.PtrToStringUTF8(sqlite3_db_filename(db, "main"));
        if (string.IsNullOrEmpty(file)) return 0;
        foreach (var trace in Active.Values)
            if (string.Equals(file, trace._path, StringComparison.Ordinal)) // SQLite gives the full path
                sqlite3_trace_v2(db, TraceStatement, OnStatementPointer, new IntPtr(trace._id));
        return 0;
    }

    private static int Ran(uint type, IntPtr context, IntPtr statement, IntPtr sql)
    {
        if (!Active.TryGetValue(context.ToInt64(), out var trace) || !trace._recording) return 0;
        var text = Marshal.PtrToStringUTF8(sql) ?? "";
        // A trigger's program is reported as "-- TRIGGER name"; a statement, with its parameters' values.
        if (!text.StartsWith("--", StringComparison.Ordinal))
        {
            var expanded = sqlite3_expanded_sql(statement);
            if (expanded != IntPtr.Zero)
            {
                text = Marshal.PtrToStringUTF8(expanded) ?? text;
                sqlite3_free(expanded);
            }
        }
        trace._statements.Enqueue(text);
        return 0;
    }
}

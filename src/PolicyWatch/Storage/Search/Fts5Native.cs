using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;

namespace PolicyWatch.Storage.Search;

/// <summary>
/// The few SQLite C functions and FTS5 structs an auxiliary function needs, which SQLitePCLRaw does not
/// wrap. "e_sqlite3" is the name SQLitePCLRaw's provider imports, so it resolves to the library already loaded.
/// The structs follow fts5.h (SQLite 3.9 and later): only the members used are typed, in their order.
/// </summary>
internal static unsafe class Fts5Native
{
    private const string Library = "e_sqlite3";

    public const int Ok = 0;
    public const int Error = 1;
    public const int Row = 100;
    public const int Done = 101;

    /// <summary>SQLITE_TRANSIENT: SQLite copies a result before the call returns.</summary>
    public static readonly IntPtr Transient = new(-1);

    /// <summary>FTS5_TOKEN_COLOCATED: a token at the same position as the one before (a synonym).</summary>
    public const int TokenColocated = 0x0001;

    [DllImport(Library)]
    public static extern int sqlite3_prepare_v2(IntPtr db, byte* sql, int length, IntPtr* statement, byte** tail);

    [DllImport(Library)]
    public static extern int sqlite3_bind_pointer(IntPtr statement, int index, void* pointer, byte* type, IntPtr destroy);

    [DllImport(Library)]
    public static extern int sqlite3_step(IntPtr statement);

    [DllImport(Library)]
    public static extern int sqlite3_finalize(IntPtr statement);

    [DllImport(Library)]
    public static extern byte* sqlite3_errmsg(IntPtr db);

    [DllImport(Library)]
    public static extern byte* sqlite3_value_text(IntPtr value);

    [DllImport(Library)]
    public static extern int sqlite3_value_bytes(IntPtr value);

    [DllImport(Library)]
    public static extern double sqlite3_value_double(IntPtr value);

    [DllImport(Library)]
    public static extern int sqlite3_value_int(IntPtr value);

    [DllImport(Library)]
    public static extern void sqlite3_result_text(IntPtr context, byte* text, int length, IntPtr destroy);

    [DllImport(Library)]
    public static extern void sqlite3_result_double(IntPtr context, double value);

    [DllImport(Library)]
    public static extern void sqlite3_result_error(IntPtr context, byte* message, int length);

    [DllImport(Library)]
    public static extern void sqlite3_result_error_code(IntPtr context, int code);

    /// <summary>The fts5_api of a connection, handed out by <c>SELECT fts5(?1)</c> through a bound pointer (FTS5 docs, "Extending FTS5").</summary>
    public static Fts5Api* FindApi(IntPtr db)
    {
        var sql = "SELECT fts5(?1)"u8;
        IntPtr statement;
        fixed (byte* text = sql)
            Check(db, sqlite3_prepare_v2(db, text, sql.Length, &statement, null));
        try
        {
            Fts5Api* api = null;
            fixed (byte* type = "fts5_api_ptr\0"u8)
            {
                Check(db, sqlite3_bind_pointer(statement, 1, &api, type, IntPtr.Zero));
                var stepped = sqlite3_step(statement);
                if (stepped != Row) Check(db, stepped);
            }
            return api != null ? api : throw new NotSupportedException("this SQLite has no FTS5 API to hand out");
        }
        finally
        {
            sqlite3_finalize(statement);
        }
    }

    /// <summary>
    /// Registers an FTS5 auxiliary function <paramref name="name"/> (NUL-terminated UTF-8) on a connection,
    /// with <paramref name="userData"/> kept alive until FTS5 lets go of the function.
    /// </summary>
    public static void CreateFunction(IntPtr db, ReadOnlySpan<byte> name, object userData,
        delegate* unmanaged<Fts5ExtensionApi*, IntPtr, IntPtr, int, IntPtr*, void> function)
    {
        var api = FindApi(db);
        var printable = Encoding.UTF8.GetString(name.TrimEnd((byte)0));
        if (api->Version < 2) throw new NotSupportedException($"FTS5 API version {api->Version} is older than {printable} knows");
        var handle = GCHandle.ToIntPtr(GCHandle.Alloc(userData));
        int code;
        fixed (byte* text = name)
            code = api->CreateFunction(api, text, handle, function, &FreeHandle);
        if (code == Ok) return;
        // FTS5 frees the user data only once it has taken the function.
        GCHandle.FromIntPtr(handle).Free();
        throw new SqliteException($"FTS5 did not take {printable}", code);
    }

    /// <summary>Frees a GCHandle handed to SQLite as user or auxiliary data, when SQLite is done with it.</summary>
    [UnmanagedCallersOnly]
    public static void FreeHandle(IntPtr handle) => GCHandle.FromIntPtr(handle).Free();

    /// <summary>Makes an error returned by a SQLite call an exception, with the connection's message.</summary>
    public static void Check(IntPtr db, int code)
    {
        if (code != Ok) throw new SqliteException($"FTS5 API: {Marshal.PtrToStringUTF8((IntPtr)sqlite3_errmsg(db))}", code);
    }
}

/// <summary>fts5_api: how extensions register with FTS5 (iVersion 2 and later).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Fts5Api
{
    public int Version;
    public IntPtr CreateTokenizer;
    public IntPtr FindTokenizer;

    /// <summary>(api, name, user data, function, destroy user data).</summary>
    public delegate* unmanaged<Fts5Api*, byte*, IntPtr,
        delegate* unmanaged<Fts5ExtensionApi*, IntPtr, IntPtr, int, IntPtr*, void>,
        delegate* unmanaged<IntPtr, void>, int> CreateFunction;
}

/// <summary>Fts5ExtensionApi: what an auxiliary function may ask about the query and the current row.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct Fts5ExtensionApi
{
    public int Version;
    public delegate* unmanaged<IntPtr, IntPtr> UserData;
    public delegate* unmanaged<IntPtr, int> ColumnCount;
    public delegate* unmanaged<IntPtr, long*, int> RowCount;
    public delegate* unmanaged<IntPtr, int, long*, int> ColumnTotalSize;
    /// <summary>(context, UTF-8 text, its length, user data, callback per token: (user data, flags, token, its length, start byte, end byte)).</summary>
    public delegate* unmanaged<IntPtr, byte*, int, IntPtr, delegate* unmanaged<IntPtr, int, byte*, int, int, int, int>, int> Tokenize;
    public delegate* unmanaged<IntPtr, int> PhraseCount;
    public delegate* unmanaged<IntPtr, int, int> PhraseSize;
    public delegate* unmanaged<IntPtr, int*, int> InstCount;
    public delegate* unmanaged<IntPtr, int, int*, int*, int*, int> Inst;
    public delegate* unmanaged<IntPtr, long> Rowid;
    /// <summary>(context, column, UTF-8 text out, its length in bytes out) of the current row.</summary>
    public delegate* unmanaged<IntPtr, int, byte**, int*, int> ColumnText;
    public delegate* unmanaged<IntPtr, int, int*, int> ColumnSize;

    /// <summary>(context, phrase, user data, callback per matching row).</summary>
    public delegate* unmanaged<IntPtr, int, IntPtr, delegate* unmanaged<Fts5ExtensionApi*, IntPtr, IntPtr, int>, int> QueryPhrase;

    public delegate* unmanaged<IntPtr, IntPtr, delegate* unmanaged<IntPtr, void>, int> SetAuxdata;
    public delegate* unmanaged<IntPtr, int, IntPtr> GetAuxdata;
}

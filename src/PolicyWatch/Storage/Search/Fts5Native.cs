using System.Runtime.InteropServices;

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
    public const int Row = 100;

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
    public static extern void sqlite3_result_double(IntPtr context, double value);

    [DllImport(Library)]
    public static extern void sqlite3_result_error(IntPtr context, byte* message, int length);

    [DllImport(Library)]
    public static extern void sqlite3_result_error_code(IntPtr context, int code);
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
    public IntPtr Tokenize;
    public delegate* unmanaged<IntPtr, int> PhraseCount;
    public delegate* unmanaged<IntPtr, int, int> PhraseSize;
    public delegate* unmanaged<IntPtr, int*, int> InstCount;
    public delegate* unmanaged<IntPtr, int, int*, int*, int*, int> Inst;
    public delegate* unmanaged<IntPtr, long> Rowid;
    public IntPtr ColumnText;
    public delegate* unmanaged<IntPtr, int, int*, int> ColumnSize;

    /// <summary>(context, phrase, user data, callback per matching row).</summary>
    public delegate* unmanaged<IntPtr, int, IntPtr, delegate* unmanaged<Fts5ExtensionApi*, IntPtr, IntPtr, int>, int> QueryPhrase;

    public delegate* unmanaged<IntPtr, IntPtr, delegate* unmanaged<IntPtr, void>, int> SetAuxdata;
    public delegate* unmanaged<IntPtr, int, IntPtr> GetAuxdata;
}

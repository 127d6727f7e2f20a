using Dapper;
using Microsoft.Data.Sqlite;

namespace PolicyWatch.Tests.Support;

/// <summary>Reads a database file another process is writing, as an outside observer would.</summary>
public static class DatabaseFile
{
    /// <summary>Items committed so far; 0 before the file or its schema exists.</summary>
    public static async Task<long> CountItemsAsync(string path)
    {
        if (!File.Exists(path)) return 0;
        try
        {
            await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=false");
            await connection.OpenAsync();
            return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM items");
        }
        catch (SqliteException)
        {
            return 0; // the schema is not there yet
        }
    }
}

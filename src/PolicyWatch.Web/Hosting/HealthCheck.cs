using Dapper;
using PolicyWatch.Storage;

namespace PolicyWatch.Web.Hosting;

/// <summary>/healthz: 200 when the database answers, 503 when it does not.</summary>
public static class HealthCheck
{
    public static async Task<IResult> RespondAsync(Database database, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM sources");
            return Results.Text("ok\n");
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            return Results.Text($"database unreachable: {e.Message}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}

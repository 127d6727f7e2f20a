using PolicyWatch.Storage;

namespace PolicyWatch.Web.Hosting;

/// <summary>/healthz: 200 when the database answers, 503 when it does not.</summary>
public static class HealthCheck
{
    public static async Task<IResult> RespondAsync(Database database, CancellationToken cancellationToken)
    {
        var ping = await database.PingAsync(cancellationToken);
        return ping.IsReachable
            ? Results.Text("ok\n")
            : Results.Text($"database unreachable: {ping.Problem}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}

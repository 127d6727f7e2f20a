using PolicyWatch.Web.Hosting;

namespace PolicyWatch.Web.Cli;

/// <summary><c>serve</c>: the site and the scheduled crawler, until stopped.</summary>
public static class ServeCommand
{
    public static async Task<int> RunAsync(CommandLine commandLine)
    {
        var app = await WebHost.BuildAsync(commandLine);
        await app.RunAsync();
        return CliApp.Ok;
    }
}

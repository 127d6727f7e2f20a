using PolicyWatch.Web.Cli;

namespace PolicyWatch.Web.Hosting;

/// <summary>
/// The settings as the host reads them (appsettings.json beside the executable, then environment variables, then the
/// command line), for what start-up needs before the host exists: every command migrates the database and syncs
/// feeds.json into it (the sources' hosts included, which the Official settings decide for parliament sources) before
/// it builds its host.
/// </summary>
internal static class EarlySettings
{
    public static IConfiguration Read(CommandLine commandLine) =>
        new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("appsettings.json", optional: true)
            .AddEnvironmentVariables()
            .AddCommandLine(commandLine.HostArgs.ToArray())
            .Build();
}

using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Web.Cli;

namespace PolicyWatch.Web.Hosting;

/// <summary>What every command does first: load feeds.json, bring the database up to date, sync the sources and milestones.</summary>
public static class Bootstrap
{
    /// <exception cref="CatalogException">feeds.json is invalid: nothing is loaded.</exception>
    /// <exception cref="DatabaseTooNewException">The database belongs to a newer PolicyWatch: it is left untouched.</exception>
    public static async Task<(PolicyCatalog Catalog, Database Database)> PrepareAsync(CommandLine commandLine, CancellationToken cancellationToken)
    {
        var catalog = await CatalogLoader.LoadFileAsync(commandLine.FeedsPath, cancellationToken);
        var database = new Database(commandLine.DatabasePath);
        await database.MigrateAsync(cancellationToken);
        await new SourceStore(database).SyncAsync(catalog.Sources, DateTimeOffset.UtcNow, cancellationToken);
        await new MilestoneStore(database).SyncAsync(catalog, DateTimeOffset.UtcNow, cancellationToken);
        return (catalog, database);
    }
}

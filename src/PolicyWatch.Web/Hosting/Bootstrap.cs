using PolicyWatch.Catalog;
using PolicyWatch.Classifying;
using PolicyWatch.Crawling;
using PolicyWatch.Official;
using PolicyWatch.Storage;
using PolicyWatch.Web.Cli;

namespace PolicyWatch.Web.Hosting;

/// <summary>What every command does first: load feeds.json, bring the database up to date, sync the sources and milestones.</summary>
public static class Bootstrap
{
    /// <exception cref="CatalogException">feeds.json is invalid: nothing is loaded.</exception>
    /// <exception cref="StorageOptionsException">--db or Storage:Database cannot be used.</exception>
    /// <exception cref="DatabaseTooNewException">The database belongs to a newer PolicyWatch: it is left untouched.</exception>
    /// <exception cref="OfficialOptionsException">An Official setting cannot be used (the parliaments' APIs give their sources' hosts).</exception>
    public static async Task<(PolicyCatalog Catalog, Database Database)> PrepareAsync(CommandLine commandLine, CancellationToken cancellationToken)
    {
        var catalog = await LoadCatalogAsync(commandLine.FeedsPath, cancellationToken);
        var official = OfficialSettings(commandLine);
        var database = StorageOptions.Open(commandLine);
        await database.MigrateAsync(cancellationToken);
        var now = TimeProvider.System.GetUtcNow(); // start-up, before any service exists to inject a clock into
        await new SourceStore(database).SyncAsync(catalog.Sources, source => SourceHost.Of(source, official), now, cancellationToken);
        await new MilestoneStore(database).SyncAsync(catalog, now, cancellationToken);
        // Before any crawl, so a source that newly saves its pages counts its first crawl's items as new.
        await new ArchiveSaveStore(database).SyncSourcesAsync(catalog.Sources.Where(s => s.Archive).Select(s => s.Id).ToList(), now, cancellationToken);
        return (catalog, database);
    }

    /// <summary>Where the parliaments' APIs are, read as the host will read it (<see cref="EarlySettings"/>).</summary>
    private static OfficialOptions OfficialSettings(CommandLine commandLine) =>
        (EarlySettings.Read(commandLine).GetSection("Official").Get<OfficialOptions>() ?? new OfficialOptions()).Validated();

    /// <summary>feeds.json, with its tagging phrases compiled too, so a bad phrase stops start-up like any other error.</summary>
    public static async Task<PolicyCatalog> LoadCatalogAsync(string path, CancellationToken cancellationToken)
    {
        var catalog = await CatalogLoader.LoadFileAsync(path, cancellationToken);
        var errors = Classifier.Validate(catalog);
        return errors.Count == 0 ? catalog : throw new CatalogException(path, errors);
    }
}

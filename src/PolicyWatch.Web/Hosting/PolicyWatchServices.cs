using PolicyWatch.Archiving;
using PolicyWatch.Catalog;
using PolicyWatch.Classifying;
using PolicyWatch.Crawling;
using PolicyWatch.Fetching;
using PolicyWatch.History;
using PolicyWatch.Official;
using PolicyWatch.Storage;

namespace PolicyWatch.Web.Hosting;

/// <summary>The pipeline's services, shared by the site, the scheduler and the CLI.</summary>
public static class PolicyWatchServices
{
    public static IServiceCollection AddPolicyWatch(this IServiceCollection services, IConfiguration configuration, PolicyCatalog catalog, Database database)
    {
        var fetch = configuration.GetSection("Fetch").Get<FetchOptions>() ?? new FetchOptions();
        // Read now, so a setting that cannot be used stops start-up instead of the first crawl.
        _ = new AddressPolicy(fetch);
        var crawl = configuration.GetSection("Crawl").Get<CrawlOptions>() ?? new CrawlOptions();
        var official = (configuration.GetSection("Official").Get<OfficialOptions>() ?? new OfficialOptions()).Validated();
        services.AddSingleton(catalog);
        services.AddSingleton(database);
        services.AddSingleton(fetch);
        services.AddSingleton(crawl);
        services.AddSingleton(official);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SourceStore>();
        services.AddSingleton<CrawlStore>();
        services.AddSingleton<ItemQueries>();
        services.AddSingleton<SourceHealthQueries>();
        services.AddSingleton<DossierQueries>();
        services.AddSingleton<ItemDetailQueries>();
        services.AddSingleton<ActivityQueries>();
        services.AddSingleton<FeedQueries>();
        services.AddSingleton<DigestQueries>();
        services.AddSingleton(new Classifier(catalog));
        services.AddSingleton(new Schedule(crawl));
        // One fetcher (its two connection pools) and one gate for every request: one request per host.
        services.AddSingleton<HostGate>();
        services.AddSingleton<Fetcher>();
        services.AddSingleton<ArchiveStore>();
        services.AddSingleton<PageArchiver>();
        // The parliaments' APIs (uk-bill, ep-procedure sources), read through the same fetcher and gate.
        services.AddSingleton<OfficialStore>();
        services.AddSingleton<OfficialReader>();
        services.AddSingleton<SourceCrawler>();
        services.AddSingleton<CrawlRunner>();
        AddHistory(services, configuration);
        AddArchiving(services, configuration);
        return services;
    }

    /// <summary>Archived copies at the Internet Archive: lookups, the save queue, one client with its pace.</summary>
    /// <exception cref="ArchiveOptionsException">An Archive setting cannot be used.</exception>
    private static void AddArchiving(IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Archive").Get<ArchiveOptions>() ?? new ArchiveOptions();
        // Read now, so a setting that cannot be used stops start-up instead of the first turn.
        if (options.Problems() is { Count: > 0 } problems) throw new ArchiveOptionsException(string.Join("; ", problems));
        services.AddSingleton(options);
        services.AddSingleton<ArchivedCopyStore>();
        services.AddSingleton<ArchiveSaveStore>();
        services.AddSingleton<ArchiveClient>();
        services.AddSingleton<ArchiveRunner>();
    }

    /// <summary>History walks: the methods in the order a walk tries them, first that applies wins.</summary>
    private static void AddHistory(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection("History").Get<HistoryOptions>() ?? new HistoryOptions());
        services.AddSingleton<HistoryStore>();
        services.AddSingleton<HistoryPace>();
        services.AddSingleton<IHistoryMethod, ArchiveChain>();
        services.AddSingleton<IHistoryMethod, PagedFeed>();
        services.AddSingleton<IHistoryMethod, WordPressPaging>();
        services.AddSingleton<IHistoryMethod, ArchiveCaptures>();
        services.AddSingleton<HistoryWalker>();
        services.AddSingleton<HistoryRunner>();
    }
}

using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.Benchmarks.Site;

/// <summary>The same views on <see cref="ItemQueries"/> alone: what storage costs without HTTP and rendering.</summary>
internal sealed class StorageRun(ItemQueries queries, int requests, int concurrency)
{
    public async Task RunAsync()
    {
        Console.WriteLine("Storage only (ItemQueries.PageAsync, 50 a page):");
        await MeasureAsync("timeline jurisdiction=eu", new ItemFilter { Jurisdiction = "eu" });
        await MeasureAsync("timeline jurisdiction=eu, second page", new ItemFilter { Jurisdiction = "eu" }, secondPage: true);
        await MeasureAsync("timeline jurisdiction=eu, every item of a story", new ItemFilter { Jurisdiction = "eu", CollapseStories = false });
        await MeasureAsync("timeline dossier=eu-csam-regulation", new ItemFilter { Dossier = "eu-csam-regulation" });
        await MeasureAsync("timeline eu + eu-csam-regulation + article",
            new ItemFilter { Jurisdiction = "eu", Dossier = "eu-csam-regulation", Kind = ItemKind.Article });
        await MeasureAsync("timeline kind=milestone", new ItemFilter { Kind = ItemKind.Milestone });
        await MeasureAsync("timeline source + from/to", new ItemFilter { Source = "source-07", From = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero), To = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero) });
        await MeasureAsync("search encryption (relevance)", new ItemFilter { Q = "encryption" });
        await MeasureAsync("search encryption (relevance), second page", new ItemFilter { Q = "encryption" }, secondPage: true);
        await MeasureAsync("search encryption (relevance), every item of a story", new ItemFilter { Q = "encryption", CollapseStories = false });
        await MeasureAsync("search encryption (date)", new ItemFilter { Q = "encryption", Order = ItemOrder.Date });
        await MeasureAsync("search \"chat control\" + jurisdiction=eu", new ItemFilter { Q = "\"chat control\"", Jurisdiction = "eu" });
        await MeasureAsync("search Chatkontrolle OR décision", new ItemFilter { Q = "Chatkontrolle OR décision" });
        await MeasureAsync("search encrypt* -apple", new ItemFilter { Q = "encrypt* -apple" });
        await MeasureAsync("search encryption + source (2% of items)", new ItemFilter { Q = "encryption", Source = "source-07" });
        await MeasureAsync("search encryption + dossier + kind=legislative",
            new ItemFilter { Q = "encryption", Dossier = "apple-csam-detection", Kind = ItemKind.Legislative });
        await MeasureAsync("search encryption (date) + source", new ItemFilter { Q = "encryption", Source = "source-07", Order = ItemOrder.Date });
    }

    private async Task MeasureAsync(string name, ItemFilter filter, bool secondPage = false)
    {
        var cursor = secondPage ? (await queries.PageAsync(filter, null, 50)).Next : null;
        await LatencyReport.MeasureAsync(name, requests, concurrency, async _ =>
            (await queries.PageAsync(filter, cursor, 50)).Items.Count > 0);
    }
}

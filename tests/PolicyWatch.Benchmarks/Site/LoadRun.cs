namespace PolicyWatch.Benchmarks.Site;

/// <summary>The views of issue 6 requested over HTTP from the real host, as a browser or feed reader would.</summary>
internal sealed class LoadRun(HttpClient http, int requests, int concurrency)
{
    public async Task RunViewsAsync(long[] itemIds)
    {
        Console.WriteLine("Through the host (HTTP):");
        await MeasureAsync("jurisdiction timeline /api/items?jurisdiction=eu", _ => "/api/items?jurisdiction=eu");
        await MeasureAsync("the same, every item of a story /api/items?jurisdiction=eu&stories=expand", _ => "/api/items?jurisdiction=eu&stories=expand");
        await MeasureAsync("jurisdiction page /j/eu", _ => "/j/eu");
        await MeasureAsync("dossier page /dossiers/eu-csam-regulation", _ => "/dossiers/eu-csam-regulation");
        await MeasureAsync("the same, every item of a story", _ => "/dossiers/eu-csam-regulation?stories=expand");
        await MeasureAsync("filtered /api/items?jurisdiction=eu&dossier=…&kind=article",
            _ => "/api/items?jurisdiction=eu&dossier=eu-csam-regulation&kind=article");
        if (await ApiSearchesAsync())
        {
            await MeasureAsync("search /api/items?q=encryption", _ => "/api/items?q=encryption");
            await MeasureAsync("the same, every item of a story", _ => "/api/items?q=encryption&stories=expand");
            await MeasureAsync("search /api/items?q=\"chat control\"&jurisdiction=eu", _ => "/api/items?q=%22chat%20control%22&jurisdiction=eu");
        }
        else Console.WriteLine("  search: /api/items does not take q yet; measured on ItemQueries directly below");
        if (await FoundAsync($"/items/{itemIds[0]}"))
            await MeasureAsync("item page /items/{id}", i => $"/items/{itemIds[i % itemIds.Length]}");
        else
        {
            Console.WriteLine("  item page: /items/{id} does not exist yet; measuring /api/items?limit=1 instead");
            await MeasureAsync("/api/items?limit=1", _ => "/api/items?limit=1");
        }
        if (await FoundAsync("/feeds/j/eu.atom")) await MeasureAsync("Atom feed /feeds/j/eu.atom", _ => "/feeds/j/eu.atom");
        else Console.WriteLine("  Atom feed: /feeds/j/eu.atom does not exist yet; skipped");
        // The first request renders and freezes the closed periods; the rest read them back.
        await MeasureAsync("weekly digest feed /feeds/digest/weekly/j/eu.atom", _ => "/feeds/digest/weekly/j/eu.atom");
    }

    private Task MeasureAsync(string name, Func<int, string> path) =>
        LatencyReport.MeasureAsync(name, requests, concurrency, async i =>
        {
            using var response = await http.GetAsync(path(i), HttpCompletionOption.ResponseContentRead);
            return response.IsSuccessStatusCode;
        });

    private async Task<bool> FoundAsync(string path)
    {
        using var response = await http.GetAsync(path);
        return response.IsSuccessStatusCode;
    }

    /// <summary>A search for a word no item holds returns no items only where the API understands q.</summary>
    private async Task<bool> ApiSearchesAsync()
    {
        var body = await http.GetStringAsync("/api/items?q=zzqxnotaword&limit=1");
        return !body.Contains("\"id\"", StringComparison.OrdinalIgnoreCase);
    }
}

using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PolicyWatch.Tests.Web;

namespace PolicyWatch.Tests.Browser;

/// <summary>
/// An analyst's path through the real site in a real browser: overview → jurisdiction → dossier filter →
/// search with highlighting → the story's other source → item page → copy BibTeX → export CSV, with no console errors on the way
/// (which also proves the Content-Security-Policy blocks nothing the site needs).
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class SiteBrowserTests(SiteFixture site)
{
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    /// <summary>
    /// Waits until the page's URL matches and its document is complete. Playwright's WaitForURL has
    /// hung in CI waiting for a lifecycle event of a navigation that had already finished, so this
    /// polls the URL instead, then waits for the footer, the last element of every page.
    /// </summary>
    private static async Task ArrivedAsync(IPage page, string urlPattern)
    {
        for (var deadline = DateTime.UtcNow.AddSeconds(60); !Regex.IsMatch(page.Url, urlPattern); await Task.Delay(50))
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the browser is still at {page.Url}, not at {urlPattern}");
        await page.Locator("footer.site").WaitForAsync();
    }

    [ChromiumFact]
    public async Task An_analyst_browses_filters_searches_cites_and_exports()
    {
        Assert.True(File.Exists(ChromiumFactAttribute.ChromiumPath), $"Chromium is missing at {ChromiumFactAttribute.ChromiumPath}: CI must install it (.ci/needs-chromium).");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.ChromiumPath, Headless = true, Args = ChromiumArgs,
        });
        var baseUrl = site.Host.Client.BaseAddress!.ToString().TrimEnd('/');
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl, AcceptDownloads = true, Permissions = ["clipboard-read", "clipboard-write"],
        });
        // A loaded CI machine is slow, not broken: generous timeouts.
        context.SetDefaultTimeout(60_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type is "error" or "warning") problems.Add($"console {message.Type}: {message.Text}"); };
        page.PageError += (_, error) => problems.Add($"page error: {error}");

        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "European Union", Exact = true }).ClickAsync();
        await ArrivedAsync(page, Regex.Escape($"{baseUrl}/j/eu") + "$");
        Assert.Equal("European Union", await page.Locator("h1").TextContentAsync());

        // The filters are folded away unless some are in effect; the jurisdiction's own timeline has one.
        if (await page.Locator("details[open]").CountAsync() == 0) await page.Locator("details summary").ClickAsync();
        await page.GetByLabel("Dossier").SelectOptionAsync("eu-csam-regulation");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await ArrivedAsync(page, @"/timeline\?.*dossier=eu-csam-regulation");
        Assert.Contains("Dossier: EU CSAM Regulation", await page.Locator("nav.active-filters").TextContentAsync());

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).FillAsync("debates");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Search" }).PressAsync("Enter");
        await ArrivedAsync(page, "q=debates");
        var marked = page.Locator("li.item mark").First;
        Assert.Equal("debates", (await marked.TextContentAsync())?.ToLowerInvariant());
        Assert.True(await marked.IsVisibleAsync());

        // The wire's copy of the story is not listed again: the story names the other source, linked to its item's page.
        Assert.Equal(0, await page.Locator("a.title", new() { HasText = "Wire: Council debates chat control" }).CountAsync());
        await page.Locator("p.also").GetByRole(AriaRole.Link, new() { Name = "Source wire" }).ClickAsync();
        await ArrivedAsync(page, Regex.Escape($"{baseUrl}/items/{site.WireStoryId}") + "$");
        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await ArrivedAsync(page, "q=debates");

        await page.Locator("li.item", new() { Has = page.Locator("a.title", new() { HasText = "Council debates chat control & encryption" }) })
            .Locator("a.details").ClickAsync();
        await ArrivedAsync(page, Regex.Escape($"{baseUrl}/items/{site.StoryId}") + "$");
        var copy = page.GetByRole(AriaRole.Button, new() { Name = "Copy BibTeX" });
        await copy.ClickAsync();
        await page.Locator("button[data-copy='cite-bibtex'][data-copied='true']").WaitForAsync();
        var copied = await page.EvaluateAsync<string>("() => navigator.clipboard.readText()");
        Assert.StartsWith("@online{", copied);
        Assert.Equal(await page.Locator("#cite-bibtex").TextContentAsync(), copied);

        await page.GoBackAsync(new() { WaitUntil = WaitUntilState.Commit });
        await ArrivedAsync(page, "q=debates");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "CSV", Exact = true }).ClickAsync());
        Assert.Matches("^policywatch-eu-eu-csam-regulation-search-\\d{8}\\.csv$", download.SuggestedFilename);
        var saved = Path.Combine(site.Host.Folder, download.SuggestedFilename);
        await download.SaveAsAsync(saved);
        Assert.Contains("Council debates chat control & encryption", await File.ReadAllTextAsync(saved));

        Assert.Empty(problems);
    }
}

using System.Text.RegularExpressions;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Catalog;

/// <summary>
/// The curated record feeds.json ships, held to the rules of <c>../shared/reference/milestones.md</c>:
/// enough of it, cited from the page itself (never a proxy, mirror or CMS host), no disputed tallies, one
/// milestone per dossier, date and stage.
/// </summary>
public sealed partial class ShippedMilestonesTests
{
    private static readonly Lazy<PolicyCatalog> Shipped = new(() =>
        CatalogLoader.LoadFileAsync(Path.Combine(TestPaths.RepoRoot, "feeds.json")).GetAwaiter().GetResult());

    /// <summary>Hosts that wrap or copy someone else's page; the reference names them so they are never cited.</summary>
    private static readonly string[] CopyHosts =
        ["pages.dev", "ieu-monitoring.com", "asktheeu.org", "episerver.net", "pastebin.com", "eumonitor.eu", "vlex.co.uk"];

    [Fact]
    public void At_least_55_milestones_across_the_five_dossiers()
    {
        var dossiers = Shipped.Value.Dossiers;

        Assert.True(dossiers.Sum(d => d.Milestones.Count) >= 55, $"{dossiers.Sum(d => d.Milestones.Count)} milestones");
        Assert.Equal(5, dossiers.Count);
        Assert.All(dossiers, d => Assert.True(d.Milestones.Count >= 4, $"{d.Id}: {d.Milestones.Count} milestones"));
    }

    [Fact]
    public void No_milestone_cites_a_proxy_mirror_or_cms_host()
    {
        var milestones = Shipped.Value.Dossiers.SelectMany(d => d.Milestones);

        Assert.All(milestones, m =>
        {
            Assert.Equal("https", m.Url.Scheme);
            Assert.DoesNotContain(CopyHosts, host => m.Url.Host == host || m.Url.Host.EndsWith("." + host, StringComparison.Ordinal));
            // An address inside an address: a proxy's.
            Assert.DoesNotContain("/http", m.Url.AbsolutePath, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void No_title_carries_a_vote_tally()
    {
        var titles = Shipped.Value.Dossiers.SelectMany(d => d.Milestones).Select(m => m.Title);

        Assert.All(titles, title => Assert.DoesNotMatch(Tally(), title));
    }

    [Fact]
    public void No_two_milestones_of_a_dossier_are_the_same_step_on_the_same_day()
    {
        // The dossier timeline would show them as one event (Storage/StepKinds): a near-duplicate, not a second step.
        var steps = Shipped.Value.Dossiers.SelectMany(d => d.Milestones.Select(m => (d.Id, Day: m.Date.ToString(), Kind: StepKinds.Of(m.Stage, m.Title))));

        Assert.All(steps.GroupBy(s => s), g => Assert.True(g.Count() == 1, $"{g.Key} is shipped {g.Count()} times"));
    }

    [Fact]
    public void A_month_is_shipped_where_only_the_month_is_sure()
    {
        var council = Shipped.Value.FindDossier("eu-csam-regulation")!.Milestones.Single(m => m.Url.Host.EndsWith("daz-augsburg.de", StringComparison.Ordinal));

        Assert.True(council.Date.IsMonthOnly);
        Assert.Equal("2025-10", council.Date.ToString());
    }

    [Fact]
    public void A_second_milestone_with_the_same_date_and_stage_is_a_configuration_error()
    {
        var error = Assert.Throws<CatalogException>(() => CatalogLoader.Load("""
        {
          "jurisdictions": { "eu": "European Union" },
          "dossiers": [ { "id": "d1", "title": "D", "jurisdiction": "eu", "milestones": [
            { "date": "2024-04-10", "title": "Vote", "stage": "plenary vote", "url": "https://example.org/a" },
            { "date": "2024-04-10", "title": "The same vote", "stage": "plenary vote", "url": "https://example.org/b" },
            { "date": "2024-04-10", "title": "Another step that day", "stage": "adoption", "url": "https://example.org/c" } ] } ],
          "sources": []
        }
        """, "feeds.json"));

        Assert.Equal(
            "dossiers[0].milestones[1]: has the same date (2024-04-10) and stage (\"plenary vote\") as dossiers[0].milestones[0]; a milestone is identified by them",
            error.Errors.Single().ToString());
    }

    /// <summary>"530–78–80", "458 votes to 103", "by 311 to 228".</summary>
    [GeneratedRegex(@"\d+\s*[–-]\s*\d+\s*[–-]\s*\d+|\d+\s+votes?\s+to\s+\d+|\bby\s+\d+\s+to\s+\d+")]
    private static partial Regex Tally();
}

using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Syndication;
using static PolicyWatch.Tests.Syndication.FeedChecks;

namespace PolicyWatch.Tests.Syndication;

/// <summary>
/// Our feeds and OPML as the W3C Feed Validator and feed readers read them: no errors, and none of the
/// warnings they once gave (an Atom source without updated, entries without a summary, folder outlines
/// read as feeds without a type, a link outline without url).
/// </summary>
public sealed class ConsumerFeedChecksTests(ConsumerSite site) : IClassFixture<ConsumerSite>
{
    private static readonly Uri Root = new("https://pw.example/");
    private static readonly PolicyCatalog Catalog = CatalogLoader.Load(ConsumerSite.CatalogJson, "feeds.json");
    private static readonly DateTimeOffset At = new(2024, 5, 28, 9, 30, 0, TimeSpan.Zero);

    private static TimelineItem Item(long id, string kind, string source, string? stage = null, bool monthOnly = false, string[]? authors = null) => new()
    {
        Authors = authors ?? [],
        Id = id, Kind = kind, Title = $"A {kind}", Url = $"https://example.org/{id}", SourceId = source,
        SourceName = Catalog.FindSource(source)?.Name ?? "Curated milestones (feeds.json)", PublishedAt = At, FirstSeenAt = At,
        Stage = stage, PublishedRaw = monthOnly ? "2024-05" : null, Jurisdictions = ["eu"], Dossiers = ["eu-csam-regulation"],
    };

    private static FeedItemDetails Details(long id, string? summary = null) =>
        new() { Id = id, SummaryHtml = summary, LastChangedAt = At.AddHours(1) };

    /// <summary>One entry of each kind, built as the timeline feeds build them.</summary>
    private static FeedDocument EveryKind()
    {
        var entries = new[]
        {
            TimelineFeed.Entry(Item(1, "article", "eu-news", authors: ["Jane Doe"]), Details(1, "<p>Summary</p>"), Catalog, new FeedOptions(), Root),
            TimelineFeed.Entry(Item(2, "article", "eu-news"), Details(2), Catalog, new FeedOptions(), Root),
            TimelineFeed.Entry(Item(3, "legislative", "oeil", "committee vote"), Details(3), Catalog, new FeedOptions(), Root),
            TimelineFeed.Entry(Item(4, "milestone", MilestoneStore.SourceId, "plenary", monthOnly: true, authors: ["European Parliament"]),
                Details(4), Catalog, new FeedOptions(), Root),
        };
        return new FeedDocument("tag:policywatch.invalid,2025:feed/", "PolicyWatch: everything", "The newest items",
            new Uri(Root, "feeds/timeline.atom"), Root, At.AddHours(1), entries);
    }

    private static async Task<string> WriteAsync(SyndicationFormat format, FeedDocument document)
    {
        using var output = new MemoryStream();
        await format.WriteAsync(document, output);
        return System.Text.Encoding.UTF8.GetString(output.ToArray());
    }

    [Fact]
    public async Task Every_kind_of_entry_passes_as_atom_rss_and_json_feed()
    {
        var document = EveryKind();

        Assert.Empty(AtomProblems(await WriteAsync(SyndicationFormat.Atom, document)));
        Assert.Empty(RssProblems(await WriteAsync(SyndicationFormat.Rss, document)));
        Assert.Empty(JsonFeedProblems(await WriteAsync(SyndicationFormat.Json, document)));
    }

    [Fact]
    public void Official_events_without_a_summary_get_one_that_says_what_they_are()
    {
        var entries = EveryKind().Entries;

        Assert.Equal("Legislative event of EU CSAM Regulation (&quot;chat control&quot;) (2022/0155(COD)): committee vote, 28 May 2024, from Legislative Observatory: 2022/0155(COD).",
            entries[2].ContentHtml);
        Assert.Equal("Milestone of EU CSAM Regulation (&quot;chat control&quot;) (2022/0155(COD)): plenary, May 2024. Published by European Parliament.",
            entries[3].ContentHtml);
        Assert.Equal("Article from EU News &amp; Views, 28 May 2024.", entries[1].ContentHtml);
        Assert.Equal("<p>Summary</p>", entries[0].ContentHtml);
    }

    [Fact]
    public void Sources_say_when_they_were_copied_and_where_their_site_is_and_milestones_have_none()
    {
        var entries = EveryKind().Entries;

        Assert.Equal(new EntrySource("tag:policywatch.invalid,2025:source/eu-news", "EU News & Views",
            new Uri("http://127.0.0.1:9/feed"), new Uri("http://127.0.0.1:9/"), At.AddHours(1)), entries[0].Source);
        // An html source's address is a page, not a feed: the site link, never rel=self.
        Assert.Equal((null, new Uri("http://127.0.0.1:9/oeil")), (entries[2].Source!.FeedUrl, entries[2].Source!.SiteUrl));
        Assert.Null(entries[3].Source);
        Assert.Equal(["European Parliament"], entries[3].Authors);
    }

    [Theory]
    [InlineData("https://feeds.macrumors.com/MacRumors-All", "https://macrumors.com/")]
    [InlineData("https://www.ofcom.org.uk/rss.xml", "https://www.ofcom.org.uk/")]
    [InlineData("https://rss.example.org:8443/x", "https://example.org:8443/")]
    [InlineData("https://feeds.example/feed", "https://feeds.example/")]
    public void A_feeds_site_is_its_hosts_root(string feed, string site) =>
        Assert.Equal(new Uri(site), TimelineFeed.SiteOf(new Uri(feed)));

    [Fact]
    public async Task The_source_list_exported_as_opml_passes_with_html_sources_as_links()
    {
        using var output = new MemoryStream();
        await Opml.WriteAsync("PolicyWatch sources", At, Opml.Sources(Catalog), output);
        var xml = System.Text.Encoding.UTF8.GetString(output.ToArray());

        Assert.Empty(OpmlProblems(xml));
        Assert.Contains("<outline text=\"European Union\">", xml);
        Assert.Contains("type=\"link\" url=\"http://127.0.0.1:9/oeil\"", xml);
        var read = Opml.Read(new MemoryStream(output.ToArray())).Single().Children;
        Assert.Equal(["http://127.0.0.1:9/feed", null], read.Select(o => o.XmlUrl));
        Assert.Equal([null, "http://127.0.0.1:9/oeil"], read.Select(o => o.Url));
    }

    [Theory]
    [InlineData("/feeds/timeline.atom")]
    [InlineData("/feeds/j/eu.atom")]
    [InlineData("/feeds/dossiers/eu-csam-regulation.atom")]
    [InlineData("/feeds/timeline.atom?kind=legislative")]
    [InlineData("/feeds/sources/oeil.atom")]
    [InlineData("/feeds/search.atom?q=chat")]
    [InlineData("/feeds/digest/weekly/j/eu.atom")]
    [InlineData("/feeds/digest/daily/dossiers/eu-csam-regulation.atom")]
    public async Task The_sites_atom_feeds_pass(string path) => await AssertPassesAsync(path, AtomProblems);

    [Theory]
    [InlineData("/feeds/timeline.rss")]
    [InlineData("/feeds/dossiers/eu-csam-regulation.rss")]
    [InlineData("/feeds/digest/weekly/j/eu.rss")]
    public async Task The_sites_rss_feeds_pass(string path) => await AssertPassesAsync(path, RssProblems);

    [Theory]
    [InlineData("/feeds/timeline.json")]
    [InlineData("/feeds/dossiers/eu-csam-regulation.json")]
    [InlineData("/feeds/digest/weekly/j/eu.json")]
    public async Task The_sites_json_feeds_pass(string path) => await AssertPassesAsync(path, JsonFeedProblems);

    [Fact]
    public async Task The_sites_opml_passes() => await AssertPassesAsync("/feeds.opml", OpmlProblems);

    [Fact]
    public async Task The_site_feeds_carry_every_kind_and_the_digest_week()
    {
        var atom = await site.Host.Client.GetStringAsync("/feeds/timeline.atom");
        foreach (var title in new[] { "Council debates", "A note without summary", "Committee vote (LIBE)", "Commission proposes the regulation" })
            Assert.Contains(title, atom);
        Assert.Contains($"/digests/weekly/j/eu/{ConsumerSite.Week.Key}", await site.Host.Client.GetStringAsync("/feeds/digest/weekly/j/eu.atom"));
    }

    private async Task AssertPassesAsync(string path, Func<string, IReadOnlyList<string>> check)
    {
        var body = await site.Host.Client.GetStringAsync(path);
        var problems = check(body);
        Assert.True(problems.Count == 0, $"{path}:\n{string.Join("\n", problems)}");
    }
}

using PolicyWatch.Catalog;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Catalog;

/// <summary>Who publishes a milestone's page: the institution behind its host, never the configuration.</summary>
public sealed class PublishersTests
{
    [Theory]
    [InlineData("https://eur-lex.europa.eu/legal-content/EN/TXT/HTML/?uri=CELEX:52022PC0209", "Publications Office of the European Union")]
    [InlineData("https://www.europarl.europa.eu/news/en/press-room/20210430IPR03213/", "European Parliament")]
    [InlineData("https://oeil.secure.europarl.europa.eu/oeil/en/procedure-file?reference=2022/0155(COD)", "European Parliament")]
    [InlineData("https://ec.europa.eu/commission/presscorner/detail/en/ip_26_920", "European Commission")]
    [InlineData("https://digital-strategy.ec.europa.eu/en/news/x", "European Commission")]
    [InlineData("https://commission.europa.eu/news-and-media/news/x", "European Commission")]
    [InlineData("https://www.consilium.europa.eu/en/press/", "Council of the European Union")]
    [InlineData("https://www.edps.europa.eu/feed/news_en", "European Data Protection Supervisor")]
    [InlineData("https://bills.parliament.uk/bills/3137", "UK Parliament")]
    [InlineData("https://hansard.parliament.uk/lords/2023-09-06", "UK Parliament")]
    [InlineData("https://commonslibrary.parliament.uk/research-briefings/cbp-9579/", "House of Commons Library")]
    [InlineData("https://www.legislation.gov.uk/ukpga/2023/50/contents", "legislation.gov.uk (The National Archives)")]
    [InlineData("https://www.gov.uk/government/publications/x", "UK Government")]
    [InlineData("https://www.ofcom.org.uk/online-safety/", "Ofcom")]
    [InlineData("https://ofcom.org.uk/online-safety/", "Ofcom")]
    [InlineData("https://www.apple.com/child-safety/", "Apple")]
    [InlineData("https://www.macrumors.com/2021/08/05/apple-new-child-safety-features/", "MacRumors")]
    [InlineData("https://parltrack.org/dossier/2022/0155(COD)", "Parltrack")]
    [InlineData("https://quickreads.ext.katten.com/post/102lvg1/x", "Katten Muchin Rosenman")]
    [InlineData("https://www.uke.gov.pl/en/digitalservices/rotectionofminors/", "Office of Electronic Communications (Poland)")]
    [InlineData("https://www.livemint.com/technology/apps/x.html", "Mint")]
    [InlineData("https://WWW.Example.ORG/vote", "example.org")]
    [InlineData("https://notparliament.uk/x", "notparliament.uk")]
    public void The_institution_behind_the_host_or_else_the_host(string url, string publisher) =>
        Assert.Equal(publisher, Publishers.ForUrl(new Uri(url)));

    [Fact]
    public async Task Every_shipped_milestone_names_an_institution_not_a_bare_host()
    {
        var catalog = await CatalogLoader.LoadFileAsync(Path.Combine(TestPaths.RepoRoot, "feeds.json"));
        var milestones = catalog.Dossiers.SelectMany(d => d.Milestones).ToList();

        Assert.NotEmpty(milestones);
        // A new milestone from another host: add the host to Publishers, or give the milestone a "publisher".
        Assert.All(milestones, m => Assert.False(
            m.Publisher == m.Url.Host || m.Publisher == m.Url.Host.Replace("www.", "", StringComparison.Ordinal),
            $"{m.Url} has no publisher"));
    }
}

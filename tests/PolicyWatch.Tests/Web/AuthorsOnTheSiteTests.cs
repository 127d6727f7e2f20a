using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Dapper;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Citing;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Web;

/// <summary>
/// The real host after its scheduler crawled an RSS and an Atom feed whose items have several authors each, given
/// in separate elements or in one string (issue 14): every author, in order, on the item page, in /api/items, in the
/// citations and exports, and in our own feeds.
/// </summary>
public sealed class AuthorsSite : IAsyncLifetime
{
    private FixtureServer _server = null!;

    public RunningHost Host { get; private set; } = null!;

    public static readonly DateTimeOffset Published = new(2025, 11, 26, 10, 0, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        _server = await FixtureServer.StartAsync();
        _server.Documents["news.xml"] =
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>News</title><link>https://example.org/</link><description>test</description>
            {Item("two-creators", "Two creators on chat control", "<dc:creator>Paddy Leerssen</dc:creator><dc:creator>Rachel Griffin</dc:creator>")}
            {Item("one-string", "One string, two people", "<dc:creator>Paddy Leerssen, Rachel Griffin</dc:creator>")}
            {Item("organisation", "A department speaks", "<dc:creator>Department for Science, Innovation and Technology</dc:creator>")}
            {Item("family-first", "A name written family first", "<dc:creator>山田 太郎</dc:creator><dc:creator>King, Martin Luther, Jr.</dc:creator>")}
            </channel></rss>
            """;
        _server.Documents["atom.xml"] =
            $"""
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Atom news</title><id>urn:test:atom</id><updated>{Rfc3339(Published)}</updated>
            <entry><id>urn:test:atom-two</id><title>Two Atom authors</title><link href="https://example.org/atom-two"/>
            <updated>{Rfc3339(Published)}</updated><author><name>Jane Doe</name></author><author><name>John Roe</name></author></entry>
            </feed>
            """;
        Host = await RunningHost.StartAsync(TestCatalog.Json(
            new TestCatalog.Source("news", _server.Url("doc/news.xml")), new TestCatalog.Source("atom", _server.Url("doc/atom.xml"))));
        var database = TestDatabases.Open(Path.Combine(Host.Folder, "data", "pw.db"));
        await RunningHost.EventuallyAsync(async () =>
        {
            await using var connection = await database.OpenAsync();
            return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM items") == 5;
        }, "the first crawl of both feeds");
    }

    private static string Item(string guid, string title, string creators) =>
        $"<item><guid isPermaLink=\"false\">{guid}</guid><title>{WebUtility.HtmlEncode(title)}</title><link>https://example.org/{guid}</link>" +
        $"<pubDate>{Published.ToString("r", System.Globalization.CultureInfo.InvariantCulture)}</pubDate>{creators}</item>";

    private static string Rfc3339(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'");

    /// <summary>The item's id, from /api/items.</summary>
    public async Task<long> IdAsync(string title) =>
        (await ApiItemsAsync()).Single(i => i.GetProperty("title").GetString() == title).GetProperty("id").GetInt64();

    public async Task<List<JsonElement>> ApiItemsAsync() =>
        JsonDocument.Parse(await Host.Client.GetStringAsync("/api/items")).RootElement.GetProperty("items").EnumerateArray().ToList();

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await _server.DisposeAsync();
    }
}

public sealed class AuthorsOnTheSiteTests(AuthorsSite site) : IClassFixture<AuthorsSite>
{
    private static readonly string[] TwoPeople = ["Paddy Leerssen", "Rachel Griffin"];

    [Theory]
    [InlineData("Two creators on chat control")]
    [InlineData("One string, two people")]
    public async Task The_item_page_names_every_author_and_cites_them_all(string title)
    {
        var html = await site.Host.Client.GetStringAsync($"/items/{await site.IdAsync(title)}");

        Assert.Contains("<dt>Authors</dt><dd>Paddy Leerssen and Rachel Griffin</dd>", html);
        var citations = WebUtility.HtmlDecode(html);
        Assert.Contains("Source news · by Paddy Leerssen and Rachel Griffin", citations);
        Assert.Contains("Leerssen, P., & Griffin, R. (2025, November 26).", citations);
        Assert.Contains("Leerssen, Paddy, and Rachel Griffin. “", citations);
        Assert.Contains("author = {Leerssen, Paddy and Griffin, Rachel}", citations);
        Assert.Contains("AU  - Leerssen, Paddy\nAU  - Griffin, Rachel\n", citations);
        Assert.Empty(HtmlChecks.Problems(html));
    }

    [Fact]
    public async Task The_api_gives_every_author_in_order()
    {
        var items = await site.ApiItemsAsync();
        string[] Authors(string title) =>
            items.Single(i => i.GetProperty("title").GetString() == title).GetProperty("authors").EnumerateArray().Select(a => a.GetString()!).ToArray();

        Assert.Equal(TwoPeople, Authors("Two creators on chat control"));
        Assert.Equal(TwoPeople, Authors("One string, two people"));
        Assert.Equal(["Jane Doe", "John Roe"], Authors("Two Atom authors"));
        Assert.Equal(["Department for Science, Innovation and Technology"], Authors("A department speaks"));
        Assert.Equal(["山田 太郎", "King, Martin Luther, Jr."], Authors("A name written family first"));
    }

    [Fact]
    public async Task The_csv_export_lists_the_people_separated_by_semicolons()
    {
        var records = Rfc4180Reader.Read((await site.Host.Client.GetStringAsync("/export.csv")).TrimStart('\uFEFF'));
        var authors = records[0].IndexOf("authors");
        string Row(string title) => records.Single(r => r[2] == title)[authors];

        Assert.Equal("Paddy Leerssen; Rachel Griffin", Row("Two creators on chat control"));
        Assert.Equal("Paddy Leerssen; Rachel Griffin", Row("One string, two people"));
        Assert.Equal("Jane Doe; John Roe", Row("Two Atom authors"));
        Assert.Equal("Department for Science, Innovation and Technology", Row("A department speaks"));
    }

    [Fact]
    public async Task Our_feeds_name_every_author_one_element_each()
    {
        var atom = XDocument.Parse(await site.Host.Client.GetStringAsync("/feeds/sources/news.atom"));
        XNamespace a = "http://www.w3.org/2005/Atom";
        var entry = atom.Root!.Elements(a + "entry").Single(e => e.Element(a + "title")!.Value == "One string, two people");
        Assert.Equal(TwoPeople, entry.Elements(a + "author").Select(x => x.Element(a + "name")!.Value));

        var rss = XDocument.Parse(await site.Host.Client.GetStringAsync("/feeds/sources/news.rss"));
        XNamespace dc = "http://purl.org/dc/elements/1.1/";
        var item = rss.Descendants("item").Single(e => e.Element("title")!.Value == "One string, two people");
        Assert.Equal(TwoPeople, item.Elements(dc + "creator").Select(x => x.Value));
        Assert.Null(item.Element("author")); // RSS's own author element is for an e-mail address

        var json = JsonDocument.Parse(await site.Host.Client.GetStringAsync("/feeds/sources/atom.json")).RootElement;
        var authors = json.GetProperty("items")[0].GetProperty("authors").EnumerateArray().Select(x => x.GetProperty("name").GetString());
        Assert.Equal(["Jane Doe", "John Roe"], authors);
    }

    [Fact]
    public async Task An_organisation_a_family_first_name_and_a_suffix_are_cited_as_written()
    {
        var bib = await site.Host.Client.GetStringAsync("/export.bib");
        Assert.Contains("author = {{Department for Science, Innovation and Technology}}", bib);
        Assert.Contains("author = {{山田 太郎} and King, Jr., Martin Luther}", bib);

        var csl = JsonDocument.Parse(await site.Host.Client.GetStringAsync("/export.json")).RootElement;
        var names = csl.EnumerateArray().Single(i => i.GetProperty("title").GetString() == "A name written family first").GetProperty("author");
        Assert.Equal("""[{"literal":"山田 太郎"},{"family":"King","given":"Martin Luther","suffix":"Jr."}]""",
            JsonSerializer.Serialize(names, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));

        var html = WebUtility.HtmlDecode(await site.Host.Client.GetStringAsync($"/items/{await site.IdAsync("A name written family first")}"));
        Assert.Contains("山田 太郎, & King, M. L., Jr. (2025, November 26).", html);
    }
}

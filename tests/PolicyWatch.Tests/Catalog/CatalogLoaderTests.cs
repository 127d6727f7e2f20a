using PolicyWatch.Catalog;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Catalog;

public sealed class CatalogLoaderTests
{
    private static CatalogException Refused(string json) =>
        Assert.Throws<CatalogException>(() => CatalogLoader.Load(json, "feeds.json"));

    [Fact]
    public void Every_error_is_listed_with_its_json_path()
    {
        var error = Refused("""
        {
          "jurisdictions": { "eu": "European Union" },
          "dossiers": [ { "id": "d1", "title": "D", "jurisdiction": "mars" } ],
          "colour": "blue",
          "sources": [
            { "id": "a", "name": "A", "url": "https://a.example/feed", "jurisdiction": "eu", "every": "30m" },
            { "id": "a", "name": "A again", "url": "https://b.example/feed", "jurisdiction": "eu", "every": "30m" },
            { "id": "c", "name": "C", "url": "not a url", "jurisdiction": "eu", "every": "30m" },
            { "id": "d", "url": "https://d.example/feed", "jurisdiction": "eu", "every": "5 minutes", "typo": 1 },
            { "id": "e", "name": "E", "url": "https://e.example/feed", "jurisdiction": "eu", "every": "1h",
              "kind": "legislative", "dossier": "nope" }
          ]
        }
        """);

        var messages = error.Errors.Select(e => e.ToString()).ToList();
        Assert.Contains("dossiers[0].jurisdiction: \"mars\" is not one of the jurisdictions (eu)", messages);
        Assert.Contains(messages, m => m.StartsWith("colour: is not a known key here"));
        Assert.Contains("sources: the id \"a\" is used 2 times; ids must be unique", messages);
        Assert.Contains("sources[2].url: \"not a url\" is not an absolute http(s) or file: URL", messages);
        Assert.Contains("sources[3].name: is required", messages);
        Assert.Contains("sources[3].every: \"5 minutes\" is not a duration such as 30m, 6h or 1d (at least 1m)", messages);
        Assert.Contains(messages, m => m.StartsWith("sources[3].typo: is not a known key here"));
        Assert.Contains("sources[4].dossier: \"nope\" is not the id of a dossier in this file", messages);
        Assert.Contains("feeds.json is invalid (", error.Message);
    }

    [Fact]
    public void Malformed_json_names_the_line()
    {
        var error = Refused("{ \"jurisdictions\": { \"eu\": \"EU\" }, \n \"sources\": [ { \"id\": } ] }");

        Assert.Matches("is not valid JSON: line 2, column \\d+", error.Errors.Single().Message);
    }

    [Fact]
    public void A_missing_file_says_where_it_looked()
    {
        var error = Assert.Throws<CatalogException>(() => CatalogLoader.LoadFileAsync("/nonexistent/feeds.json").GetAwaiter().GetResult());

        Assert.Contains("was not found (looked for /nonexistent/feeds.json)", error.Message);
    }

    [Fact]
    public void Relative_file_urls_resolve_against_the_folder_of_feeds_json()
    {
        var json = TestCatalog.Json().Replace("\"sources\": [", "\"sources\": [ { \"id\": \"local\", \"name\": \"Local\", \"url\": \"file:samples/demo.xml\", \"jurisdiction\": \"eu\", \"every\": \"1h\" }");

        var catalog = CatalogLoader.Load(json, "/srv/policywatch/feeds.json");

        Assert.Equal(new Uri("/srv/policywatch/samples/demo.xml"), catalog.Sources.Single().Url);
    }

    [Fact]
    public void Milestone_dates_may_be_a_day_or_a_month_but_nothing_vaguer()
    {
        var json = TestCatalog.Json().Replace("\"phrases\": [\"chat control\"]", """
            "phrases": ["chat control"], "milestones": [
              { "date": "2022-05-11", "title": "Proposal", "stage": "proposal", "url": "https://eur-lex.europa.eu/x" },
              { "date": "2023-12", "title": "Trilogue", "stage": "trilogue", "url": "https://example.org/y" },
              { "date": "spring 2024", "title": "Vague", "stage": "vote", "url": "https://example.org/z" } ]
            """);

        var error = Refused(json);

        Assert.Equal("dossiers[0].milestones[2].date", error.Errors.Single().Path);
    }

    [Fact]
    public void A_milestone_is_published_by_the_institution_behind_its_url_unless_feeds_json_names_one()
    {
        var json = TestCatalog.Json().Replace("\"phrases\": [\"chat control\"]", """
            "phrases": ["chat control"], "milestones": [
              { "date": "2022-05-11", "title": "Proposal", "stage": "proposal", "url": "https://eur-lex.europa.eu/x" },
              { "date": "2023-12", "title": "Trilogue", "stage": "trilogue", "url": "https://example.org/y", "publisher": " Council of the European Union " } ]
            """);

        var milestones = CatalogLoader.Load(json, "feeds.json").Dossiers.Single().Milestones;

        Assert.Equal(["Publications Office of the European Union", "Council of the European Union"], milestones.Select(m => m.Publisher));
    }

    [Theory]
    [InlineData("42", "dossiers[0].milestones[0].publisher", "must be a string, not the number 42")]
    [InlineData("\"\"", null, null)]
    [InlineData("\"Ofcom\", \"publishers\": \"Ofcom\"", "dossiers[0].milestones[0].publishers", "is not a known key here")]
    public void A_milestone_publisher_is_checked_like_every_other_field(string value, string? path, string? message)
    {
        var json = TestCatalog.Json().Replace("\"phrases\": [\"chat control\"]",
            $$"""
            "phrases": ["chat control"], "milestones": [
              { "date": "2022-05-11", "title": "Proposal", "stage": "proposal", "url": "https://www.ofcom.org.uk/x", "publisher": {{value}} } ]
            """);

        if (path is null)
        {
            // Empty means "not given", as for every optional string: the host decides.
            Assert.Equal("Ofcom", CatalogLoader.Load(json, "feeds.json").Dossiers.Single().Milestones.Single().Publisher);
            return;
        }
        var error = Refused(json).Errors.Single();
        Assert.Equal(path, error.Path);
        Assert.Contains(message!, error.Message);
    }

    [Fact]
    public async Task The_shipped_feeds_json_is_valid_and_tracks_what_we_promise()
    {
        var catalog = await CatalogLoader.LoadFileAsync(Path.Combine(TestPaths.RepoRoot, "feeds.json"));

        Assert.Equal(["eu", "global", "uk", "us"], catalog.Jurisdictions.Keys.Order());
        Assert.Equal(
            ["apple-csam-detection", "eu-csam-interim-derogation", "eu-csam-regulation", "eu-digital-services-act", "uk-online-safety-act"],
            catalog.Dossiers.Select(d => d.Id).Order());
        Assert.True(catalog.Sources.Count >= 15, $"only {catalog.Sources.Count} sources");
        Assert.All(catalog.Sources, s => Assert.Equal("https", s.Url.Scheme));
    }

    [Theory]
    [InlineData("30m", 30 * 60)]
    [InlineData("6h", 6 * 3600)]
    [InlineData("1d", 86400)]
    [InlineData("90s", 90)]
    public void Durations_read_as_operators_write_them(string text, int seconds)
    {
        Assert.True(Duration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
        Assert.Equal(text, Duration.Format(duration) == "90s" ? "90s" : Duration.Format(duration));
    }

    [Theory]
    [InlineData("5 minutes")]
    [InlineData("30")]
    [InlineData("1.5h")]
    [InlineData("-1h")]
    [InlineData("0m")]
    public void Anything_else_is_not_a_duration(string text) => Assert.False(Duration.TryParse(text, out _));
}

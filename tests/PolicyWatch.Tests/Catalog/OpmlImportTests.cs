using PolicyWatch.Catalog;
using PolicyWatch.Syndication;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Catalog;

/// <summary>import-opml: nested outlines in, duplicates skipped, clear errors, nothing written on error, comments kept.</summary>
public sealed class OpmlImportTests
{
    private static readonly string FeedsJson = File.ReadAllText(TestPaths.TestData("Syndication", "testdata", "feeds-with-comments.json"));

    private static IReadOnlyList<OpmlOutline> Outlines(string file)
    {
        using var stream = File.OpenRead(TestPaths.TestData("Syndication", "testdata", file));
        return Opml.Read(stream);
    }

    [Fact]
    public void A_real_world_opml_with_errors_is_refused_with_a_message_per_outline()
    {
        var plan = OpmlImport.Plan(FeedsJson, "feeds.json", Outlines("subscriptions.opml"), new OpmlImportSettings("eu"));

        Assert.Null(plan.FeedsJson);
        Assert.Equal(2, plan.Errors.Count);
        Assert.Contains(plan.Errors, e => e.StartsWith("body/outline[1]/outline[3]/outline[2] \"Broken\": xmlUrl \"feed://not-a-web-address\" is not an absolute http", StringComparison.Ordinal));
        Assert.Contains(plan.Errors, e => e.StartsWith("body/outline[2] \"Remember to check the Council register\": has no xmlUrl", StringComparison.Ordinal));
        Assert.Contains(plan.Notes, n => n.Contains("EDRi again") && n.Contains("already source \"edri\""));
        Assert.Contains(plan.Notes, n => n.StartsWith("body/outline[3]", StringComparison.Ordinal) && n.Contains("imported as \"netzpolitik-org\""));
    }

    [Fact]
    public void A_clean_opml_is_inserted_before_the_closing_bracket_keeping_every_comment_and_loads()
    {
        var plan = OpmlImport.Plan(FeedsJson, "feeds.json", Outlines("clean.opml"), new OpmlImportSettings("eu", "2h", "matching"));

        Assert.Empty(plan.Errors);
        Assert.Equal(["netzpolitik-org", "electronique-libertes", "netzpolitik-org-2"], plan.AddedIds);
        var text = plan.FeedsJson!;
        foreach (var comment in new[] { "// Operator's notes: keep these.", "/* the first source */", "// trailing", "// end of sources" })
            Assert.Contains(comment, text);
        Assert.StartsWith(FeedsJson[..FeedsJson.IndexOf("// trailing", StringComparison.Ordinal)], text);
        var catalog = CatalogLoader.Load(text, "feeds.json");
        Assert.Equal(["edri", "netzpolitik-org", "electronique-libertes", "netzpolitik-org-2"], catalog.Sources.Select(s => s.Id));
        var imported = catalog.FindSource("electronique-libertes")!;
        Assert.Equal("Électronique & Libertés", imported.Name);
        Assert.Equal(("eu", TimeSpan.FromHours(2), KeepPolicy.Matching), (imported.Jurisdiction, imported.Every, imported.Keep));
    }

    [Fact]
    public void An_unknown_jurisdiction_is_caught_by_the_catalog_rules()
    {
        var plan = OpmlImport.Plan(FeedsJson, "feeds.json", Outlines("clean.opml"), new OpmlImportSettings("xx"));

        Assert.Null(plan.FeedsJson);
        Assert.Contains("jurisdiction", Assert.Single(plan.Errors));
    }

    [Fact]
    public void An_empty_sources_array_gets_its_first_elements()
    {
        var json = """{ "jurisdictions": { "eu": "EU" }, "dossiers": [], "topics": [], "sources": [] }""";
        var plan = OpmlImport.Plan(json, "feeds.json", Outlines("clean.opml"), new OpmlImportSettings("eu"));

        Assert.Equal(4, CatalogLoader.Load(plan.FeedsJson!, "feeds.json").Sources.Count);
    }

    [Fact]
    public async Task The_cli_writes_nothing_on_error_and_on_success_a_backup_and_a_file_check_config_accepts()
    {
        var folder = Directory.CreateTempSubdirectory("policywatch-opml-").FullName;
        var feeds = Path.Combine(folder, "feeds.json");
        await File.WriteAllTextAsync(feeds, FeedsJson);

        var refused = await CliProcess.RunAsync("import-opml", TestPaths.TestData("Syndication", "testdata", "subscriptions.opml"), "--jurisdiction", "eu", "--feeds", feeds);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("\"Broken\"", refused.Stderr);
        Assert.Contains("nothing was written", refused.Stderr);
        Assert.Equal(FeedsJson, await File.ReadAllTextAsync(feeds));
        Assert.Single(Directory.GetFiles(folder));

        var imported = await CliProcess.RunAsync("import-opml", TestPaths.TestData("Syndication", "testdata", "clean.opml"), "--jurisdiction", "eu", "--every", "2h", "--feeds", feeds);
        Assert.True(imported.ExitCode == 0, imported.Stderr);
        Assert.Equal(FeedsJson, await File.ReadAllTextAsync(Assert.Single(Directory.GetFiles(folder, "feeds.json.bak-*"))));
        var check = await CliProcess.RunAsync("check-config", "--feeds", feeds);
        Assert.True(check.ExitCode == 0, check.Stderr);
        Assert.Contains("4 sources", check.Stdout);

        var exported = await CliProcess.RunAsync("export-opml", "--feeds", feeds);
        using var opml = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(exported.Stdout));
        Assert.Equal(4, Opml.Read(opml).SelectMany(o => o.Flatten()).Count(o => o.XmlUrl is not null));
        Directory.Delete(folder, recursive: true);
    }
}

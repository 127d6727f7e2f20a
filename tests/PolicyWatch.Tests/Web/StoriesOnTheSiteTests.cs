using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace PolicyWatch.Tests.Web;

/// <summary>
/// The fixture's story: the EU source's report and the wire's copy (the same link) are one story, led by the earlier
/// (the EU source's). Views list it once with the other source; stories=expand lists both; exports keep both rows.
/// </summary>
[Collection(SiteCollection.Name)]
public sealed class StoriesOnTheSiteTests(SiteFixture site)
{
    [Fact]
    public async Task The_api_lists_a_story_once_with_its_id_and_count_and_every_item_when_expanded()
    {
        var collapsed = await ItemsAsync("/api/items?jurisdiction=eu&q=debates");
        var lead = Assert.Single(collapsed);
        Assert.Equal(site.StoryId, lead.GetProperty("id").GetInt64());
        Assert.Equal(2, lead.GetProperty("story").GetProperty("count").GetInt32());
        var storyId = lead.GetProperty("story").GetProperty("id").GetInt64();

        var expanded = await ItemsAsync("/api/items?jurisdiction=eu&q=debates&stories=expand");
        Assert.Equal([site.StoryId, site.WireStoryId], expanded.Select(i => i.GetProperty("id").GetInt64()).Order());
        Assert.All(expanded, i => Assert.Equal(storyId, i.GetProperty("story").GetProperty("id").GetInt64()));

        var alone = (await ItemsAsync("/api/items?source=uk-news")).Single();
        Assert.Equal(alone.GetProperty("id").GetInt64(), alone.GetProperty("story").GetProperty("id").GetInt64());
        Assert.Equal(1, alone.GetProperty("story").GetProperty("count").GetInt32());

        Assert.Equal(HttpStatusCode.BadRequest, (await site.Host.Client.GetAsync("/api/items?stories=sometimes")).StatusCode);
    }

    [Fact]
    public async Task A_timeline_shows_the_lead_with_the_other_sources_linked_and_the_wire_copy_only_when_expanded()
    {
        var html = await site.Host.Client.GetStringAsync("/j/eu?q=debates");
        Assert.Contains($"class=\"details\" href=\"/items/{site.StoryId}\"", html);
        Assert.DoesNotContain($"class=\"details\" href=\"/items/{site.WireStoryId}\"", html);
        Assert.Matches($"Also reported by 1 source:\\s*<a href=\"/items/{site.WireStoryId}\">Source wire</a>", html);

        var expanded = await site.Host.Client.GetStringAsync("/j/eu?q=debates&stories=expand");
        Assert.Contains($"class=\"details\" href=\"/items/{site.WireStoryId}\"", expanded);
        Assert.Contains("Every item of a story", expanded);
    }

    [Fact]
    public async Task The_item_page_names_the_story_and_lists_its_other_items()
    {
        var html = await site.Host.Client.GetStringAsync($"/items/{site.WireStoryId}");
        Assert.Matches("Story \\d+: 2 items from 2 sources", html);
        Assert.Contains($"<a href=\"/items/{site.StoryId}\">Council debates chat control &amp; encryption</a>", html);
    }

    [Fact]
    public async Task Exports_keep_a_row_per_item_each_with_its_story()
    {
        var csv = await site.Host.Client.GetStringAsync("/export.csv?jurisdiction=eu&q=debates");
        var rows = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(2, rows.Count);
        Assert.Single(rows.Select(r => r[(r.LastIndexOf(',') + 1)..]).Distinct());
    }

    [Fact]
    public async Task A_feed_has_one_entry_per_story_naming_the_other_sources_and_every_item_when_expanded()
    {
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Parse(await site.Host.Client.GetStringAsync("/feeds/j/eu.atom?q=debates"));
        var entry = Assert.Single(feed.Root!.Elements(atom + "entry"));
        var content = entry.Element(atom + "summary")!.Value;
        Assert.Matches($"<p>Also reported by 1 source: <a href=\"http://[^\"]+/items/{site.WireStoryId}\">Source wire</a>.</p>$", content);

        var expanded = XDocument.Parse(await site.Host.Client.GetStringAsync("/feeds/j/eu.atom?q=debates&stories=expand"));
        Assert.Equal(2, expanded.Root!.Elements(atom + "entry").Count());
        Assert.NotEqual(feed.Root.Element(atom + "id")!.Value, expanded.Root.Element(atom + "id")!.Value);
    }

    private async Task<List<JsonElement>> ItemsAsync(string url)
    {
        using var document = JsonDocument.Parse(await site.Host.Client.GetStringAsync(url));
        return document.RootElement.GetProperty("items").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}

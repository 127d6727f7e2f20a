using System.Net;

namespace PolicyWatch.Tests.Web;

/// <summary>/items/{id}: provenance, the same story elsewhere, why it is tagged, the archived text and the citation box.</summary>
[Collection(SiteCollection.Name)]
public sealed class ItemPageTests(SiteFixture site)
{
    private async Task<string> Page(long id) => await site.Host.Client.GetStringAsync($"/items/{id}");

    [Fact]
    public async Task The_item_page_shows_title_source_author_dates_and_both_links()
    {
        var html = await Page(site.StoryId);

        Assert.Contains("<h1>Council debates chat control &amp; encryption</h1>", html);
        Assert.Contains("<a href=\"/sources#eu-news\">Source eu-news</a>", html);
        Assert.Contains("<dt>Author</dt><dd>Jane Doe</dd>", html);
        Assert.Contains("26 Nov 2025 10:00 UTC", html);
        Assert.Contains("<dt>First seen</dt>", html);
        Assert.Contains("class=\"original\" href=\"https://example.org/story?utm_source=feed\"", html);
        Assert.Contains("class=\"canonical\" href=\"https://example.org/story\"", html);
    }

    [Fact]
    public async Task The_item_page_lists_the_other_sources_that_carried_the_same_story()
    {
        var html = await Page(site.StoryId);
        Assert.Contains($"<a href=\"/items/{site.WireStoryId}\">Wire: Council debates chat control</a>", html);

        var wire = await Page(site.WireStoryId);
        Assert.Contains($"<a href=\"/items/{site.StoryId}\">Council debates chat control &amp; encryption</a>", wire);
    }

    [Fact]
    public async Task The_item_page_says_why_each_tag_is_there()
    {
        var html = await Page(site.StoryId);

        Assert.Contains("<td><a href=\"/dossiers/eu-csam-regulation\">EU CSAM Regulation</a></td><td>“chat control”</td><td>title</td>", html);
        Assert.Contains("<a class=\"tag\" href=\"/j/eu\">European Union</a>", html);
    }

    [Fact]
    public async Task The_item_page_shows_the_archived_text_with_its_capture_time_and_hash_or_says_there_is_none()
    {
        var html = await Page(site.StoryId);
        Assert.Contains("<p>Ministers disagreed on scanning &amp; encryption.</p>", html);
        Assert.Contains("27 Nov 2025 08:00 UTC", html);
        Assert.Contains("<code class=\"hash\">abc123</code>", html);

        Assert.Contains("No snapshot", await Page(site.WireStoryId));
    }

    [Fact]
    public async Task An_item_whose_page_could_not_be_archived_says_why()
    {
        var html = await Page(site.WireStoryId);

        Assert.Contains("No snapshot: archiving the page failed: " + WebUtility.HtmlEncode(SiteFixture.WireArchiveError), html);
    }

    [Fact]
    public async Task The_citation_box_has_every_style_each_with_a_copy_button_and_states_the_accessed_date()
    {
        var html = await Page(site.StoryId);

        foreach (var (id, label) in new[] { ("apa", "APA 7"), ("mla", "MLA 9"), ("chicago-note", "Chicago (note)"), ("chicago-bibliography", "Chicago (bibliography)"), ("bibtex", "BibTeX"), ("ris", "RIS"), ("csl-json", "CSL-JSON") })
        {
            Assert.Contains($"<pre id=\"cite-{id}\"", html);
            Assert.Contains($"<button type=\"button\" class=\"copy\" data-copy=\"cite-{id}\" hidden>Copy {label}</button>", html);
        }
        Assert.Contains("@online{", html);
        Assert.Contains("Doe, J. (2025", html);
        Assert.Contains("Accessed date used:", html);
        Assert.Contains("<script src=\"/js/copy.js\" defer></script>", html);
        Assert.Equal(HttpStatusCode.OK, (await site.Host.Client.GetAsync("/js/copy.js")).StatusCode);
    }

    [Fact]
    public async Task The_page_writes_no_carriage_returns_and_the_ris_download_keeps_crlf()
    {
        var html = await Page(site.StoryId);
        Assert.DoesNotContain("&#xD;", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("&#13;", html);
        Assert.Contains("TY  - NEWS\nTI  - Council debates", html);

        var ris = await site.Host.Client.GetStringAsync("/export.ris?q=debates");
        Assert.Contains("TY  - NEWS\r\nTI  - Council debates", ris);
    }

    [Fact]
    public async Task Timelines_link_each_item_to_its_page()
    {
        var html = await site.Host.Client.GetStringAsync("/j/eu?q=debates");

        Assert.Contains($"href=\"/items/{site.StoryId}\"", html);
    }
}

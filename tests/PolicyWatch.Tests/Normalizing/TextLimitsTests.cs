using System.Text.RegularExpressions;
using PolicyWatch.Catalog;
using PolicyWatch.Normalizing;
using PolicyWatch.Parsing;
using PolicyWatch.Parsing.HtmlList;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Normalizing;

/// <summary>Every stored text of an item has a limit; a text past it is cut where it is safe to cut, marked, and reported.</summary>
public sealed partial class TextLimitsTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private static readonly SourceDefinition Source = new("s", "S", new Uri("https://example.org/feed"), SourceType.Feed, "eu",
        TimeSpan.FromHours(1), KeepPolicy.All, ItemKind.Article, null, null);

    private static NormalizedItem Normalize(string? title, string? summary = null, string? content = null, string? author = null, string? id = "id") =>
        Normalizer.Normalize(new ParsedEntry(id, title, "https://example.org/a", summary, content, null, null, author, [], [], []), Source, null);

    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("exactly 10", 10, "exactly 10")]
    [InlineData("Council debates chat control", 20, "Council debates…")]
    [InlineData("Councildebateschatcontrol", 10, "Councilde…")]
    [InlineData("ab😀cd", 4, "ab…")]
    public void A_text_past_its_limit_is_cut_at_a_word_or_character_boundary_and_marked(string text, int limit, string cut) =>
        Assert.Equal(cut, TextLimits.Cut(text, limit));

    [Fact]
    public async Task A_hostile_entry_is_stored_within_every_limit_and_says_what_was_cut()
    {
        var words = string.Concat(Enumerable.Repeat("chat control encryption ", 200_000));
        var html = string.Concat(Enumerable.Repeat("<div><p>Ministers <b>met</b> on <a href=\"https://example.org/x\">encryption</a>.</p></div>", 60_000));

        var item = await Task.Run(() => Normalize(words, summary: html, content: html + html, author: words)).WaitAsync(Generous);

        Assert.InRange(item.Title.Length, 900, TextLimits.Title);
        Assert.InRange(Assert.Single(item.Authors).Length, 400, TextLimits.Author);
        Assert.InRange(item.SummaryText!.Length, 60_000, TextLimits.Summary);
        Assert.InRange(item.SummaryHtml!.Length, 60_000, TextLimits.Summary);
        // Its markup is read up to twice the limit, which here holds about 680,000 characters of text.
        Assert.InRange(item.ContentText!.Length, 500_000, TextLimits.Text);
        Assert.All(new[] { item.Title, item.Authors[0], item.SummaryText, item.ContentText }, text => Assert.EndsWith("…", text));
        Assert.Matches("…(</[a-z]+>)+$", item.SummaryHtml);
        AssertWellFormed(item.SummaryHtml);
        SafeHtml.Assert(item.SummaryHtml, "a cut summary");
        Assert.Equal(["title", "author", "summary", "content"], item.Truncated.OrderBy(f => Array.IndexOf(TextLimits.Fields, f)));
    }

    [Fact]
    public void Ordinary_entries_are_not_cut()
    {
        var item = Normalize("Council debates chat control", summary: "<p>Ministers met.</p>", content: "<p>Ministers met at length.</p>", author: "Jane Doe");

        Assert.Empty(item.Truncated);
        Assert.Equal("Council debates chat control", item.Title);
        Assert.Equal("<p>Ministers met.</p>", item.SummaryHtml);
    }

    [Fact]
    public void Markup_past_what_its_text_could_need_is_not_read_and_the_text_says_it_was_cut()
    {
        var item = Normalize("t", summary: "<p>Start.</p>" + string.Concat(Enumerable.Repeat("<span></span>", 30_000)) + "<p>End.</p>");

        Assert.Equal("Start.…", item.SummaryText);
        Assert.EndsWith("…", item.SummaryHtml);
        Assert.Equal(["summary"], item.Truncated);
    }

    [Fact]
    public void Sanitized_html_cut_to_a_limit_stays_well_formed_and_never_splits_an_entity_or_a_character()
    {
        var html = "<ul><li><b>R&amp;D 😀 &lt;x&gt;</b> <a href=\"https://example.org/" + new string('a', 300) + "\">link</a></li><li>more</li></ul>";

        var whole = HtmlSanitizer.Sanitize(html, null)!;
        for (var limit = 10; limit < whole.Length + 20; limit += 3)
        {
            var safe = HtmlSanitizer.Sanitize(html, null, limit, out var cut);
            Assert.Equal(limit < whole.Length, cut);
            if (safe is null) continue;
            Assert.True(safe.Length <= limit, $"{safe.Length} > {limit}: {safe}");
            Assert.DoesNotMatch("&[a-z]*…|&[a-z]*$", safe);
            Assert.DoesNotContain('\uD83D', safe.Replace("😀", ""));
            AssertWellFormed(safe);
        }
        Assert.Equal(whole, HtmlSanitizer.Sanitize(html, null, whole.Length, out _));
    }

    [Fact]
    public void Html_rows_cut_their_texts_and_a_huge_key_becomes_a_hash()
    {
        var huge = new string('x', 2 * TextLimits.Summary);
        var row = new HtmlRow(huge, huge, null, null, null, huge, huge, huge);

        var item = Normalizer.FromRow(row, Source);

        Assert.StartsWith("sha256:", item.Guid);
        Assert.Equal(item.Guid, Normalizer.FromRow(row, Source).Guid);
        Assert.True(item.Title.Length <= TextLimits.Title && item.Stage!.Length <= TextLimits.Label && item.Reference!.Length <= TextLimits.Label);
        Assert.True(item.SummaryText!.Length <= TextLimits.Summary && item.SummaryHtml!.Length <= TextLimits.Summary);
        Assert.Equal(["title", "summary", "stage", "reference"], item.Truncated);
    }

    [Fact]
    public void A_guid_longer_than_any_real_one_identifies_its_item_by_its_hash()
    {
        var id = "urn:x:" + new string('1', Normalizer.MaxGuidLength);

        Assert.Equal("sha256:" + Normalizer.Sha256(id), Normalize("t", id: id).Guid);
        Assert.Equal("urn:x:1", Normalize("t", id: "urn:x:1").Guid);
    }

    [Fact]
    public void The_fetch_note_counts_the_items_and_each_field_cut()
    {
        NormalizedItem Item(params string[] cut) => Normalize("t") with { Truncated = cut };

        Assert.Null(TextLimits.Note([Item(), Item()]));
        Assert.Equal("malformed feed", TextLimits.Note([Item()], "malformed feed"));
        Assert.Equal("2 items had fields cut to the limits: title (1 item), summary (2 items)",
            TextLimits.Note([Item("summary", "title"), Item(), Item("summary")]));
        Assert.Equal("malformed feed; 1 item had fields cut to the limits: content (1 item)", TextLimits.Note([Item("content")], "malformed feed"));
    }

    [CorpusFact]
    public void No_real_world_feed_has_a_text_cut()
    {
        var items = 0;
        foreach (var path in Directory.GetFiles(Path.Combine(TestPaths.CorpusRoot, "realworld"), "*.xml", SearchOption.AllDirectories))
        {
            var feed = FeedParser.Parse(File.ReadAllBytes(path), null, new Uri("https://feeds.example.org/"));
            foreach (var entry in feed.Entries)
            {
                var item = Normalizer.Normalize(entry, Source, new Uri("https://feeds.example.org/"));
                Assert.True(item.Truncated.Count == 0, $"{Path.GetFileName(path)}: {item.Title} had {string.Join(", ", item.Truncated)} cut");
                items++;
            }
        }
        Assert.True(items > 500, $"{items} items");
    }

    /// <summary>Every non-void element that opens also closes, in order.</summary>
    private static void AssertWellFormed(string html)
    {
        var open = new Stack<string>();
        foreach (Match tag in Tag().Matches(html))
        {
            var name = tag.Groups["name"].Value;
            if (name is "br" or "hr" or "img") continue;
            if (tag.Groups["end"].Success) Assert.Equal(open.Pop(), name);
            else open.Push(name);
        }
        Assert.Empty(open);
        Assert.DoesNotMatch("<[^>]*$", html);
    }

    [GeneratedRegex("<(?<end>/)?(?<name>[a-z0-9]+)[^>]*>")]
    private static partial Regex Tag();
}

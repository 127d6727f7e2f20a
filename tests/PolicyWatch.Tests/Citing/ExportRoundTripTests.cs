using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PolicyWatch.Citing;
using static PolicyWatch.Tests.Citing.CitingFixtures;

namespace PolicyWatch.Tests.Citing;

/// <summary>Each export read back by a parser of its format gives back the items.</summary>
public class ExportRoundTripTests
{
    [Fact]
    public async Task Csv_parses_back_to_the_items()
    {
        var bytes = await ExportAsync(ExportFormat.Csv, Items);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var records = Rfc4180Reader.Read(Encoding.UTF8.GetString(bytes[3..]));

        Assert.Equal(["id", "kind", "title", "authors", "publisher", "published_at", "date_is_first_seen", "url",
            "canonical_url", "permalink", "accessed_at", "language", "jurisdictions", "dossiers", "topics", "summary",
            "archived_url", "archived_at", "story_id"], records[0]);
        Assert.Equal(Items.Count + 1, records.Count);
        foreach (var (item, row) in Items.Zip(records.Skip(1)))
        {
            Assert.Equal(19, row.Count);
            Assert.Equal(item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), row[0]);
            Assert.Equal(Defused(item.Title), row[2]);
            Assert.Equal(Defused(string.Join("; ", item.Authors)), row[3]);
            Assert.Equal(item.Url ?? "", row[7]);
            Assert.Equal(item.PublishedAt.UtcDateTime, DateTime.Parse(row[5], null, System.Globalization.DateTimeStyles.AdjustToUniversal));
            Assert.Equal(Defused(item.Summary ?? ""), row[15]);
            Assert.Equal(item.ArchivedCopy?.Url ?? "", row[16]);
            Assert.Equal(item.ArchivedCopy is { } copy ? copy.CapturedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") : "", row[17]);
        }
    }

    private static string Defused(string text) => text.Length > 0 && "=+-@".Contains(text[0]) ? "'" + text : text;

    [Fact]
    public async Task Csl_json_is_an_array_of_csl_items()
    {
        using var document = JsonDocument.Parse(await ExportAsync(ExportFormat.CslJson, Items));
        var array = document.RootElement;
        Assert.Equal(JsonValueKind.Array, array.ValueKind);
        Assert.Equal(Items.Count, array.GetArrayLength());
        foreach (var (item, element) in Items.Zip(array.EnumerateArray()))
        {
            Assert.Equal(Citations.Key(item), element.GetProperty("id").GetString());
            Assert.Contains(element.GetProperty("type").GetString(), new[] { "webpage", "article-newspaper" });
            Assert.Equal(item.CitedUrl, element.GetProperty("URL").GetString());
            Assert.Equal(3, element.GetProperty("accessed").GetProperty("date-parts")[0].GetArrayLength());
            Assert.Equal(!item.DateIsFirstSeen, element.TryGetProperty("issued", out _));
            if (element.TryGetProperty("author", out var authors))
                foreach (var author in authors.EnumerateArray())
                    Assert.True(author.TryGetProperty("literal", out _) || author.TryGetProperty("family", out _));
        }
    }

    [Fact]
    public async Task BibTeX_braces_balance_and_every_entry_is_well_formed()
    {
        var bib = Encoding.UTF8.GetString(await ExportAsync(ExportFormat.BibTeX, Items));
        var depth = 0;
        foreach (var c in bib)
        {
            // BibTeX counts every brace, escaped or not, so this count must too.
            depth += c == '{' ? 1 : c == '}' ? -1 : 0;
            Assert.True(depth >= 0, "a closing brace before its opening one");
        }
        Assert.Equal(0, depth);
        var entries = bib.Split("\n\n");
        Assert.Equal(Items.Count, entries.Length);
        Assert.All(entries, e => Assert.Matches(@"^@online\{[a-z0-9]+-\d+,\n(  [a-z]+ = \{.*\},?\n)+\}\n?$", e));
        var keys = Regex.Matches(bib, @"@online\{([^,]+),").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public async Task Ris_lines_all_follow_the_tag_rule_with_crlf()
    {
        var ris = Encoding.UTF8.GetString(await ExportAsync(ExportFormat.Ris, Items));
        Assert.EndsWith("ER  - \r\n", ris);
        var lines = ris[..^2].Split("\r\n");
        Assert.All(lines, l => Assert.Matches("^[A-Z][A-Z0-9]  - ", l));
        Assert.All(lines, l => Assert.DoesNotContain('\n', l));
        Assert.Equal(Items.Count, lines.Count(l => l.StartsWith("TY  - ", StringComparison.Ordinal)));
        Assert.Equal(Items.Count, lines.Count(l => l == "ER  - "));
    }
}

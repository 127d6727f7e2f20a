using System.Text;
using PolicyWatch.Normalizing;
using PolicyWatch.Parsing;
using PolicyWatch.Tests.Support;
using Xunit.Abstractions;

namespace PolicyWatch.Tests.Normalizing;

/// <summary>
/// The author strings of the shared corpus's feeds (read in place, never copied here), as the parser gives them,
/// read by <see cref="AuthorNames"/>: nothing lost, nothing invented, within the limits. The output lists every
/// string that was cut into several names, for review.
/// </summary>
public sealed class RealWorldAuthorsTests(ITestOutputHelper output)
{
    private static readonly HashSet<string> Separators = new(StringComparer.OrdinalIgnoreCase) { "and", "&" };

    [CorpusFact]
    public void The_corpus_creators_keep_every_word_in_order_and_the_bylines_with_several_people_are_cut()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var (lists, cut) = (0, 0);
        foreach (var path in Directory.GetFiles(TestPaths.CorpusRoot, "*", SearchOption.AllDirectories).Where(IsFeed))
        {
            ParsedFeed feed;
            try { feed = FeedParser.Parse(File.ReadAllBytes(path), null, new Uri("https://feeds.example.org/")); }
            catch (FeedParseException) { continue; } // documents with nothing to read belong to the parser's tests
            foreach (var creators in feed.Entries.Select(e => e.Authors).Where(a => a.Count > 0))
            {
                lists++;
                var names = AuthorNames.Read(creators, null, out var limited);
                Assert.False(limited, string.Join(" | ", creators));
                Assert.Equal(Words(creators), Words(names));
                if (names.Count <= creators.Count) continue;
                cut++;
                output.WriteLine($"{Path.GetFileName(path)}: {string.Join(" | ", creators)} => {string.Join(" | ", names)}");
            }
        }
        Assert.True(lists > 100, $"{lists} author lists in the corpus");
        Assert.True(cut >= 5, $"{cut} author strings were cut into several names");
    }

    /// <summary>The words of the names in order, without the separators between people and the commas around words.</summary>
    private static List<string> Words(IEnumerable<string> names) =>
        names.SelectMany(n => n.Split([' ', ';', '、', '，'], StringSplitOptions.RemoveEmptyEntries))
            .Select(w => w.Trim(','))
            .Where(w => w.Length > 0 && !Separators.Contains(w)).ToList();

    private static bool IsFeed(string path) => Path.GetExtension(path) is ".xml" or ".json"
        && !Path.GetFileName(path).StartsWith("manifest", StringComparison.Ordinal);
}

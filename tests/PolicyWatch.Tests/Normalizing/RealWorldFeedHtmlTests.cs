using System.Text;
using System.Xml;
using System.Xml.Linq;
using PolicyWatch.Normalizing;
using PolicyWatch.Tests.Support;

namespace PolicyWatch.Tests.Normalizing;

/// <summary>The HTML of real feeds (shared corpus, read in place) comes out safe, stable and readable.</summary>
public sealed class RealWorldFeedHtmlTests
{
    private static readonly HashSet<string> HtmlFields = ["description", "encoded", "content", "summary"];

    [CorpusFact]
    public void Every_html_field_of_the_real_world_feeds_sanitizes_safely()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var fields = 0;
        var notXml = new List<string>();
        foreach (var path in Directory.GetFiles(Path.Combine(TestPaths.CorpusRoot, "realworld"), "*.xml", SearchOption.AllDirectories))
        {
            var feedUrl = new Uri("https://feeds.example.org/" + Path.GetFileName(path));
            var htmlFields = HtmlOf(path);
            if (htmlFields is null) { notXml.Add(Path.GetFileName(path)); continue; }
            foreach (var html in htmlFields)
            {
                var sanitized = HtmlSanitizer.Sanitize(html, feedUrl);
                SafeHtml.Assert(sanitized, Path.GetFileName(path));
                Assert.Equal(sanitized, HtmlSanitizer.Sanitize(sanitized, feedUrl));
                if (sanitized is not null) Assert.NotNull(HtmlText.ToPlainText(html));
                fields++;
            }
        }
        // Feeds that are not XML at all belong to the parser's tests, not to these.
        Assert.True(fields > 100 && notXml.Count <= 2, $"{fields} HTML fields; not XML: {string.Join(", ", notXml)}");
    }

    /// <summary>The text of the fields that carry HTML; null when the file is not well-formed XML.</summary>
    private static List<string>? HtmlOf(string path)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, CheckCharacters = false };
        try
        {
            using var reader = XmlReader.Create(path, settings);
            return XDocument.Load(reader).Descendants()
                .Where(e => HtmlFields.Contains(e.Name.LocalName) && !e.HasElements && e.Value.Length > 0)
                .Select(e => e.Value)
                .ToList();
        }
        catch (XmlException)
        {
            return null; // reported by the caller
        }
    }
}

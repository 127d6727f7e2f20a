using System.Globalization;
using System.Net;
using System.Text;
using PolicyWatch.Catalog;
using PolicyWatch.Normalizing;
using PolicyWatch.Storage;

namespace PolicyWatch.Official;

/// <summary>A document an official step is based on or produced: its name and its official address.</summary>
internal sealed record OfficialDocument(string Name, string Url);

/// <summary>
/// One official step as a parliament's API gives it (a sitting, a publication, a procedure's activity),
/// in the one shape both APIs map onto before it becomes an item.
/// </summary>
/// <param name="Key">Its identity within the source, built from the API's own ids, so a re-read updates it.</param>
/// <param name="Category">The kind of step: "Sitting" or "Publication" (as the UK bill feeds say), or the EP's activity type code.</param>
/// <param name="Institution">Who took the step: "House of Commons", "House of Lords", "European Parliament".</param>
internal sealed record OfficialEvent(
    string Key,
    string Title,
    DateTimeOffset Date,
    string DateRaw,
    string? Stage,
    string Category,
    string Institution,
    string Url,
    string Summary,
    IReadOnlyList<OfficialDocument> Documents,
    string? Reference)
{
    /// <summary>The event as an item of its source: legislative, on the source's dossier, with a hash of all it says.</summary>
    public NormalizedItem ToItem(SourceDefinition source)
    {
        var html = new StringBuilder("<p>").Append(WebUtility.HtmlEncode(Summary)).Append("</p>");
        if (Documents.Count > 0)
        {
            html.Append("<ul>");
            foreach (var document in Documents)
                html.Append("<li><a href=\"").Append(WebUtility.HtmlEncode(document.Url)).Append("\">")
                    .Append(WebUtility.HtmlEncode(document.Name)).Append("</a></li>");
            html.Append("</ul>");
        }
        var summaryHtml = HtmlSanitizer.Sanitize(html.ToString(), null);
        var summaryText = HtmlText.ToPlainText(summaryHtml);
        var hash = Normalizer.Sha256(string.Join('\n', Title, DateRaw, Stage, Category, Institution, Url, Summary, Reference,
            string.Join(' ', Documents.Select(d => d.Url))));
        return new NormalizedItem(Key, source.Kind, Title, Url, UrlCanonicalizer.Canonicalize(Url), null,
            summaryHtml, summaryText, null, Date, DateRaw, null, hash)
        {
            Stage = Stage,
            Category = Category,
            Reference = Reference,
            Institution = Institution,
            DossierId = source.Dossier,
        };
    }

    public static string Day(DateTimeOffset date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}

/// <summary>What reading one bill or procedure found: its events, where it stands, and notes on what was passed over.</summary>
internal sealed record OfficialFindings(IReadOnlyList<OfficialEvent> Events, OfficialStatus? Status, IReadOnlyList<string> Notes);

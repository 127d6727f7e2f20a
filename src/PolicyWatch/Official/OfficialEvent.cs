using System.Globalization;
using System.Net;
using System.Text;
using PolicyWatch.Catalog;
using PolicyWatch.Normalizing;
using PolicyWatch.Storage;

namespace PolicyWatch.Official;

/// <summary>A document an official step is based on or produced: its name and its official address.</summary>
internal sealed record OfficialDocument(string Name, string Url)
{
    /// <summary>Longer addresses are not kept: twenty documents must fit in a summary (<see cref="TextLimits.Summary"/>).</summary>
    public const int MaxUrl = 2048;
}

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
    /// <summary>
    /// The event as an item of its source: legislative, on the source's dossier, with a hash of all it says;
    /// texts cut to the <see cref="TextLimits"/> like any item's (the API's texts are content).
    /// </summary>
    public NormalizedItem ToItem(SourceDefinition source)
    {
        var truncated = new List<string>();
        string? Limit(string? text, int limit, string field)
        {
            if (!TextLimits.TryCut(text, limit, out var cut)) return text;
            truncated.Add(field);
            return cut;
        }
        var title = Limit(Title, TextLimits.Title, "title")!;
        var stage = Limit(Stage, TextLimits.Label, "stage");
        var reference = Limit(Reference, TextLimits.Label, "reference");
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
        var hash = Normalizer.Sha256(string.Join('\n', title, DateRaw, stage, Category, Institution, Url, Summary, reference,
            string.Join(' ', Documents.Select(d => d.Url))));
        return new NormalizedItem(Key, source.Kind, title, Url, UrlCanonicalizer.Canonicalize(Url), [],
            summaryHtml, summaryText, null, Date, DateRaw, null, hash)
        {
            Stage = stage,
            Category = Category,
            Reference = reference,
            Institution = Institution,
            DossierId = source.Dossier,
            Truncated = truncated,
        };
    }

    public static string Day(DateTimeOffset date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);
}

/// <summary>What reading one bill or procedure found: its events, where it stands, and notes on what was passed over.</summary>
internal sealed record OfficialFindings(IReadOnlyList<OfficialEvent> Events, OfficialStatus? Status, IReadOnlyList<string> Notes);

using System.Globalization;
using System.Net;
using System.Text;

namespace PolicyWatch.Syndication;

/// <summary>Renders a digest summary as the HTML of its entry; the same summary and site address give the same bytes.</summary>
public static class DigestHtml
{
    public static string Render(DigestSummary summary, Uri siteRoot)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture,
            $"<p>{summary.ItemCount} {summary.Counted(summary.ItemCount)} first seen by PolicyWatch in the {E(summary.PeriodLabel)} (UTC).</p>\n");
        foreach (var group in summary.Groups)
        {
            html.Append(CultureInfo.InvariantCulture, $"<h2>{E(group.Title)} ({group.Count})</h2>\n");
            foreach (var topic in group.Topics)
            {
                html.Append(CultureInfo.InvariantCulture, $"<h3>{E(topic.Title)} ({topic.Lines.Count})</h3>\n<ul>\n");
                foreach (var line in topic.Lines) AppendLine(html, line, siteRoot);
                html.Append("</ul>\n");
            }
        }
        return html.ToString();
    }

    private static void AppendLine(StringBuilder html, DigestLine line, Uri siteRoot)
    {
        var page = new Uri(siteRoot, $"items/{line.ItemId.ToString(CultureInfo.InvariantCulture)}").AbsoluteUri;
        var original = EntryLinks.Web(line.Url);
        html.Append("<li>");
        if (line.Kind != "article")
        {
            var label = line.Kind == "milestone" ? "Milestone" : "Legislative";
            html.Append(CultureInfo.InvariantCulture, $"<strong>{label}{(line.Stage is null ? "" : $" ({E(line.Stage)})")}:</strong> ");
        }
        html.Append(CultureInfo.InvariantCulture, $"<a href=\"{E((original ?? new Uri(page)).AbsoluteUri)}\">{E(line.Title)}</a>");
        html.Append(CultureInfo.InvariantCulture, $" — {E(line.Source)}, {line.PublishedAt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        html.Append(CultureInfo.InvariantCulture, $" (<a href=\"{E(page)}\">on PolicyWatch</a>)");
        if (line.AlsoReportedBy is { Count: > 0 } also)
            html.Append(CultureInfo.InvariantCulture, $"; also reported by {string.Join(", ", also.Select(a =>
                $"<a href=\"{E(new Uri(siteRoot, $"items/{a.ItemId.ToString(CultureInfo.InvariantCulture)}").AbsoluteUri)}\">{E(a.Source)}</a>"))}");
        html.Append("</li>\n");
    }

    private static string E(string text) => WebUtility.HtmlEncode(XmlText.Clean(text));
}

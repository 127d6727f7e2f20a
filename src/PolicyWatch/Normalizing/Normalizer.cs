using System.Security.Cryptography;
using System.Text;
using PolicyWatch.Catalog;
using PolicyWatch.Parsing;

namespace PolicyWatch.Normalizing;

/// <summary>Turns what a parser read into an item we can store and compare.</summary>
public static partial class Normalizer
{
    public static NormalizedItem Normalize(ParsedEntry entry, SourceDefinition source, Uri? documentUrl)
    {
        var link = UrlCanonicalizer.Absolute(entry.Link, documentUrl);
        var summaryHtml = HtmlSanitizer.Sanitize(entry.Summary ?? entry.Content, documentUrl);
        var summaryText = HtmlText.ToPlainText(entry.Summary ?? entry.Content);
        var contentText = entry.Content is null ? null : HtmlText.ToPlainText(entry.Content);
        var title = Title(entry.Title, summaryText, link);
        var published = entry.Published ?? entry.Updated;
        var hash = Hash(title, summaryText, contentText, link);
        return new NormalizedItem(
            Guid: Identity(entry, link, title, summaryText),
            Kind: source.Kind,
            Title: title,
            Url: link,
            CanonicalUrl: UrlCanonicalizer.Canonicalize(link),
            Author: Clean(entry.Author),
            SummaryHtml: summaryHtml,
            SummaryText: summaryText,
            ContentText: contentText,
            PublishedAt: published?.Value,
            PublishedRaw: published?.Raw,
            UpdatedAt: entry.Updated?.Value,
            ContentHash: hash)
        { DossierId = source.Kind == ItemKind.Legislative ? source.Dossier : null };
    }

    /// <summary>A row of an html source: its key is its identity, so a row whose text changes updates the same item.</summary>
    public static NormalizedItem FromRow(Parsing.Html.HtmlRow row, SourceDefinition source)
    {
        var link = row.Link?.AbsoluteUri;
        var title = HtmlText.CollapseWhitespace(row.Title);
        return new NormalizedItem(
            Guid: row.Key,
            Kind: source.Kind,
            Title: title,
            Url: link,
            CanonicalUrl: UrlCanonicalizer.Canonicalize(link),
            Author: null,
            SummaryHtml: row.Summary is null ? null : HtmlSanitizer.Sanitize(System.Net.WebUtility.HtmlEncode(row.Summary), null),
            SummaryText: row.Summary,
            ContentText: null,
            PublishedAt: row.Date,
            PublishedRaw: row.DateRaw,
            UpdatedAt: null,
            ContentHash: Hash(title, row.Summary, $"{row.DateRaw}|{row.Stage}|{row.Reference}", link))
        {
            Stage = row.Stage,
            Reference = row.Reference,
            DossierId = source.Kind == ItemKind.Legislative ? source.Dossier : null,
        };
    }

    /// <summary>GUID, else link, else a hash of title and text: stable across re-crawls of the same entry.</summary>
    private static string Identity(ParsedEntry entry, string? link, string title, string? text) =>
        Clean(entry.Id) ?? link ?? "sha256:" + Sha256($"{title}\n{text}");

    /// <summary>
    /// Titles are text, but some feeds put inline markup in them. Only a title that carries a known
    /// inline tag is read as HTML, so "Why <script> tags matter" keeps its words.
    /// </summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"</?(?:b|i|em|strong|span|a|br|p|sup|sub|u|s|abbr|code|font|q|small|big|mark|cite)\b[^>]*>|&(?:[a-z]+|#\d+|#x[0-9a-f]+);",
        System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex TitleMarkup();

    private static string Title(string? title, string? summary, string? link)
    {
        var text = HtmlText.CollapseWhitespace((title is not null && TitleMarkup().IsMatch(title) ? HtmlText.ToPlainText(title) : title) ?? "");
        if (text.Length > 0) return text;
        if (!string.IsNullOrEmpty(summary)) return summary.Length <= 120 ? summary : summary[..117].TrimEnd() + "…";
        return link ?? "(untitled)";
    }

    private static string Hash(string title, string? summary, string? content, string? link) =>
        Sha256($"{title}\n{summary}\n{content}\n{link}");

    internal static string Sha256(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string? Clean(string? text)
    {
        var trimmed = text?.Trim();
        return string.IsNullOrEmpty(trimmed) ? null : trimmed;
    }
}

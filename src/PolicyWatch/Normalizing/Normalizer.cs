using System.Security.Cryptography;
using System.Text;
using PolicyWatch.Catalog;
using PolicyWatch.Parsing;

namespace PolicyWatch.Normalizing;

/// <summary>Turns what a parser read into an item we can store and compare.</summary>
public static class Normalizer
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

    /// <summary>GUID, else link, else a hash of title and text: stable across re-crawls of the same entry.</summary>
    private static string Identity(ParsedEntry entry, string? link, string title, string? text) =>
        Clean(entry.Id) ?? link ?? "sha256:" + Sha256($"{title}\n{text}");

    private static string Title(string? title, string? summary, string? link)
    {
        var text = HtmlText.CollapseWhitespace(HtmlText.ToPlainText(title) ?? "");
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

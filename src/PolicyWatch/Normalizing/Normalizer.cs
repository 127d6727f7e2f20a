using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using PolicyWatch.Catalog;
using PolicyWatch.Parsing;

namespace PolicyWatch.Normalizing;

/// <summary>Turns what a parser read into an item we can store and compare.</summary>
public static partial class Normalizer
{
    /// <summary>
    /// Markup takes room besides the text it holds, so an HTML title or summary is read up to this many times its
    /// text limit; what lies past that could only be cut away, and parsing it costs (10 MB of HTML: seconds and a gigabyte).
    /// </summary>
    private const int MarkupAllowance = 4;

    /// <summary>As <see cref="MarkupAllowance"/> for the full content, whose limit is already large.</summary>
    private const int ContentMarkupAllowance = 2;

    /// <summary>A GUID longer than this identifies its item by its hash: one column of a unique index, not a document.</summary>
    public const int MaxGuidLength = 2_048;

    public static NormalizedItem Normalize(ParsedEntry entry, SourceDefinition source, Uri? documentUrl)
    {
        var cut = new Cuts();
        var link = UrlCanonicalizer.Absolute(entry.Link, documentUrl);
        var summarySource = cut.Input(entry.Summary ?? entry.Content, MarkupAllowance * TextLimits.Summary, "summary");
        var summaryHtml = cut.Html(summarySource, documentUrl, TextLimits.Summary, "summary");
        var summaryText = cut.Text(HtmlText.ToPlainText(summarySource), TextLimits.Summary, "summary");
        var contentSource = cut.Input(entry.Content, ContentMarkupAllowance * TextLimits.Text, "content");
        var contentText = contentSource is null ? null : cut.Text(HtmlText.ToPlainText(contentSource), TextLimits.Text, "content");
        var title = cut.Text(Title(cut.Input(entry.Title, MarkupAllowance * TextLimits.Title, "title"), summaryText, link), TextLimits.Title, "title");
        var published = entry.Published ?? entry.Updated;
        var hash = Hash(title, summaryText, contentText, link);
        // Every author the feed named; Author alone only from readers that fill no list.
        var creators = entry.Authors.Count > 0 ? entry.Authors : entry.Author is { } author ? [author] : [];
        var authors = AuthorNames.Read(creators, source.Name, out var authorsCut);
        if (authorsCut) cut.Mark("author");
        return new NormalizedItem(
            Guid: Identity(entry, link, title, summaryText),
            Kind: source.Kind,
            Title: title,
            Url: link,
            CanonicalUrl: UrlCanonicalizer.Canonicalize(link),
            Authors: authors,
            SummaryHtml: summaryHtml,
            SummaryText: summaryText,
            ContentText: contentText,
            PublishedAt: published?.Value,
            PublishedRaw: published?.Raw,
            UpdatedAt: entry.Updated?.Value,
            ContentHash: hash)
        {
            DossierId = source.Kind == ItemKind.Legislative ? source.Dossier : null,
            Truncated = cut.Fields,
        };
    }

    /// <summary>A row of an html source: its key is its identity, so a row whose text changes updates the same item.</summary>
    public static NormalizedItem FromRow(Parsing.HtmlList.HtmlRow row, SourceDefinition source)
    {
        var cut = new Cuts();
        var link = row.Link?.AbsoluteUri;
        var title = cut.Text(HtmlText.CollapseWhitespace(row.Title), TextLimits.Title, "title");
        var summary = cut.Text(row.Summary, TextLimits.Summary, "summary");
        var stage = cut.Text(row.Stage, TextLimits.Label, "stage");
        var reference = cut.Text(row.Reference, TextLimits.Label, "reference");
        return new NormalizedItem(
            Guid: Bounded(row.Key),
            Kind: source.Kind,
            Title: title,
            Url: link,
            CanonicalUrl: UrlCanonicalizer.Canonicalize(link),
            Authors: [],
            SummaryHtml: summary is null ? null : HtmlSanitizer.Sanitize(System.Net.WebUtility.HtmlEncode(summary), null),
            SummaryText: summary,
            ContentText: null,
            PublishedAt: row.Date,
            PublishedRaw: row.DateRaw,
            UpdatedAt: null,
            ContentHash: Hash(title, summary, $"{row.DateRaw}|{stage}|{reference}", link))
        {
            Stage = stage,
            Reference = reference,
            DossierId = source.Kind == ItemKind.Legislative ? source.Dossier : null,
            Truncated = cut.Fields,
        };
    }

    /// <summary>GUID, else link, else a hash of title and text: stable across re-crawls of the same entry.</summary>
    private static string Identity(ParsedEntry entry, string? link, string title, string? text) =>
        Bounded(Clean(entry.Id)) ?? link ?? "sha256:" + Sha256($"{title}\n{text}");

    /// <summary>A GUID as it is, or its hash when it is longer than <see cref="MaxGuidLength"/> (stable, and never two GUIDs in one).</summary>
    [return: NotNullIfNotNull(nameof(guid))]
    private static string? Bounded(string? guid) => guid is { Length: > MaxGuidLength } ? "sha256:" + Sha256(guid) : guid;

    /// <summary>Texts of one item cut to their limits, and the names of the fields that lost something.</summary>
    private sealed class Cuts
    {
        private readonly List<string> _fields = [];
        private readonly HashSet<string> _inputsCut = [];

        public IReadOnlyList<string> Fields => _fields.Distinct().ToList();

        /// <summary>The start of a raw (HTML) input, never ending inside a surrogate pair; the field counts as cut.</summary>
        public string? Input(string? raw, int maxLength, string field)
        {
            if (raw is null || raw.Length <= maxLength) return raw;
            Mark(field);
            _inputsCut.Add(field);
            var end = char.IsLowSurrogate(raw[maxLength]) && char.IsHighSurrogate(raw[maxLength - 1]) ? maxLength - 1 : maxLength;
            return raw[..end];
        }

        /// <summary>Plain text within its limit; one read from a cut input ends in the mark too.</summary>
        [return: NotNullIfNotNull(nameof(text))]
        public string? Text(string? text, int limit, string field)
        {
            if (text is null) return null;
            if (_inputsCut.Contains(field) && !text.EndsWith(TextLimits.Mark, StringComparison.Ordinal)) text += TextLimits.Mark;
            if (!TextLimits.TryCut(text, limit, out var cut)) return text;
            Mark(field);
            return cut;
        }

        /// <summary>Sanitized HTML within its limit, well-formed however it was cut; one read from a cut input ends in the mark too.</summary>
        public string? Html(string? html, Uri? baseUrl, int limit, string field)
        {
            var fromCutInput = _inputsCut.Contains(field);
            var safe = HtmlSanitizer.Sanitize(html, baseUrl, fromCutInput ? limit - TextLimits.Mark.Length : limit, out var cut);
            if (cut) Mark(field);
            return safe is not null && fromCutInput && !cut ? safe + TextLimits.Mark : safe;
        }

        /// <summary>Counts <paramref name="field"/> as cut (also for one bounded elsewhere, as the authors are).</summary>
        public void Mark(string field) => _fields.Add(field);
    }

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

using System.Text;
using PolicyWatch.Catalog;

namespace PolicyWatch.Citing;

/// <summary>
/// A biblatex <c>@online</c> entry. Text is UTF-8 (biber reads it as is); TeX's special
/// characters are escaped; titles sit in double braces so no style changes their case.
/// </summary>
internal static class BibTeXEntry
{
    public static string Format(CitableItem item)
    {
        var authors = CitedAuthors.Of(item);
        var fields = new List<(string Name, string Value)>
        {
            ("title", "{" + Escape(CitationText.Clean(item.Title)) + "}"),
        };
        if (authors.Count > 0) fields.Add(("author", string.Join(" and ", authors.Names.Select(Name))));
        if (authors.Publisher.Length > 0) fields.Add(("organization", "{" + Escape(authors.Publisher) + "}"));
        if (!item.DateIsFirstSeen) fields.Add(("date", CitationDates.Iso(item.PublishedAt)));
        fields.Add(("url", Url(item.CitedUrl)));
        fields.Add(("urldate", CitationDates.Iso(item.AccessedAt)));
        var keywords = item.Keywords.Select(k => Escape(CitationText.Clean(k))).ToList();
        if (keywords.Count > 0) fields.Add(("keywords", string.Join(", ", keywords)));
        if (!string.IsNullOrWhiteSpace(item.Language)) fields.Add(("language", Escape(CitationText.Clean(item.Language))));
        if (!string.IsNullOrWhiteSpace(item.Summary)) fields.Add(("abstract", Escape(CitationText.Clean(item.Summary))));
        // BibTeX has no field for an archived copy; note is printed by every style and read by reference managers.
        var notes = new[] { item.DateIsFirstSeen ? Notes.FirstSeen(item) : null, item.ArchivedCopy is { } copy ? Notes.Archived(copy) : null }
            .OfType<string>().ToList();
        if (notes.Count > 0) fields.Add(("note", Escape(string.Join(". ", notes))));

        var entry = new StringBuilder();
        entry.Append("@online{").Append(CitationKey.For(item)).Append(",\n");
        entry.AppendJoin(",\n", fields.Select(f => $"  {f.Name} = {{{f.Value}}}"));
        return entry.Append("\n}").ToString();
    }

    /// <summary>
    /// Escapes & % $ # _ { } ~ ^ \ for LaTeX. Braces become \textbraceleft{} and
    /// \textbraceright{} rather than \{ and \}, because BibTeX counts every brace, escaped or
    /// not, and a lone \{ would unbalance the entry.
    /// </summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' or '%' or '$' or '#' or '_' => "\\" + c,
                '{' => "\\textbraceleft{}",
                '}' => "\\textbraceright{}",
                '~' => "\\textasciitilde{}",
                '^' => "\\textasciicircum{}",
                '\\' => "\\textbackslash{}",
                _ => c.ToString(),
            });
        }
        return builder.ToString();
    }

    /// <summary>
    /// biblatex reads url verbatim, so TeX escapes would end up in the link; instead the few
    /// characters that could break the entry (braces, backslash, spaces) are percent-encoded.
    /// </summary>
    private static string Url(string url) =>
        url.Replace("\\", "%5C").Replace("{", "%7B").Replace("}", "%7D").Replace(" ", "%20");

    /// <summary>
    /// A person as "Family, Given" or, with a suffix, "Family, Jr., Given" (BibTeX's "von Last, Jr, First"); a name
    /// kept whole in braces, so no "and" or comma in it divides it and no style abbreviates it.
    /// </summary>
    private static string Name(AuthorName name) =>
        name.IsLiteral ? "{" + Escape(name.Literal!) + "}"
            : name.Suffix is null ? Escape(name.Inverted)
            : Escape($"{name.Family}, {name.Suffix}, {name.Given}");
}

/// <summary>Notes shared by the structured formats.</summary>
internal static class Notes
{
    public static string FirstSeen(CitableItem item) =>
        $"Publication date not given by the source; first seen by PolicyWatch on {CitationDates.Iso(item.PublishedAt)}";

    /// <summary>"Archived at https://web.archive.org/web/… on 2024-05-29": the copy, for formats whose notes are free text.</summary>
    public static string Archived(ArchivedCopy copy) => $"Archived at {copy.Url} on {CitationDates.Iso(copy.CapturedAt)}";

    /// <summary>RIS TY and CSL type: news and advocacy posts are articles; official events are web pages.</summary>
    public static bool IsArticle(CitableItem item) => item.Kind == ItemKind.Article;
}

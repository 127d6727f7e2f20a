using System.Buffers;
using System.Text;
using System.Text.Json;

namespace PolicyWatch.Citing;

/// <summary>
/// One item cited in each style the item page offers. Every result is plain text (no HTML,
/// no italics): the page encodes it for display and the copy button copies it as is.
/// </summary>
public static class Citations
{
    /// <summary>APA 7 reference; see <see cref="ApaStyle"/> for the no-author rule.</summary>
    public static string Apa(CitableItem item) => ApaStyle.Reference(item);

    /// <summary>MLA 9 works-cited entry, with the access date.</summary>
    public static string Mla(CitableItem item) => MlaStyle.Entry(item);

    /// <summary>Chicago notes-bibliography: the (first) note form.</summary>
    public static string ChicagoNote(CitableItem item) => ChicagoStyle.Note(item);

    /// <summary>Chicago notes-bibliography: the bibliography entry.</summary>
    public static string ChicagoBibliography(CitableItem item) => ChicagoStyle.Bibliography(item);

    /// <summary>A biblatex @online entry (LF line ends, no trailing newline).</summary>
    public static string BibTeX(CitableItem item) => BibTeXEntry.Format(item);

    /// <summary>An RIS record as a file holds it: CRLF line ends, ending with "ER  - " and its CRLF.</summary>
    public static string Ris(CitableItem item) => RisRecord.Format(item);

    /// <summary>The same RIS record with LF line ends, for showing in a web page.</summary>
    public static string RisForPage(CitableItem item) => RisRecord.Format(item, RisRecord.PageLineEnd);

    /// <summary>A CSL-JSON item object (indented).</summary>
    public static string CslJson(CitableItem item)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, CslJsonItem.Options)) CslJsonItem.Write(json, item);
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Every style, in the order the citation box shows them; the box is a web page, so RIS has LF line ends.</summary>
    public static IReadOnlyList<Citation> All(CitableItem item) =>
    [
        new("apa", "APA 7", Apa(item)),
        new("mla", "MLA 9", Mla(item)),
        new("chicago-note", "Chicago (note)", ChicagoNote(item)),
        new("chicago-bibliography", "Chicago (bibliography)", ChicagoBibliography(item)),
        new("bibtex", "BibTeX", BibTeX(item)),
        new("ris", "RIS", RisForPage(item)),
        new("csl-json", "CSL-JSON", CslJson(item)),
    ];

    /// <summary>The key shared by BibTeX and CSL-JSON, e.g. "doe2024chat-4711".</summary>
    public static string Key(CitableItem item) => CitationKey.For(item);
}

/// <summary>One entry of an item page's citation box: a stable id for the copy button, a label, the text.</summary>
public sealed record Citation(string Id, string Label, string Text);

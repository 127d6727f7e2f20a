using PolicyWatch.Normalizing;

namespace PolicyWatch.Citing;

/// <summary>Punctuation shared by the styles.</summary>
internal static class CitationText
{
    /// <summary>One line of plain text: citations never carry line breaks, control characters or runs of spaces.</summary>
    public static string Clean(string? text) =>
        text is null ? "" : HtmlText.CollapseWhitespace(string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++) span[i] = char.IsControl(source[i]) ? ' ' : source[i];
        }));

    /// <summary>Ends a citation element with a full stop, unless it already ends with . ? or !.</summary>
    public static string EndSentence(string text) =>
        text.Length == 0 || text[^1] is '.' or '?' or '!' ? text : text + ".";

    /// <summary>
    /// A title in double quotes, American style: the element's punctuation goes inside the
    /// quotes, and a title's own ? or ! replaces it. Double quotes inside become single.
    /// </summary>
    public static string Quoted(string title, char punctuation)
    {
        var inner = title.Replace('"', '\'').Replace('\u201C', '\u2018').Replace('\u201D', '\u2019');
        var own = inner.Length > 0 && inner[^1] is '?' or '!';
        if (!own && inner.Length > 0 && inner[^1] == '.') inner = inner[..^1];
        return own ? $"\"{inner}\"" : $"\"{inner}{punctuation}\"";
    }

    /// <summary>"A", "A and B", "A, B, and C": the serial comma the English styles use.</summary>
    public static string Series(IReadOnlyList<string> names, string conjunction = "and") => names.Count switch
    {
        0 => "",
        1 => names[0],
        2 => $"{names[0]} {conjunction} {names[1]}",
        _ => $"{string.Join(", ", names.Take(names.Count - 1))}, {conjunction} {names[^1]}",
    };
}

using PolicyWatch.Normalizing;

namespace PolicyWatch.Citing;

/// <summary>Punctuation shared by the styles.</summary>
/// <remarks>
/// APA 7 (§6.1), MLA 9 (§6.29) and Chicago (6.9) use American punctuation: typographic quotation
/// marks, and a period or comma that follows a quotation goes inside its closing mark
/// (<c>“Voluntary” scanning, “extended again.”</c>); a question or exclamation mark that belongs to
/// the title stays inside and takes the place of the period or comma.
/// </remarks>
internal static class CitationText
{
    private const char OpenDouble = '\u201C', CloseDouble = '\u201D', OpenSingle = '\u2018', CloseSingle = '\u2019';

    /// <summary>One line of plain text: citations never carry line breaks, control characters or runs of spaces.</summary>
    public static string Clean(string? text) =>
        text is null ? "" : HtmlText.CollapseWhitespace(string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++) span[i] = char.IsControl(source[i]) ? ' ' : source[i];
        }));

    /// <summary>A title as the styles print it: one clean line, its straight quotes made typographic.</summary>
    public static string Title(string? title) => Typographic(Clean(title));

    /// <summary>
    /// Straight quotes become typographic: <c>"a"</c> → <c>“a”</c>, <c>'a'</c> → <c>‘a’</c>, and an
    /// apostrophe becomes <c>’</c>. A quote opens after a space, a bracket or a dash, or when it sits
    /// between punctuation and a word (<c>,"Is</c>); otherwise it closes.
    /// </summary>
    public static string Typographic(string text)
    {
        if (text.AsSpan().IndexOfAny('"', '\'') < 0) return text;
        return string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                if (c is not ('"' or '\'')) { span[i] = c; continue; }
                var opens = Opens(i == 0 ? null : source[i - 1], i + 1 < source.Length ? source[i + 1] : null);
                span[i] = c == '"' ? (opens ? OpenDouble : CloseDouble) : (opens ? OpenSingle : CloseSingle);
            }
        });
    }

    private static bool Opens(char? before, char? after)
    {
        if (before is null || char.IsWhiteSpace(before.Value) || before is '(' or '[' or '{' or '\u2014' or '\u2013' or '-' or '/' or OpenDouble or OpenSingle)
            return after is { } next && !char.IsWhiteSpace(next);
        return !char.IsLetterOrDigit(before.Value) && after is { } word && char.IsLetterOrDigit(word);
    }

    /// <summary>
    /// Ends a citation element with a full stop, unless it already ends with . ? or !; a closing
    /// quotation mark at the end keeps the full stop inside it.
    /// </summary>
    public static string EndSentence(string text) => Punctuate(text, '.');

    /// <summary>
    /// A title in double quotation marks with the element's punctuation inside them, American style.
    /// Double quotation marks inside become single ones.
    /// </summary>
    public static string Quoted(string title, char punctuation)
    {
        var inner = Typographic(title).Replace(OpenDouble, OpenSingle).Replace(CloseDouble, CloseSingle);
        return inner.Length == 0 ? $"{OpenDouble}{CloseDouble}" : $"{OpenDouble}{Punctuate(inner, punctuation)}{CloseDouble}";
    }

    /// <summary>
    /// Adds a period or comma to the end of <paramref name="text"/>, inside any closing quotation marks
    /// there. A ? or ! already there takes its place; a period there is replaced by a comma.
    /// </summary>
    private static string Punctuate(string text, char punctuation)
    {
        if (text.Length == 0) return text;
        var end = text.Length;
        while (end > 0 && text[end - 1] is CloseDouble or CloseSingle) end--;
        var body = text[..end];
        var closing = text[end..];
        if (body.Length > 0 && body[^1] is '?' or '!') return text;
        if (body.Length > 0 && body[^1] == '.')
        {
            if (punctuation == '.') return text;
            body = body[..^1];
        }
        return body + punctuation + closing;
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

using System.Text;

namespace PolicyWatch.Normalizing;

/// <summary>
/// Writes text into HTML. Besides the markup characters it leaves out characters XML 1.0
/// forbids (stray controls, lone surrogates, U+FFFE/U+FFFF), because sanitized HTML is also
/// re-published inside our RSS and Atom feeds, where one such character breaks the document.
/// </summary>
internal static class HtmlEncoding
{
    public static void AppendText(StringBuilder output, string text) => Append(output, text, inAttribute: false, int.MaxValue);

    /// <summary>
    /// Appends as much of the text as keeps <paramref name="output"/> within <paramref name="maxLength"/> characters,
    /// stopping between characters (never inside an entity or a surrogate pair).
    /// </summary>
    /// <returns>Whether all of the text fit.</returns>
    public static bool AppendText(StringBuilder output, string text, int maxLength) => Append(output, text, inAttribute: false, maxLength);

    public static void AppendAttribute(StringBuilder output, string value) => Append(output, value, inAttribute: true, int.MaxValue);

    private static bool Append(StringBuilder output, string text, bool inAttribute, int maxLength)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var start = output.Length;
            switch (c)
            {
                case '&': output.Append("&amp;"); break;
                case '<': output.Append("&lt;"); break;
                case '>': output.Append("&gt;"); break;
                case '"' when inAttribute: output.Append("&quot;"); break;
                case '\t' or '\n' or '\r': output.Append(c); break;
                case < ' ' or '\uFFFE' or '\uFFFF': break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                        output.Append(c).Append(text[++i]);
                    else if (!char.IsSurrogate(c))
                        output.Append(c);
                    break;
            }
            if (output.Length > maxLength)
            {
                output.Length = start;
                return false;
            }
        }
        return true;
    }
}

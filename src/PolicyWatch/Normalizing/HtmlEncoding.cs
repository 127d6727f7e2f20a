using System.Text;

namespace PolicyWatch.Normalizing;

/// <summary>
/// Writes text into HTML. Besides the markup characters it leaves out characters XML 1.0
/// forbids (stray controls, lone surrogates, U+FFFE/U+FFFF), because sanitized HTML is also
/// re-published inside our RSS and Atom feeds, where one such character breaks the document.
/// </summary>
internal static class HtmlEncoding
{
    public static void AppendText(StringBuilder output, string text) => Append(output, text, inAttribute: false);

    public static void AppendAttribute(StringBuilder output, string value) => Append(output, value, inAttribute: true);

    private static void Append(StringBuilder output, string text, bool inAttribute)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
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
        }
    }
}

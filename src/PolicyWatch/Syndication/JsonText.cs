using System.Text;

namespace PolicyWatch.Syndication;

/// <summary>
/// Edits JSON-with-comments as text, so a hand-written file keeps its comments and layout:
/// only the inserted characters are new.
/// </summary>
public static class JsonText
{
    /// <summary>
    /// Inserts <paramref name="objects"/> (JSON texts) as the last elements of the top-level array
    /// property <paramref name="property"/>: on their own lines just before the closing bracket's
    /// line, so comments after the last element stay where they were.
    /// </summary>
    /// <exception cref="FormatException">The property or its array cannot be found.</exception>
    public static string AppendToArray(string json, string property, IReadOnlyList<string> objects)
    {
        var scanner = new Scanner(json);
        var open = scanner.FindTopLevelArray(property) ?? throw new FormatException($"the file has no top-level \"{property}\" array");
        var (close, last) = scanner.CloseOfArray(open);
        var empty = last == open;
        var indent = empty ? IndentOfLine(json, open) + "  " : IndentOfLine(json, last);
        var lineStart = json.LastIndexOf('\n', close - 1) + 1;
        var bracketOnOwnLine = lineStart > last && json[lineStart..close].All(c => c is ' ' or '\t');
        var lines = string.Join(",\n", objects.Select(o => indent + o));
        var edited = bracketOnOwnLine
            ? json.Insert(lineStart, lines + "\n")
            : json.Insert(close, "\n" + lines + "\n" + IndentOfLine(json, open));
        // The comma that separates the old last element from the new ones, right after it.
        return empty || json[last] == ',' ? edited : edited.Insert(last + 1, ",");
    }

    private static string IndentOfLine(string text, int index)
    {
        var start = text.LastIndexOf('\n', Math.Max(0, index - 1)) + 1;
        var end = start;
        while (end < text.Length && text[end] is ' ' or '\t') end++;
        return text[start..end];
    }

    private sealed class Scanner(string text)
    {
        /// <summary>The index of '[' that opens the value of a property of the root object.</summary>
        public int? FindTopLevelArray(string property)
        {
            var depth = 0;
            string? lastString = null;
            for (var i = 0; i < text.Length; i++)
            {
                if (SkipTrivia(ref i)) continue;
                var c = text[i];
                if (c == '"') { var start = i; i = EndOfString(i); lastString = text[(start + 1)..i]; continue; }
                if (c is '{' or '[')
                {
                    if (c == '[' && depth == 1 && lastString == property && PreviousSignificant(i) == ':') return i;
                    depth++;
                }
                else if (c is '}' or ']') depth--;
            }
            return null;
        }

        /// <summary>The bracket that closes the array opened at <paramref name="open"/>, and the last significant character before it.</summary>
        public (int Close, int Last) CloseOfArray(int open)
        {
            var depth = 0;
            var last = open;
            for (var i = open; i < text.Length; i++)
            {
                if (SkipTrivia(ref i)) continue;
                var c = text[i];
                if (c == '"') { i = EndOfString(i); last = i; continue; }
                if (c is '{' or '[') depth++;
                else if (c is '}' or ']' && --depth == 0) return (i, last);
                last = i;
            }
            throw new FormatException("the array is not closed");
        }

        private char PreviousSignificant(int index)
        {
            for (var i = index - 1; i >= 0; i--)
                if (!char.IsWhiteSpace(text[i])) return text[i];
            return '\0';
        }

        /// <summary>At whitespace or a comment: moves <paramref name="i"/> to its last character and says so.</summary>
        private bool SkipTrivia(ref int i)
        {
            if (char.IsWhiteSpace(text[i])) return true;
            if (text[i] != '/' || i + 1 >= text.Length) return false;
            if (text[i + 1] == '/') { var end = text.IndexOf('\n', i); i = end < 0 ? text.Length - 1 : end; return true; }
            if (text[i + 1] == '*') { var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal); i = end < 0 ? text.Length - 1 : end + 1; return true; }
            return false;
        }

        private int EndOfString(int open)
        {
            for (var i = open + 1; i < text.Length; i++)
            {
                if (text[i] == '\\') { i++; continue; }
                if (text[i] == '"') return i;
            }
            throw new FormatException("a string is not closed");
        }
    }
}

using System.Text;
using AngleSharp.Dom;

namespace PolicyWatch.Normalizing;

/// <summary>Plain text from HTML fragments, for search, tagging and titles.</summary>
public static class HtmlText
{
    /// <summary>
    /// The words of the fragment on one line: entities decoded, script-like and hidden content
    /// left out, a space wherever a block or line break separated words. Null when no text is left.
    /// </summary>
    public static string? ToPlainText(string? html)
    {
        if (string.IsNullOrWhiteSpace(html)) return null;
        var text = html.AsSpan().IndexOfAny('<', '&') < 0 ? CollapseWhitespace(html)
            : NestingGuard.IsTooDeep(html) ? CollapseWhitespace(NestingGuard.CrudeText(html))
            : CollapseWhitespace(TextOf(HtmlFragment.ParseBody(html)));
        return text.Length == 0 ? null : text;
    }

    /// <summary>Runs of whitespace (and invisible controls) become one space; no space at either end.</summary>
    public static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c)) { space = builder.Length > 0; continue; }
            // Soft hyphens and zero-width spaces hide inside words and would split a search term.
            if (c is '\u00AD' or '\u200B' or '\uFEFF') continue;
            if (space) builder.Append(' ');
            builder.Append(c);
            space = false;
        }
        return builder.ToString();
    }

    // A work list instead of recursion: feeds can nest elements thousands deep.
    private static string TextOf(IElement body)
    {
        var builder = new StringBuilder();
        var work = new Stack<INode?>(); // null stands for "a word break after this element"
        work.Push(body);
        while (work.TryPop(out var node))
        {
            if (node is null) builder.Append(' ');
            else if (node is IText text) builder.Append(text.Data);
            else if (node is IElement hidden && !IsReadable(hidden)) builder.Append(' '); // as if a block: never glue two words
            else if (node is IElement element)
            {
                var separates = !HtmlFragment.Inline.Contains(element.LocalName);
                if (separates) { builder.Append(' '); work.Push(null); }
                var children = element.ChildNodes;
                for (var i = children.Length - 1; i >= 0; i--) work.Push(children[i]);
            }
        }
        return builder.ToString();
    }

    private static bool IsReadable(IElement element) =>
        HtmlFragment.IsHtml(element) && !HtmlFragment.DroppedWithContents.Contains(element.LocalName);
}

using System.Text;
using AngleSharp.Dom;
using PolicyWatch.Normalizing;

namespace PolicyWatch.Parsing.Html;

/// <summary>The visible text of an element, as a reader would see it on one line.</summary>
internal static class ElementText
{
    /// <summary>Text with whitespace collapsed and trimmed; line breaks and block edges become spaces.</summary>
    public static string Of(INode node)
    {
        var builder = new StringBuilder();
        Append(node, builder);
        return HtmlText.CollapseWhitespace(builder.ToString());
    }

    private static void Append(INode node, StringBuilder builder)
    {
        switch (node)
        {
            case IText text:
                builder.Append(text.Data);
                return;
            case IElement element when HtmlBlocks.IsInvisible(element):
                return;
            case IElement { LocalName: "br" }:
                builder.Append(' ');
                return;
        }
        // "<td>a</td><td>b</td>" reads as "a b", not "ab".
        var block = node is IElement e && HtmlBlocks.IsBlock(e);
        if (block) builder.Append(' ');
        foreach (var child in node.ChildNodes) Append(child, builder);
        if (block) builder.Append(' ');
    }
}

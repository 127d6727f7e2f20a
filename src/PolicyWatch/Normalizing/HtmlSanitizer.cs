using System.Text;
using AngleSharp.Dom;

namespace PolicyWatch.Normalizing;

/// <summary>
/// Makes feed HTML safe to show inside our pages. The input is parsed as a browser would, then
/// written out again from the tree: only allow-listed elements and attributes
/// (<see cref="SanitizerPolicy"/>), only http/https/mailto links made absolute, all text
/// encoded. Because the output is written rather than edited, nothing the allow-list does
/// not name can reach it.
/// </summary>
public static class HtmlSanitizer
{
    private const string LinkRel = "nofollow noopener noreferrer";

    /// <summary>Safe HTML for the fragment, links resolved against <paramref name="baseUrl"/>; null when nothing is left.</summary>
    public static string? Sanitize(string? html, Uri? baseUrl)
    {
        if (string.IsNullOrWhiteSpace(html)) return null;
        var output = new StringBuilder(html.Length);
        if (NestingGuard.IsTooDeep(html)) WriteAsText(NestingGuard.CrudeText(html), output);
        else Write(HtmlFragment.ParseBody(html), output, baseUrl);
        var result = output.ToString().Trim();
        return string.IsNullOrWhiteSpace(result) ? null : result;
    }

    private static void WriteAsText(string text, StringBuilder output)
    {
        var words = HtmlText.CollapseWhitespace(text);
        if (words.Length == 0) return;
        output.Append("<p>");
        HtmlEncoding.AppendText(output, words);
        output.Append("</p>");
    }

    // A work list instead of recursion: feeds can nest elements thousands deep.
    private static void Write(IElement body, StringBuilder output, Uri? baseUrl)
    {
        var work = new Stack<Step>();
        PushChildren(work, body);
        while (work.TryPop(out var step))
        {
            if (step.EndTag is not null) output.Append(step.EndTag);
            else if (step.Node is IText text) HtmlEncoding.AppendText(output, text.Data);
            else if (step.Node is IElement element) WriteElement(element, output, work, baseUrl);
            // Comments, doctypes and processing instructions are left out.
        }
    }

    private static void WriteElement(IElement element, StringBuilder output, Stack<Step> work, Uri? baseUrl)
    {
        var name = element.LocalName;
        if (!HtmlFragment.IsHtml(element) || HtmlFragment.DroppedWithContents.Contains(name)) return;
        if (!SanitizerPolicy.OutputNames.TryGetValue(name, out var outputName))
        {
            PushChildren(work, element); // unknown element: keep what it says, not what it is
            return;
        }

        var attributes = AllowedAttributes(element, name, baseUrl);
        if (name == "a" && !attributes.Any(a => a.Name == "href"))
        {
            PushChildren(work, element); // a link to nowhere is just its text
            return;
        }
        if (name == "img" && (!attributes.Any(a => a.Name == "src") || IsTrackingPixel(attributes))) return;

        output.Append('<').Append(outputName);
        foreach (var (attributeName, value) in attributes)
        {
            output.Append(' ').Append(attributeName).Append("=\"");
            HtmlEncoding.AppendAttribute(output, value);
            output.Append('"');
        }
        if (name == "a") output.Append(" rel=\"").Append(LinkRel).Append('"');
        output.Append('>');
        if (SanitizerPolicy.Void.Contains(outputName)) return;

        // The parser eats one newline right after <pre>; write one more so a leading one survives.
        if (outputName == "pre" && element.FirstChild is IText { Data: ['\n', ..] }) output.Append('\n');
        work.Push(new Step(null, "</" + outputName + ">"));
        PushChildren(work, element);
    }

    private static List<(string Name, string Value)> AllowedAttributes(IElement element, string name, Uri? baseUrl)
    {
        var kept = new List<(string, string)>(element.Attributes.Length);
        foreach (var attribute in element.Attributes)
        {
            if (attribute.NamespaceUri is not null) continue; // xlink:href and friends
            var kind = SanitizerPolicy.AttributeOf(name, attribute.LocalName);
            var value = kind is null ? null : KeptValue(kind.Value, attribute.Value, baseUrl);
            if (value is not null) kept.Add((attribute.LocalName, value));
        }
        return kept;
    }

    private static string? KeptValue(AttributeKind kind, string value, Uri? baseUrl) => kind switch
    {
        AttributeKind.Url => SafeUrl.Resolve(value, baseUrl),
        AttributeKind.ImageUrl => SafeUrl.Resolve(value, baseUrl, allowDataImage: true),
        AttributeKind.Number => IsWholeNumber(value) ? value.Trim() : null,
        AttributeKind.Direction => value.Trim().ToLowerInvariant() is var direction and ("ltr" or "rtl" or "auto") ? direction : null,
        AttributeKind.Flag => "",
        _ => value,
    };

    private static bool IsWholeNumber(string value)
    {
        var trimmed = value.AsSpan().Trim();
        return trimmed.Length is > 0 and <= 6 && !trimmed.ContainsAnyExceptInRange('0', '9');
    }

    // One-pixel images exist to report that the item was read; they show nothing.
    private static bool IsTrackingPixel(List<(string Name, string Value)> attributes)
    {
        var width = attributes.FirstOrDefault(a => a.Name == "width").Value;
        var height = attributes.FirstOrDefault(a => a.Name == "height").Value;
        return width is "0" or "1" && height is "0" or "1";
    }

    private static void PushChildren(Stack<Step> work, INode parent)
    {
        var children = parent.ChildNodes;
        for (var i = children.Length - 1; i >= 0; i--) work.Push(new Step(children[i], null));
    }

    /// <summary>One unit of work: a node to write, or an end tag to close one already written.</summary>
    private readonly record struct Step(INode? Node, string? EndTag);
}

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
    public static string? Sanitize(string? html, Uri? baseUrl) => Sanitize(html, baseUrl, int.MaxValue, out _);

    /// <summary>
    /// Safe HTML for the fragment in at most <paramref name="maxLength"/> characters: past that, the text stops
    /// between two characters with <see cref="TextLimits.Mark"/> and the elements still open are closed, so the
    /// result stays well-formed, and <paramref name="cut"/> is true. Null when nothing is left.
    /// </summary>
    public static string? Sanitize(string? html, Uri? baseUrl, int maxLength, out bool cut)
    {
        cut = false;
        if (string.IsNullOrWhiteSpace(html)) return null;
        var crude = NestingGuard.IsTooDeep(html) ? NestingGuard.CrudeText(html) : null;
        var body = crude is null ? HtmlFragment.ParseBody(html) : null;
        string Written(Budget budget)
        {
            var output = new StringBuilder(Math.Min(html.Length, maxLength));
            if (crude is not null) WriteAsText(crude, output, budget);
            else Write(body!, output, baseUrl, budget);
            return output.ToString();
        }

        var budget = new Budget(maxLength, TextLimits.Mark.Length);
        var result = Written(budget);
        if (budget.Spent)
        {
            // The budget kept room for a mark, which a fragment just under the limit does not need.
            var exact = new Budget(maxLength, 0);
            var whole = Written(exact);
            if (!exact.Spent) (result, budget) = (whole, exact);
        }
        cut = budget.Spent;
        result = result.Trim();
        return string.IsNullOrWhiteSpace(result) ? null : result;
    }

    private static void WriteAsText(string text, StringBuilder output, Budget budget)
    {
        var words = HtmlText.CollapseWhitespace(text);
        if (words.Length == 0) return;
        output.Append("<p>");
        budget.Closing += "</p>".Length;
        if (!HtmlEncoding.AppendText(output, words, budget.MaxOutput)) budget.Spend(output);
        output.Append("</p>");
    }

    // A work list instead of recursion: feeds can nest elements thousands deep.
    private static void Write(IElement body, StringBuilder output, Uri? baseUrl, Budget budget)
    {
        var work = new Stack<Step>();
        PushChildren(work, body);
        while (work.TryPop(out var step))
        {
            if (step.EndTag is not null)
            {
                output.Append(step.EndTag);
                budget.Closing -= step.EndTag.Length;
            }
            else if (step.Node is IText text)
            {
                if (!HtmlEncoding.AppendText(output, text.Data, budget.MaxOutput)) Stop(output, work, budget);
            }
            else if (step.Node is IElement element)
            {
                var (written, pushed) = (output.Length, work.Count);
                WriteElement(element, output, work, baseUrl, budget);
                if (output.Length == written || output.Length <= budget.MaxOutput) continue;
                // Its start tag does not fit: leave the element out, and what it put on the work list.
                output.Length = written;
                while (work.Count > pushed)
                    if (work.Pop().EndTag is { } endTag) budget.Closing -= endTag.Length;
                Stop(output, work, budget);
            }
            // Comments, doctypes and processing instructions are left out.
        }
    }

    /// <summary>Ends the output where the budget ran out: the mark, then the end tags of the elements still open.</summary>
    private static void Stop(StringBuilder output, Stack<Step> work, Budget budget)
    {
        budget.Spend(output);
        while (work.TryPop(out var step))
            if (step.EndTag is not null) output.Append(step.EndTag);
        budget.Closing = 0;
    }

    /// <summary>How long the output may grow, so that a cut one, marked and closed, still fits its limit.</summary>
    /// <param name="markRoom">Characters kept for the mark of a cut.</param>
    private sealed class Budget(int maxLength, int markRoom)
    {
        /// <summary>Characters of the end tags of the elements written and still open.</summary>
        public int Closing;

        public bool Spent { get; private set; }

        /// <summary>The limit less the end tags still to write and the room for the mark.</summary>
        public int MaxOutput => maxLength == int.MaxValue ? int.MaxValue : maxLength - Closing - markRoom;

        public void Spend(StringBuilder output)
        {
            output.Append(TextLimits.Mark);
            Spent = true;
        }
    }

    private static void WriteElement(IElement element, StringBuilder output, Stack<Step> work, Uri? baseUrl, Budget budget)
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
        var endTag = "</" + outputName + ">";
        work.Push(new Step(null, endTag));
        budget.Closing += endTag.Length;
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

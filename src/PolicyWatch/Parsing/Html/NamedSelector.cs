using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Dom;

namespace PolicyWatch.Parsing.Html;

/// <summary>A parsed CSS selector with the feeds.json key it came from, so every error can name both.</summary>
internal sealed class NamedSelector
{
    private readonly ISelector _selector;

    private NamedSelector(string name, string text, ISelector selector)
    {
        Name = name;
        Text = text;
        _selector = selector;
    }

    /// <summary>Where the selector sits in feeds.json, e.g. <c>select.date</c>.</summary>
    public string Name { get; }

    public string Text { get; }

    public string Describe() => $"{Name} \"{Text}\"";

    /// <exception cref="HtmlSelectException">The text is not a selector AngleSharp can use.</exception>
    public static NamedSelector Parse(string name, string text) =>
        TryParse(name, text, out var selector, out var error) ? selector : throw new HtmlSelectException(error);

    public static bool TryParse(string name, string text, out NamedSelector selector, out string error)
    {
        var parsed = string.IsNullOrWhiteSpace(text) ? null : new CssSelectorParser().ParseSelector(text);
        if (parsed is null)
        {
            selector = null!;
            error = $"{name} \"{text}\" is not a valid CSS selector: {SelectorSyntax.Explain(text)}";
            return false;
        }
        selector = new NamedSelector(name, text, parsed);
        error = "";
        return true;
    }

    /// <summary>Matches among the descendants of <paramref name="scope"/>, in document order.</summary>
    public IReadOnlyList<IElement> All(INode scope) => [.. scope.ChildNodes.QuerySelectorAll(_selector)];

    public IElement? First(INode scope) => scope.ChildNodes.QuerySelector(_selector);
}

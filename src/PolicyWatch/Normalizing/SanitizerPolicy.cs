using System.Collections.Frozen;

namespace PolicyWatch.Normalizing;

/// <summary>How the sanitizer may keep an attribute's value.</summary>
internal enum AttributeKind
{
    /// <summary>Free text, kept as written (encoded on output).</summary>
    Text,
    /// <summary>A link target: only http, https or mailto, made absolute.</summary>
    Url,
    /// <summary>An image source: like <see cref="Url"/>, plus raster data: images.</summary>
    ImageUrl,
    /// <summary>A non-negative whole number (sizes, spans, list numbers).</summary>
    Number,
    /// <summary>Text direction: ltr, rtl or auto.</summary>
    Direction,
    /// <summary>A flag without a value (ol reversed).</summary>
    Flag,
}

/// <summary>The allow-list: which elements survive sanitizing, under which name, with which attributes.</summary>
internal static class SanitizerPolicy
{
    /// <summary>Kept elements, mapped to the name they are written under.</summary>
    public static readonly FrozenDictionary<string, string> OutputNames = BuildOutputNames();

    /// <summary>Elements written without an end tag.</summary>
    public static readonly FrozenSet<string> Void = FrozenSet.ToFrozenSet(["br", "hr", "img"], StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, AttributeKind> Global = new Dictionary<string, AttributeKind>
    {
        ["title"] = AttributeKind.Text,
        ["lang"] = AttributeKind.Text,
        ["dir"] = AttributeKind.Direction,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, FrozenDictionary<string, AttributeKind>> ByElement =
        new Dictionary<string, FrozenDictionary<string, AttributeKind>>
        {
            ["a"] = Attributes(("href", AttributeKind.Url)),
            ["img"] = Attributes(("src", AttributeKind.ImageUrl), ("alt", AttributeKind.Text),
                ("width", AttributeKind.Number), ("height", AttributeKind.Number)),
            ["td"] = Attributes(("colspan", AttributeKind.Number), ("rowspan", AttributeKind.Number)),
            ["th"] = Attributes(("colspan", AttributeKind.Number), ("rowspan", AttributeKind.Number), ("scope", AttributeKind.Text)),
            ["time"] = Attributes(("datetime", AttributeKind.Text)),
            ["del"] = Attributes(("datetime", AttributeKind.Text), ("cite", AttributeKind.Url)),
            ["ins"] = Attributes(("datetime", AttributeKind.Text), ("cite", AttributeKind.Url)),
            ["q"] = Attributes(("cite", AttributeKind.Url)),
            ["blockquote"] = Attributes(("cite", AttributeKind.Url)),
            ["ol"] = Attributes(("start", AttributeKind.Number), ("reversed", AttributeKind.Flag)),
            ["li"] = Attributes(("value", AttributeKind.Number)),
        }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The kind of an allowed attribute of an element, or null when it is not allowed.</summary>
    public static AttributeKind? AttributeOf(string element, string attribute)
    {
        if (ByElement.TryGetValue(element, out var own) && own.TryGetValue(attribute, out var kind)) return kind;
        return Global.TryGetValue(attribute, out var global) ? global : null;
    }

    private static FrozenDictionary<string, AttributeKind> Attributes(params (string Name, AttributeKind Kind)[] attributes) =>
        attributes.ToFrozenDictionary(a => a.Name, a => a.Kind, StringComparer.Ordinal);

    private static FrozenDictionary<string, string> BuildOutputNames()
    {
        string[] kept =
        [
            "p", "br", "hr", "div", "span", "a", "img", "figure", "figcaption",
            "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
            "abbr", "cite", "q", "dfn", "time", "code", "kbd", "samp", "var", "pre", "blockquote",
            "ul", "ol", "li", "dl", "dt", "dd", "details", "summary",
            "table", "caption", "thead", "tbody", "tfoot", "tr", "td", "th",
        ];
        var names = kept.ToDictionary(name => name, name => name, StringComparer.Ordinal);
        // The item page owns h1 and h2; feed headings sit below them. Folding (not shifting)
        // keeps sanitizing idempotent: h3 stays h3 when stored HTML is sanitized again.
        names["h1"] = names["h2"] = names["h3"] = "h3";
        names["h4"] = "h4";
        names["h5"] = "h5";
        names["h6"] = "h6";
        // Sectioning containers keep their line breaks as plain blocks.
        foreach (var block in new[] { "article", "section", "aside", "header", "footer", "main", "nav", "address", "center", "hgroup" })
            names[block] = "div";
        names["strike"] = "s";
        names["tt"] = "code";
        return names.ToFrozenDictionary(StringComparer.Ordinal);
    }
}

using System.Collections.Immutable;
using System.Text;
using System.Xml;
using PolicyWatch.Parsing.Namespaces;

namespace PolicyWatch.Parsing.Xml;

/// <summary>
/// Serializes the child elements of a feed element (inline XHTML, SVG, MathML) as HTML
/// source. XHTML is written without prefixes; markup in another namespace declares that
/// namespace where it begins, since the feed's own declarations do not travel with it.
/// Attributes come in name order so the same markup always reads the same; a
/// self-closed element that HTML does not know as empty gets its end tag, because
/// "&lt;div/&gt;" in HTML opens a div that never closes.
/// </summary>
internal sealed class MarkupWriter
{
    private readonly StringBuilder markup = new();
    private readonly HtmlUrls urls = new();

    /// <summary>The default namespace and the prefixes declared so far within the written markup.</summary>
    private sealed record Scope(string DefaultNamespace, ImmutableHashSet<string> Prefixes)
    {
        /// <summary>Adds an xmlns:prefix declaration to <paramref name="attributes"/> unless an enclosing element already wrote it.</summary>
        public Scope Declare(string prefix, string ns, List<(string Name, string Value)> attributes)
        {
            if (Prefixes.Contains(prefix)) return this;
            attributes.Add(("xmlns:" + prefix, ns));
            return this with { Prefixes = Prefixes.Add(prefix) };
        }
    }

    // One scope per open element.
    private readonly Stack<Scope> scopes = new();

    // Elements HTML treats as empty; every other element is closed explicitly.
    private static readonly HashSet<string> VoidElements = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "basefont", "br", "col", "embed", "frame", "hr", "img", "input", "isindex", "keygen", "link", "meta", "param", "source", "track", "wbr",
    };

    public void Text(string value) => AppendEscaped(markup, value, attribute: false);

    public void StartElement(XmlReader reader, Uri? baseUri)
    {
        baseUri = FeedUrls.WithXmlBase(reader, baseUri);
        var scope = scopes.TryPeek(out var open) ? open : new Scope(FeedNamespaces.Xhtml, []);
        var attributes = new List<(string Name, string Value)>();
        if (reader.Prefix.Length > 0 && !IsHtml(reader.NamespaceURI)) scope = scope.Declare(reader.Prefix, reader.NamespaceURI, attributes);
        else if ((IsHtml(reader.NamespaceURI) ? FeedNamespaces.Xhtml : reader.NamespaceURI) is var ns && ns != scope.DefaultNamespace)
        {
            attributes.Add(("xmlns", ns));
            scope = scope with { DefaultNamespace = ns };
        }
        var empty = reader.IsEmptyElement;
        if (reader.MoveToFirstAttribute())
        {
            do
            {
                if (reader.Prefix == "xmlns" || reader.Name is "xmlns" or "xml:base") continue;
                if (reader.Prefix.Length > 0 && reader.Prefix != "xml") scope = scope.Declare(reader.Prefix, reader.NamespaceURI, attributes);
                var value = urls.Resolve(reader.Name, reader.Value, baseUri, markup.Length - urls.Added) ?? reader.Value;
                attributes.Add((reader.Name, value));
            } while (reader.MoveToNextAttribute());
            reader.MoveToElement();
        }
        WriteStartTag(ElementName(reader), attributes, empty);
        if (!empty) scopes.Push(scope);
    }

    private void WriteStartTag(string name, List<(string Name, string Value)> attributes, bool empty)
    {
        markup.Append('<').Append(name);
        foreach (var (attribute, value) in attributes.OrderBy(a => a.Name, StringComparer.Ordinal))
        {
            markup.Append(' ').Append(attribute).Append("=\"");
            AppendEscaped(markup, value, attribute: true);
            markup.Append('"');
        }
        if (!empty) markup.Append('>');
        else if (VoidElements.Contains(name)) markup.Append(" />");
        else markup.Append("></").Append(name).Append('>');
    }

    public void EndElement(XmlReader reader)
    {
        scopes.TryPop(out _);
        markup.Append("</").Append(ElementName(reader)).Append('>');
    }

    public override string ToString() => markup.ToString();

    // Naked markup in a feed often inherits the feed's own default namespace (Atom, RSS 1.0): the author meant HTML.
    private static bool IsHtml(string ns) => ns == FeedNamespaces.Xhtml || FeedNamespaces.IsCore(ns);

    // Markup in the feed's own XHTML namespace is written without prefixes, as HTML.
    private static string ElementName(XmlReader reader) => IsHtml(reader.NamespaceURI) ? reader.LocalName : reader.Name;

    private static void AppendEscaped(StringBuilder builder, string value, bool attribute)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>' when !attribute: builder.Append("&gt;"); break;
                case '"' when attribute: builder.Append("&quot;"); break;
                default: builder.Append(c); break;
            }
        }
    }
}

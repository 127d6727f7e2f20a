using System.Xml;
using PolicyWatch.Parsing.Atom;
using PolicyWatch.Parsing.Charsets;
using PolicyWatch.Parsing.Json;
using PolicyWatch.Parsing.Namespaces;
using PolicyWatch.Parsing.Rdf;
using PolicyWatch.Parsing.Rss;
using PolicyWatch.Parsing.Xml;

namespace PolicyWatch.Parsing;

/// <summary>
/// The one entry point for reading feeds: decodes the bytes, detects the format from the
/// document itself and hands off to that format's reader. XML is read strictly first; a
/// document strict reading refuses is repaired and read again, flagged bozo with the reason.
/// </summary>
public static class FeedParser
{
    /// <summary>Characters internal DTD entities may add during strict reading; past that the document is treated as hostile.</summary>
    private const long MaxCharactersFromEntities = XmlRepair.EntityExpansionBudget;

    /// <param name="body">The bytes as fetched.</param>
    /// <param name="contentType">The HTTP Content-Type, for its charset only; null for files.</param>
    /// <param name="documentUrl">Where the document came from, to resolve relative links.</param>
    /// <exception cref="FeedParseException">Nothing usable could be read.</exception>
    public static ParsedFeed Parse(ReadOnlySpan<byte> body, string? contentType, Uri? documentUrl)
    {
        var (text, encodingProblem) = FeedText.Decode(body, contentType);
        var start = FirstSignificant(text);
        if (start < 0) throw new FeedParseException("the document is empty");
        if (text[start] is '{' or '[') return JsonFeedReader.Read(text, documentUrl) with { Bozo = encodingProblem is not null, BozoReason = encodingProblem };

        var strict = TryStrict(text, documentUrl, out var strictError);
        if (strict is not null)
            return encodingProblem is null ? strict : strict with { Bozo = true, BozoReason = encodingProblem };
        var lenient = ReadLenient(text, documentUrl);
        if (lenient is null) throw new FeedParseException($"no feed could be read: {strictError}");
        var reason = encodingProblem ?? $"not well-formed XML: {strictError}";
        return new ParsedFeed(lenient.Format, true, reason, lenient.Header.Build(), lenient.Entries);
    }

    /// <summary>The reader for the document's format, told by its root element (which the reader stands on).</summary>
    private static XmlFeedReader ReaderFor(XmlReader reader) => reader.LocalName switch
    {
        "rss" => new RssReader(reader, reader.GetAttribute("version") is { } version && version.StartsWith("0.9", StringComparison.Ordinal) ? "rss09x" : "rss20"),
        "channel" => new RssReader(reader, "rss09x"),
        "RDF" => new RdfReader(reader),
        "feed" => new AtomReader(reader, reader.NamespaceURI == FeedNamespaces.Atom03 || reader.GetAttribute("version") == "0.3" ? "atom03" : "atom10"),
        "html" or "HTML" => throw new FeedParseException("this is an HTML page, not a feed"),
        _ => throw new FeedParseException($"<{reader.Name}> is not the root element of any feed format"),
    };

    private static int FirstSignificant(string text)
    {
        for (var i = 0; i < text.Length; i++)
            if (!char.IsWhiteSpace(text[i]) && text[i] != '\uFEFF') return i;
        return -1;
    }

    private static ParsedFeed? TryStrict(string text, Uri? documentUrl, out string? error)
    {
        var settings = new XmlReaderSettings
        {
            // Internal-subset entities are expanded within a budget; nothing external is ever fetched.
            DtdProcessing = DtdProcessing.Parse,
            XmlResolver = null,
            MaxCharactersFromEntities = MaxCharactersFromEntities,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
        };
        try
        {
            var feed = Open(text, settings);
            feed.Read(documentUrl);
            error = null;
            return new ParsedFeed(feed.Format, false, null, feed.Header.Build(), feed.Entries);
        }
        catch (XmlException e)
        {
            error = e.Message.Contains(nameof(XmlReaderSettings.MaxCharactersFromEntities), StringComparison.Ordinal)
                ? $"entity expansion beyond {MaxCharactersFromEntities} characters refused (billion laughs?)"
                : e.Message;
            return null;
        }
    }

    /// <summary>The repaired document as far as it could be read; null when not even its root element could.</summary>
    private static XmlFeedReader? ReadLenient(string text, Uri? documentUrl)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CheckCharacters = false,
        };
        XmlFeedReader? feed = null;
        try
        {
            feed = Open(XmlRepair.Repair(text), settings);
            feed.Read(documentUrl);
        }
        catch (XmlException)
        {
            // What was read before the break is kept: a truncated feed still yields its first items.
        }
        return feed;
    }

    /// <summary>A reader for the document's format, standing on its root element.</summary>
    private static XmlFeedReader Open(string text, XmlReaderSettings settings)
    {
        var reader = XmlReader.Create(new StringReader(text), settings);
        if (reader.MoveToContent() != XmlNodeType.Element) throw new FeedParseException("the document has no root element");
        return ReaderFor(reader);
    }
}

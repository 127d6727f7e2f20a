using System.Xml;
using PolicyWatch.Parsing.Charsets;
using PolicyWatch.Parsing.Json;
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
        var (text, encodingProblem) = FeedEncoding.Decode(body, contentType);
        var start = FirstSignificant(text);
        if (start < 0) throw new FeedParseException("the document is empty");
        if (text[start] is '{' or '[') return JsonFeedReader.Read(text, documentUrl) with { Bozo = encodingProblem is not null, BozoReason = encodingProblem };

        var strict = TryStrict(text, documentUrl, out var strictError);
        if (strict is not null)
            return encodingProblem is null ? strict : strict with { Bozo = true, BozoReason = encodingProblem };
        var lenient = ReadLenient(text, documentUrl, out var lenientError);
        var reason = encodingProblem ?? $"not well-formed XML: {strictError}";
        if (lenientError is not null && lenient.Entries.Count == 0 && lenient.Format is null)
            throw new FeedParseException($"no feed could be read: {strictError}");
        return new ParsedFeed(lenient.Format!, true, reason, lenient.Header, lenient.Entries);
    }

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
        var feed = XmlFeedReader.Start(text, settings);
        try
        {
            feed.Read(documentUrl);
            error = null;
            return new ParsedFeed(feed.Format!, false, null, feed.Header, feed.Entries);
        }
        catch (XmlException e)
        {
            error = e.Message.Contains(nameof(XmlReaderSettings.MaxCharactersFromEntities), StringComparison.Ordinal)
                ? $"entity expansion beyond {MaxCharactersFromEntities} characters refused (billion laughs?)"
                : e.Message;
            return null;
        }
    }

    private static XmlFeedReader ReadLenient(string text, Uri? documentUrl, out string? error)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Ignore,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CheckCharacters = false,
        };
        var feed = XmlFeedReader.Start(XmlRepair.Repair(text), settings);
        try
        {
            feed.Read(documentUrl);
            error = null;
        }
        catch (XmlException e)
        {
            // What was read before the break is kept: a truncated feed still yields its first items.
            error = e.Message;
        }
        return feed;
    }
}

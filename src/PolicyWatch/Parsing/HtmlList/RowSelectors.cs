using PolicyWatch.Catalog;
using PolicyWatch.Parsing.Html;

namespace PolicyWatch.Parsing.HtmlList;

/// <summary>A source's <c>select</c> block with every selector parsed, named after its feeds.json key.</summary>
internal sealed record RowSelectors(
    NamedSelector Item,
    NamedSelector Title,
    NamedSelector? Link,
    NamedSelector? Date,
    NamedSelector? Summary,
    NamedSelector? Stage,
    NamedSelector? Reference,
    NamedSelector? Key)
{
    /// <summary>Parses every selector; the errors name each bad one, in feeds.json order.</summary>
    public static RowSelectors? TryParse(HtmlSelect select, out IReadOnlyList<string> errors)
    {
        var found = new List<string>();
        NamedSelector? Parse(string key, string? text)
        {
            if (text is null) return null;
            if (NamedSelector.TryParse($"select.{key}", text, out var selector, out var error)) return selector;
            found.Add(error);
            return null;
        }

        var item = Parse("item", select.Item);
        var title = Parse("title", select.Title);
        var link = Parse("link", select.Link);
        var date = Parse("date", select.Date);
        var summary = Parse("summary", select.Summary);
        var stage = Parse("stage", select.Stage);
        var reference = Parse("reference", select.Reference);
        var key = Parse("key", select.Key);
        errors = found;
        if (found.Count > 0 || item is null || title is null) return null;
        return new RowSelectors(item, title, link, date, summary, stage, reference, key);
    }
}

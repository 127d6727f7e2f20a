using System.Globalization;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Web.Pages.Shared;

namespace PolicyWatch.Web.Feeds;

/// <summary>
/// The view a feed publishes: the shared filter from the query string (the same names the site
/// uses), narrowed by the pretty path's id. Unknown query parameters (cursor, order…) are ignored
/// so a page's own query string always makes a valid feed address.
/// </summary>
public sealed record FeedView(ItemFilter Filter, string Title, string Key, string HomePath)
{
    /// <summary>Query parameters that select items, in the order they appear in canonical keys.</summary>
    public static readonly string[] FilterParameters = ["jurisdiction", "dossier", "topic", "source", "kind", "q", "from", "to"];

    /// <exception cref="BadHttpRequestException">A filter names something that does not exist or cannot be read.</exception>
    public static ItemFilter ReadFilter(IQueryCollection query, PolicyCatalog catalog)
    {
        string? Value(string name) => query[name].LastOrDefault() is { } v && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var filter = new ItemFilter
        {
            Jurisdiction = Known(Value("jurisdiction"), catalog.Jurisdictions.ContainsKey, "jurisdiction"),
            Dossier = Known(Value("dossier"), id => catalog.FindDossier(id) is not null, "dossier"),
            Topic = Known(Value("topic"), id => catalog.FindTopic(id) is not null, "topic"),
            Source = Known(Value("source"), id => catalog.FindSource(id) is not null, "source"),
            Kind = Kind(Value("kind")),
            Q = Value("q"),
            From = Date(Value("from"), "from"),
            To = Date(Value("to"), "to"),
            Order = ItemOrder.Date,
        };
        return filter;
    }

    /// <summary>A stable text for the filter: part of the feed id and the ETag.</summary>
    public static string CanonicalQuery(ItemFilter filter)
    {
        var pairs = new (string Name, string? Value)[]
        {
            ("jurisdiction", filter.Jurisdiction), ("dossier", filter.Dossier), ("topic", filter.Topic), ("source", filter.Source),
            ("kind", filter.Kind?.ToString().ToLowerInvariant()), ("q", filter.Q),
            ("from", filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)), ("to", filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        };
        return string.Join('&', pairs.Where(p => p.Value is not null).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
    }

    private static string? Known(string? id, Func<string, bool> exists, string what) =>
        id is null || exists(id) ? id : throw new BadHttpRequestException($"there is no {what} \"{id}\"");

    /// <summary>The site's reading of a kind, with its message; a feed answers 400 with it as the pages do.</summary>
    private static ItemKind? Kind(string? kind)
    {
        try
        {
            return ViewQuery.ParseKind(kind);
        }
        catch (ViewQueryException e)
        {
            throw new BadHttpRequestException(e.Message);
        }
    }

    private static DateTimeOffset? Date(string? text, string name) =>
        text is null ? null
        : DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : throw new BadHttpRequestException($"{name} must be a date written yyyy-MM-dd");
}

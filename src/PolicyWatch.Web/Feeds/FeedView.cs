using Microsoft.Extensions.Primitives;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Web.Pages.Shared;

namespace PolicyWatch.Web.Feeds;

/// <summary>
/// The view a feed publishes: the site's own filter, read and checked by <see cref="ViewQuery"/> as the
/// pages read it (so a page's feed link means what the page means, to-day included), narrowed by the
/// pretty path's id. Parameters that do not select items (cursor, order…) are ignored so a page's own
/// query string always makes a valid feed address. A story is one entry unless stories=expand.
/// </summary>
public static class FeedView
{
    /// <summary>Query parameters that select items, in the order they appear in canonical keys.</summary>
    public static readonly string[] FilterParameters = ["jurisdiction", "dossier", "topic", "source", "kind", "q", "from", "to", "stories"];

    /// <summary>The filter parameters of the query string; a repeated parameter counts once, its last value.</summary>
    /// <exception cref="ViewQueryException">A filter names something that does not exist or cannot be read; the message says which.</exception>
    public static ViewQuery Read(IQueryCollection query, PolicyCatalog catalog) =>
        ViewQuery.Parse(FilterParameters.Select(name => new KeyValuePair<string, StringValues>(name, query[name].LastOrDefault())), catalog);

    /// <summary>What the stores are asked for: a feed is always newest first, even a search.</summary>
    public static ItemFilter Filter(ViewQuery view) => view.ToFilter() with { Order = ItemOrder.Date };

    /// <summary>A stable text for the view: part of the feed id and the ETag, and the query of its page.</summary>
    public static string CanonicalQuery(ViewQuery view) =>
        string.Join('&', FilterParameters.Select(name => (Name: name, Value: view.Value(name))).Where(p => p.Value is not null)
            .Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));
}

using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyWatch.Catalog;
using PolicyWatch.Citing;
using PolicyWatch.Storage;
using PolicyWatch.Syndication;
using PolicyWatch.Web.Pages.Shared;

namespace PolicyWatch.Web.Pages.Items;

/// <summary>/items/{id}: one item with where it came from, why it is tagged, its archived text and citations.</summary>
public sealed class ItemModel(PolicyCatalog catalog, ItemDetailQueries queries, FeedOptions feeds, TimeProvider time) : PageModel
{
    public PolicyCatalog Catalog => catalog;
    public ItemDetail Item { get; private set; } = null!;
    public IReadOnlyList<Citation> Citations { get; private set; } = [];
    public string Permalink { get; private set; } = "";
    public DateTimeOffset AccessedAt { get; private set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken cancellationToken)
    {
        if (await queries.FindAsync(id, cancellationToken) is not { } item) return NotFound();
        Item = item;
        AccessedAt = time.GetUtcNow();
        Permalink = Permalinks.Item(HttpContext, feeds, item.Id);
        Citations = PolicyWatch.Citing.Citations.All(Citable.From(item, Permalink, AccessedAt));
        return Page();
    }

    /// <summary>
    /// Every author on one line: "A", "A and B", "A, B and C", or with "; " between them when a name has a comma of its
    /// own ("Doe, Jane; Roe, Rick"); for a milestone, the institution that published the page it cites.
    /// </summary>
    public string Byline => Item.Authors switch
    {
        [] => "",
        [var one] => one,
        var names when names.Any(n => n.Contains(',')) => string.Join("; ", names),
        var names => $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}",
    };

    /// <summary>A tag's display name: the dossier's title or the topic's name.</summary>
    public string TagName(string tag) => catalog.FindDossier(tag)?.Title ?? catalog.FindTopic(tag)?.Name ?? catalog.Jurisdictions.GetValueOrDefault(tag, tag);

    /// <summary>Where the capture this source asks for stands, for sources with "archive": true.</summary>
    public string? SaveText => Item.SaveStatus switch
    {
        null or "saved" => null,
        "queued" => Item.SaveError is null ? "A capture is queued." : $"A capture is queued again: the last try failed: {Item.SaveError}",
        "submitted" => "A capture was asked for and is in progress.",
        "skipped" => "No capture asked for: the archive already held one.",
        _ => $"Asking for a capture failed: {Item.SaveError}",
    };

    public string TagHref(string tag) => catalog.FindDossier(tag) is not null ? $"/dossiers/{tag}" : catalog.FindTopic(tag) is not null ? $"/topics/{tag}" : $"/j/{tag}";
}

using Microsoft.AspNetCore.Mvc;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;
using PolicyWatch.Web.Pages.Shared;

namespace PolicyWatch.Web.Pages.Topics;

public sealed class TopicModel(PolicyCatalog catalog, ItemQueries items, ActivityQueries activity) : TimelinePageModel(catalog, items, activity)
{
    public Topic Topic { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken cancellationToken)
    {
        if (Catalog.FindTopic(id) is not { } topic) return NotFound();
        Topic = topic;
        return await ShowAsync(view => view with { Topic = id }, cancellationToken);
    }
}

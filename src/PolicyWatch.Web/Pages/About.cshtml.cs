using Microsoft.AspNetCore.Mvc.RazorPages;
using PolicyWatch.Catalog;

namespace PolicyWatch.Web.Pages;

/// <summary>/about: what is tracked (from feeds.json) and how items get their tags.</summary>
public sealed class AboutModel(PolicyCatalog catalog) : PageModel
{
    public PolicyCatalog Catalog => catalog;

    public void OnGet()
    {
    }
}

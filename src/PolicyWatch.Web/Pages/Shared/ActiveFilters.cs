using System.Globalization;
using PolicyWatch.Catalog;

namespace PolicyWatch.Web.Pages.Shared;

/// <summary>One filter in effect, as the page shows it, with the address of the same view without it.</summary>
public sealed record ActiveFilter(string Name, string Label, string RemoveHref);

public static class ActiveFilters
{
    public static IReadOnlyList<ActiveFilter> Of(ViewQuery view, PolicyCatalog catalog) =>
        view.Parameters()
            .Select(p => new ActiveFilter(p.Key, Label(p.Key, p.Value, catalog), view.Without(p.Key).Href()))
            .ToList();

    private static string Label(string name, string value, PolicyCatalog catalog) => name switch
    {
        "jurisdiction" => "Jurisdiction: " + catalog.Jurisdictions.GetValueOrDefault(value, value),
        "dossier" => "Dossier: " + (catalog.FindDossier(value)?.Title ?? value),
        "topic" => "Topic: " + (catalog.FindTopic(value)?.Name ?? value),
        "source" => "Source: " + (catalog.FindSource(value)?.Name ?? value),
        "kind" => "Kind: " + value,
        "from" => "From " + value,
        "to" => "To " + value + " (inclusive)",
        "q" => "Search: " + value,
        "order" => "Order: " + value,
        "stories" => value == "expand" ? "Every item of a story" : "Each story once",
        _ => string.Create(CultureInfo.InvariantCulture, $"{name}: {value}"),
    };
}

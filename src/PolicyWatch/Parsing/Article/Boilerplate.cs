using System.Text.RegularExpressions;
using AngleSharp.Dom;
using PolicyWatch.Parsing.Html;

namespace PolicyWatch.Parsing.Article;

/// <summary>The parts of a page that are never the article: navigation, chrome, widgets, comments.</summary>
internal static partial class Boilerplate
{
    private static readonly HashSet<string> ChromeTags =
        ["nav", "header", "footer", "aside", "button", "select", "textarea", "input", "label", "dialog", "menu", "figure"];

    private static readonly HashSet<string> ChromeRoles =
        ["navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu", "menubar"];

    private static readonly HashSet<string> Protected = ["html", "body", "article", "main"];

    /// <summary>Removes everything that is boilerplate by its tag, role, visibility or class/id names.</summary>
    public static void Remove(IElement root)
    {
        foreach (var element in root.QuerySelectorAll("*").ToList())
            if (element.Parent is not null && IsBoilerplate(element)) element.Remove();
    }

    /// <summary>
    /// +25 for class/id names that mark content, −25 for names that mark furniture; both can apply
    /// ("comment-content") and cancel out.
    /// </summary>
    public static int ClassWeight(IElement element)
    {
        var names = Names(element);
        if (names.Length == 0) return 0;
        var weight = 0;
        if (Negative().IsMatch(names)) weight -= 25;
        if (Positive().IsMatch(names)) weight += 25;
        return weight;
    }

    private static bool IsBoilerplate(IElement element)
    {
        if (Protected.Contains(element.LocalName)) return false;
        if (HtmlBlocks.IsInvisible(element) || ChromeRoles.Contains(element.GetAttribute("role") ?? "")) return true;
        if (ChromeTags.Contains(element.LocalName)) return true;
        // Some sites (ASP.NET Web Forms) wrap the whole page in one <form>: only small forms are chrome.
        if (element.LocalName == "form") return element.QuerySelectorAll("p").Length < 3;
        var names = Names(element);
        return names.Length > 0 && Unlikely().IsMatch(names) && !Positive().IsMatch(names);
    }

    private static string Names(IElement element) => $"{element.ClassName} {element.Id}".Trim();

    // Furniture so rarely holding the article that the element goes before scoring.
    [GeneratedRegex(@"comment|cookie|consent|gdpr|newsletter|subscribe|signup|share|sharing|social|related|recommended|sidebar|breadcrumb|masthead|menu|navbar|\bnav\b|footer|banner|promo|advert|\bads?\b|sponsor|popup|modal|disqus|outbrain|taboola|skip-link|paywall|tags?-list|author-bio",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Unlikely();

    [GeneratedRegex(@"comment|cookie|newsletter|share|social|related|sidebar|\bnav\b|footer|widget|meta|byline|caption|tags?\b|pagination|\bad\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negative();

    [GeneratedRegex(@"article|content|\bpost\b|post-body|entry|\bmain\b|\bbody\b|\btext\b|story|blog|release|hentry|prose|rich-text",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Positive();
}

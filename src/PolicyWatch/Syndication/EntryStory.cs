using System.Net;
using PolicyWatch.Storage;

namespace PolicyWatch.Syndication;

/// <summary>What a feed entry says of the story it stands for: the other sources that reported the same event, each linked to its item page.</summary>
public static class EntryStory
{
    /// <summary>"Also reported by 2 sources: EDRi, netzpolitik.org." as HTML, or "" when the item is alone.</summary>
    public static string Html(TimelineItem item, Uri siteRoot)
    {
        if (item.Story is not { OtherSources: > 0 } story) return "";
        var links = story.AlsoReportedBy.Select(r => $"<a href=\"{WebUtility.HtmlEncode(EntryLinks.ItemPage(siteRoot, r.ItemId).AbsoluteUri)}\">{WebUtility.HtmlEncode(r.SourceName)}</a>");
        var more = story.OtherSources > story.AlsoReportedBy.Count ? $" and {story.OtherSources - story.AlsoReportedBy.Count} more" : "";
        return $"<p>Also reported by {story.OtherSources} {(story.OtherSources == 1 ? "source" : "sources")}: {string.Join(", ", links)}{more}.</p>";
    }
}

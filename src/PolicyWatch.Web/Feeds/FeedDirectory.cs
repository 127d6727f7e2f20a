using PolicyWatch.Catalog;
using PolicyWatch.Syndication;

namespace PolicyWatch.Web.Feeds;

/// <summary>One feed we publish, by its address without extension (add .atom, .rss or .json).</summary>
public sealed record PublishedFeed(string Title, string Path, string? PagePath);

/// <summary>A heading of the feed list: "Jurisdictions", "Weekly digests"…</summary>
public sealed record FeedSection(string Title, IReadOnlyList<PublishedFeed> Feeds);

/// <summary>Every feed PolicyWatch publishes, for the /feeds page and /feeds.opml.</summary>
public static class FeedDirectory
{
    public static IReadOnlyList<FeedSection> Sections(PolicyCatalog catalog)
    {
        var sections = new List<FeedSection>
        {
            new("Everything", [new PublishedFeed("All items", "feeds/timeline", "")]),
            new("Jurisdictions", catalog.Jurisdictions.Select(j => new PublishedFeed(j.Value, $"feeds/j/{j.Key}", $"j/{j.Key}")).ToList()),
            new("Dossiers", catalog.Dossiers.Select(d => new PublishedFeed(d.Title, $"feeds/dossiers/{d.Id}", $"dossiers/{d.Id}")).ToList()),
            new("Topics", catalog.Topics.Select(t => new PublishedFeed(t.Name, $"feeds/topics/{t.Id}", $"topics/{t.Id}")).ToList()),
            new("Sources", catalog.Sources.Select(s => new PublishedFeed(s.Name, $"feeds/sources/{s.Id}", $"sources#{s.Id}")).ToList()),
        };
        foreach (var cadence in new[] { DigestCadence.Weekly, DigestCadence.Daily })
        {
            var name = DigestFeeds.Name(cadence);
            sections.Add(new FeedSection($"{char.ToUpperInvariant(name[0])}{name[1..]} digests", [
                .. catalog.Jurisdictions.Select(j => new PublishedFeed($"{j.Value} ({name})", $"feeds/digest/{name}/j/{j.Key}", $"j/{j.Key}")),
                .. catalog.Dossiers.Select(d => new PublishedFeed($"{d.Title} ({name})", $"feeds/digest/{name}/dossiers/{d.Id}", $"dossiers/{d.Id}")),
                .. catalog.Topics.Select(t => new PublishedFeed($"{t.Name} ({name})", $"feeds/digest/{name}/topics/{t.Id}", $"topics/{t.Id}")),
            ]));
        }
        return sections;
    }

    /// <summary>/feeds.opml: every Atom feed, one folder per section.</summary>
    public static async Task WriteOpmlAsync(HttpContext context, PolicyCatalog catalog, FeedOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var root = FeedSite.Root(context, options);
        var outlines = Sections(catalog).Select(section => OpmlOutline.Folder(section.Title,
            section.Feeds.Select(f => OpmlOutline.Feed(f.Title, new Uri(root, f.Path + ".atom").AbsoluteUri,
                f.PagePath is null ? null : new Uri(root, f.PagePath).AbsoluteUri)).ToList())).ToList();
        context.Response.ContentType = "text/x-opml; charset=utf-8";
        context.Response.Headers.CacheControl = $"public, max-age={(int)options.MaxAge.TotalSeconds}";
        await Opml.WriteAsync("PolicyWatch feeds", time.GetUtcNow(), outlines, context.Response.Body, cancellationToken);
    }
}

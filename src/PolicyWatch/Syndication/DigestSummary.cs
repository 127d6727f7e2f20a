using System.Text.Json;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.Syndication;

/// <summary>
/// A closed period's digest as data: what is frozen in the database. Titles are copied in, so a
/// later rename in feeds.json does not change an entry readers already have.
/// </summary>
/// <param name="ItemCount">What the period counts: stories (each story once, <see cref="CountsStories"/>), or, in summaries frozen before stories existed, items.</param>
public sealed record DigestSummary(string ScopeTitle, string PeriodLabel, int ItemCount, IReadOnlyList<DigestGroup> Groups)
{
    /// <summary>True from stories on: a story (the same event from several sources) is one line and counts once. Summaries frozen before say items.</summary>
    public bool CountsStories { get; init; }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>"European Union: week of 16 November 2026 (3 items)": the entry's title and the page's heading.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Heading => $"{ScopeTitle}: {PeriodLabel} ({ItemCount} {Counted(ItemCount)})";

    /// <summary>"story" or "stories", or for a summary frozen before stories existed "item" or "items".</summary>
    public string Counted(int count) => (CountsStories, count == 1) switch
    {
        (true, true) => "story", (true, false) => "stories", (false, true) => "item", (false, false) => "items",
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static DigestSummary FromJson(string json) =>
        JsonSerializer.Deserialize<DigestSummary>(json, Json) ?? throw new JsonException("an empty digest summary");

    /// <summary>
    /// Groups items by dossier, then topic, each story once (by its lead, else the earliest of its items in the period,
    /// naming the other sources): under the first of its dossiers (and topics) in feeds.json order, items with none
    /// last. Official events lead each list.
    /// </summary>
    public static DigestSummary Compose(string scopeTitle, DigestPeriod period, IReadOnlyList<DigestItem> items, PolicyCatalog catalog)
    {
        var dossierOrder = catalog.Dossiers.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i);
        var topicOrder = catalog.Topics.Select((t, i) => (t.Id, i)).ToDictionary(p => p.Id, p => p.i);
        string? First(IReadOnlyList<string> tags, Dictionary<string, int> order) =>
            tags.Where(order.ContainsKey).OrderBy(t => order[t]).FirstOrDefault();

        var stories = items.GroupBy(i => i.StoryId ?? -i.Id)
            .Select(g => g.OrderByDescending(i => i.LeadsStory).ThenBy(i => i.PublishedAt).ThenBy(i => i.Id).ToList())
            .Select(members => (Shown: members[0], Also: members.Skip(1).Where(m => m.SourceName != members[0].SourceName)
                .DistinctBy(m => m.SourceName).Select(m => new DigestAlso(m.Id, m.SourceName)).ToList()))
            .ToDictionary(s => s.Shown.Id, s => s.Also);
        var groups = items.Where(i => stories.ContainsKey(i.Id))
            .GroupBy(i => First(i.Dossiers, dossierOrder))
            .OrderBy(g => g.Key is null ? int.MaxValue : dossierOrder[g.Key])
            .Select(byDossier => new DigestGroup(
                byDossier.Key is null ? "Other coverage" : catalog.FindDossier(byDossier.Key)!.Title,
                byDossier.Count(),
                byDossier.GroupBy(i => First(i.Topics, topicOrder))
                    .OrderBy(g => g.Key is null ? int.MaxValue : topicOrder[g.Key])
                    .Select(byTopic => new DigestTopicGroup(
                        byTopic.Key is null ? "Other" : catalog.FindTopic(byTopic.Key)!.Name,
                        byTopic.OrderBy(i => KindRank(i.Kind)).ThenBy(i => i.PublishedAt).ThenBy(i => i.Id)
                            .Select(i => new DigestLine(i.Id, i.Kind, i.Title, i.Url, i.SourceName, i.PublishedAt, i.Stage)
                            {
                                AlsoReportedBy = stories[i.Id].Count == 0 ? null : stories[i.Id],
                            }).ToList()))
                    .ToList()))
            .ToList();
        return new DigestSummary(scopeTitle, period.Describe(), stories.Count, groups) { CountsStories = true };
    }

    private static int KindRank(string kind) => kind switch { "milestone" => 0, "legislative" => 1, _ => 2 };
}

public sealed record DigestGroup(string Title, int Count, IReadOnlyList<DigestTopicGroup> Topics);

public sealed record DigestTopicGroup(string Title, IReadOnlyList<DigestLine> Lines);

public sealed record DigestLine(long ItemId, string Kind, string Title, string? Url, string Source, DateTimeOffset PublishedAt, string? Stage)
{
    /// <summary>The other sources of the line's story first seen in the period, each with its item; null when none.</summary>
    public IReadOnlyList<DigestAlso>? AlsoReportedBy { get; init; }
}

/// <summary>Another source that reported a digest line's story, and its item.</summary>
public sealed record DigestAlso(long ItemId, string Source);

namespace PolicyWatch.Catalog;

/// <summary>feeds.json, loaded and validated: everything PolicyWatch tracks and where it looks.</summary>
public sealed record PolicyCatalog(
    IReadOnlyDictionary<string, string> Jurisdictions,
    IReadOnlyList<Dossier> Dossiers,
    IReadOnlyList<Topic> Topics,
    IReadOnlyList<SourceDefinition> Sources)
{
    /// <summary>How far back history walks go: <c>"history": { "since": "2020-01-01" }</c>; null: no history.</summary>
    public DateOnly? HistorySince { get; init; }

    public Dossier? FindDossier(string id) => Dossiers.FirstOrDefault(d => d.Id == id);
    public Topic? FindTopic(string id) => Topics.FirstOrDefault(t => t.Id == id);
    public SourceDefinition? FindSource(string id) => Sources.FirstOrDefault(s => s.Id == id);
}

/// <summary>A piece of legislation followed through its stages, e.g. 2022/0155(COD).</summary>
public sealed record Dossier(
    string Id,
    string Title,
    string Jurisdiction,
    string? Reference,
    Uri? Url,
    IReadOnlyList<string> Phrases,
    IReadOnlyList<string> Exclude,
    IReadOnlyList<Milestone> Milestones);

/// <summary>A curated, dated stage of a dossier with the official source that backs it.</summary>
/// <param name="Publisher">
/// Who published <paramref name="Url"/>, as citations name it: feeds.json's <c>"publisher"</c>, else
/// the institution behind the URL's host (<see cref="Publishers"/>).
/// </param>
public sealed record Milestone(PartialDate Date, string Title, string Stage, Uri Url, string Publisher);

/// <summary>A theme that cuts across dossiers (client-side scanning, age assurance…).</summary>
public sealed record Topic(
    string Id,
    string Name,
    string? Jurisdiction,
    IReadOnlyList<string> Phrases,
    IReadOnlyList<string> Exclude);

/// <summary>
/// How a source is read: a feed, an HTML page read with selectors, or one of the two parliaments'
/// APIs (<c>uk-bill</c>: the UK Parliament's Bills API; <c>ep-procedure</c>: the European Parliament's Open Data API).
/// </summary>
public enum SourceType { Feed, Html, UkBill, EpProcedure }

public static class SourceTypes
{
    /// <summary>The name feeds.json and the sources table use: feed, html, uk-bill, ep-procedure.</summary>
    public static string Name(this SourceType type) => type switch
    {
        SourceType.UkBill => "uk-bill",
        SourceType.EpProcedure => "ep-procedure",
        _ => type.ToString().ToLowerInvariant(),
    };

    /// <summary>A parliament's API: its address comes from the settings, not from feeds.json.</summary>
    public static bool IsOfficialApi(this SourceType type) => type is SourceType.UkBill or SourceType.EpProcedure;
}

/// <summary>Which fetched items a source keeps: all of them, or only those a dossier or topic matches.</summary>
public enum KeepPolicy { All, Matching }

public enum ItemKind { Article, Legislative, Milestone }

/// <summary>One place PolicyWatch crawls, as configured in feeds.json.</summary>
public sealed record SourceDefinition(
    string Id,
    string Name,
    Uri Url,
    SourceType Type,
    string Jurisdiction,
    TimeSpan Every,
    KeepPolicy Keep,
    ItemKind Kind,
    string? Dossier,
    HtmlSelect? Select)
{
    /// <summary><c>"archive": true</c>: ask the Internet Archive to capture each new item's page (Save Page Now).</summary>
    public bool Archive { get; init; }

    /// <summary>
    /// <c>"official": true</c>: a government, parliament, regulator or EU institution publishing its own news; its item
    /// leads a story it is in (the same event from several sources).
    /// </summary>
    public bool Official { get; init; }

    /// <summary>Where the event date is when it is not the publication date (UK bill feeds put it in the title).</summary>
    public EventDateRule? EventDate { get; init; }

    /// <summary>Fetch each new item's page and keep its main text; null when the source does not ask for it.</summary>
    public PageExtraction? Extract { get; init; }

    /// <summary>How the source's older items are recovered: <c>"history"</c>, auto-detected by default for feeds.</summary>
    public HistoryMode History { get; init; } = HistoryMode.Auto;

    /// <summary>The UK bill a <c>uk-bill</c> source follows (<c>"bill": 3137</c>).</summary>
    public int? Bill { get; init; }

    /// <summary>The procedure an <c>ep-procedure</c> source follows (<c>"procedure": "2022/0155(COD)"</c>).</summary>
    public ProcedureReference? Procedure { get; init; }
}

/// <summary>
/// How a source's history is walked: <see cref="Auto"/> tries RFC 5005 archives, paged feeds,
/// WordPress paging and the Internet Archive's captures in that order; the others pin one method.
/// </summary>
public enum HistoryMode { Auto, Off, Archives, Paged, WordPress, InternetArchive }

/// <summary><c>"eventDate": {"from": "title", "pattern": …, "dateFormat": …}</c>: the event date is read from the title.</summary>
public sealed record EventDateRule(string? Pattern, IReadOnlyList<string> DateFormats);

/// <summary><c>"extract": true</c> (find the main text) or <c>"extract": "css selector"</c> (take what it picks).</summary>
public sealed record PageExtraction(string? Selector);

/// <summary>
/// CSS selectors that turn an HTML page into items: <see cref="Item"/> picks the rows,
/// the others are applied within a row.
/// </summary>
public sealed record HtmlSelect(
    string Item,
    string Title,
    string? Link,
    string? Date,
    IReadOnlyList<string> DateFormats,
    string? Summary,
    string? Stage,
    string? Reference,
    string? Key);

using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;
using PolicyWatch.Catalog;
using PolicyWatch.Storage;

namespace PolicyWatch.Web.Pages.Shared;

/// <summary>
/// The one filter every view, feed link, export and the API share, as carried in the query string:
/// jurisdiction, dossier, topic, source, kind, from, to (YYYY-MM-DD, UTC days, both inclusive), q, order, stories, cursor.
/// Read in one place (<see cref="Parse"/>) and written back in one place (<see cref="Href"/>), so every view is a shareable URL.
/// </summary>
public sealed record ViewQuery
{
    public string? Jurisdiction { get; init; }
    public string? Dossier { get; init; }
    public string? Topic { get; init; }
    public string? Source { get; init; }
    public ItemKind? Kind { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string? Q { get; init; }
    public ItemOrder? Order { get; init; }

    /// <summary>"collapse" (the default: a story once, by its lead) or "expand" (every item); null when unset.</summary>
    public string? Stories { get; init; }

    public string? Cursor { get; init; }

    public static readonly ViewQuery Everything = new();

    /// <summary>
    /// The days from and to may name: wider than any policy history, and far enough inside the calendar
    /// that turning a day into the instants around it can never overflow.
    /// </summary>
    public static readonly DateOnly FirstDay = new(1900, 1, 1), LastDay = new(2200, 12, 31);

    /// <summary>The names in the order URLs write them.</summary>
    public static readonly IReadOnlyList<string> Names = ["jurisdiction", "dossier", "topic", "source", "kind", "from", "to", "q", "order", "stories", "cursor"];

    public bool HasSearch => !string.IsNullOrWhiteSpace(Q);

    /// <summary>Reads and validates a query string against the catalog. Empty values (as a GET form sends them) mean "not set".</summary>
    /// <exception cref="ViewQueryException">A value is not one the catalog knows, or not a day from <see cref="FirstDay"/> to <see cref="LastDay"/>, or from is after to.</exception>
    public static ViewQuery Parse(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query, PolicyCatalog catalog)
    {
        var values = query.ToDictionary(p => p.Key, p => p.Value.ToString().Trim(), StringComparer.OrdinalIgnoreCase);
        string? Get(string name) => values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
        var view = new ViewQuery
        {
            Jurisdiction = Known(Get("jurisdiction"), "jurisdiction", catalog.Jurisdictions.ContainsKey),
            Dossier = Known(Get("dossier"), "dossier", id => catalog.FindDossier(id) is not null),
            Topic = Known(Get("topic"), "topic", id => catalog.FindTopic(id) is not null),
            Source = Known(Get("source"), "source", id => catalog.FindSource(id) is not null),
            Kind = ParseKind(Get("kind")),
            From = ParseDay(Get("from"), "from"),
            To = ParseDay(Get("to"), "to"),
            Q = Get("q"),
            Order = ParseOrder(Get("order")),
            Stories = ParseStories(Get("stories")),
            Cursor = Get("cursor"),
        };
        if (view.From > view.To) throw new ViewQueryException($"the date range is empty: from {Day(view.From)} is after to {Day(view.To)}");
        return view;
    }

    /// <summary>A kind by name, in any case; null when unset. Numbers are refused although the enum would take them.</summary>
    /// <exception cref="ViewQueryException">Not article, legislative or milestone; the message says so and names the value.</exception>
    public static ItemKind? ParseKind(string? kind)
    {
        if (kind is null) return null;
        if (int.TryParse(kind, out _) || !Enum.TryParse<ItemKind>(kind, ignoreCase: true, out var parsed))
            throw new ViewQueryException($"kind must be article, legislative or milestone, not \"{kind}\"");
        return parsed;
    }

    /// <summary>The filter the stores understand: days become UTC instants, "to" includes its whole day.</summary>
    public ItemFilter ToFilter() => new()
    {
        Jurisdiction = Jurisdiction, Dossier = Dossier, Topic = Topic, Source = Source, Kind = Kind,
        From = From is { } from ? StartOf(from) : null,
        // Parse keeps days inside the calendar, but a view built in code may not: the last day there is has no day after, so it ends nothing.
        To = To is { } to && to < DateOnly.MaxValue ? StartOf(to.AddDays(1)) : null,
        Q = HasSearch ? Q : null,
        Order = Order ?? (HasSearch ? ItemOrder.Relevance : ItemOrder.Date),
        CollapseStories = Stories != "expand",
    };

    /// <summary>The set parameters as name/value pairs in <see cref="Names"/> order.</summary>
    public IEnumerable<KeyValuePair<string, string>> Parameters(bool withCursor = false)
    {
        foreach (var name in Names)
            if (Value(name) is { } value && (withCursor || name != "cursor"))
                yield return new(name, value);
    }

    /// <summary>"?a=b&amp;c=d" for the given parameters, or "" when there are none.</summary>
    public static string QueryString(IEnumerable<KeyValuePair<string, string>> parameters) =>
        QueryHelpers.AddQueryString("", parameters!);

    public string QueryString(bool withCursor = false) => QueryString(Parameters(withCursor));

    /// <summary>
    /// This view's address: the pretty path when one of jurisdiction, dossier or topic is set alone
    /// (/j/eu?q=…, /dossiers/x?kind=…, /topics/y), else /timeline?… with everything.
    /// </summary>
    public string Href(bool withCursor = false)
    {
        var (path, taken) = PrettyPath();
        return path + QueryString(Parameters(withCursor).Where(p => p.Key != taken));
    }

    /// <summary>The pretty path and the parameter it carries, or /timeline and none.</summary>
    public (string Path, string? Taken) PrettyPath() =>
        (Jurisdiction, Dossier, Topic) switch
        {
            ({ } j, null, null) => ($"/j/{Uri.EscapeDataString(j)}", "jurisdiction"),
            (null, { } d, null) => ($"/dossiers/{Uri.EscapeDataString(d)}", "dossier"),
            (null, null, { } t) => ($"/topics/{Uri.EscapeDataString(t)}", "topic"),
            _ => ("/timeline", null),
        };

    /// <summary>The same view without one parameter (and always from its first page).</summary>
    public ViewQuery Without(string name) => name switch
    {
        "jurisdiction" => this with { Jurisdiction = null, Cursor = null },
        "dossier" => this with { Dossier = null, Cursor = null },
        "topic" => this with { Topic = null, Cursor = null },
        "source" => this with { Source = null, Cursor = null },
        "kind" => this with { Kind = null, Cursor = null },
        "from" => this with { From = null, Cursor = null },
        "to" => this with { To = null, Cursor = null },
        "q" => this with { Q = null, Order = null, Cursor = null },
        "order" => this with { Order = null, Cursor = null },
        "stories" => this with { Stories = null, Cursor = null },
        _ => this with { Cursor = null },
    };

    public string? Value(string name) => name switch
    {
        "jurisdiction" => Jurisdiction,
        "dossier" => Dossier,
        "topic" => Topic,
        "source" => Source,
        "kind" => Kind?.ToString().ToLowerInvariant(),
        "from" => From is null ? null : Day(From),
        "to" => To is null ? null : Day(To),
        "q" => HasSearch ? Q : null,
        "order" => Order?.ToString().ToLowerInvariant(),
        "stories" => Stories,
        "cursor" => Cursor,
        _ => null,
    };

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static string? Known(string? id, string what, Func<string, bool> exists) =>
        id is null || exists(id) ? id : throw new ViewQueryException($"there is no {what} \"{id}\"");

    private static DateOnly? ParseDay(string? text, string name)
    {
        if (text is null) return null;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            throw new ViewQueryException($"{name} must be a day written YYYY-MM-DD, such as 2024-05-28, not \"{text}\"");
        if (day < FirstDay || day > LastDay)
            throw new ViewQueryException($"{name} must be a day between {Day(FirstDay)} and {Day(LastDay)}, not \"{text}\"");
        return day;
    }

    private static string? ParseStories(string? stories) => stories?.ToLowerInvariant() switch
    {
        null => null,
        "collapse" or "expand" => stories.ToLowerInvariant(),
        _ => throw new ViewQueryException($"stories must be collapse or expand, not \"{stories}\""),
    };

    private static ItemOrder? ParseOrder(string? order) => order?.ToLowerInvariant() switch
    {
        null => null,
        "relevance" => ItemOrder.Relevance,
        "date" => ItemOrder.Date,
        _ => throw new ViewQueryException($"order must be relevance or date, not \"{order}\""),
    };
}

/// <summary>A query string that names no view: the message says what to fix. Pages answer 400 with it.</summary>
public sealed class ViewQueryException(string message) : Exception(message);

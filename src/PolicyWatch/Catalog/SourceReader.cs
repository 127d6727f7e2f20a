using System.Text.Json;
using PolicyWatch.Parsing.HtmlList;
using PolicyWatch.Parsing.TitleEvents;

namespace PolicyWatch.Catalog;

internal static class SourceReader
{
    public static SourceDefinition? Read((JsonElement Element, string Path) entry, CatalogLoader.Context context)
    {
        var fields = JsonFields.Of(entry.Element, entry.Path, context.Errors);
        if (fields is null) return null;
        var id = context.Id(fields);
        var name = fields.String("name", required: true);
        var type = Choice(fields, "type", SourceType.Feed, ("feed", SourceType.Feed), ("html", SourceType.Html),
            ("uk-bill", SourceType.UkBill), ("ep-procedure", SourceType.EpProcedure));
        var official = type.IsOfficialApi();
        var url = official ? null : context.Url(fields, "url", required: true, allowFile: true);
        var jurisdiction = context.Jurisdiction(fields, required: true);
        var every = Every(fields);
        var keep = Choice(fields, "keep", KeepPolicy.All, ("all", KeepPolicy.All), ("matching", KeepPolicy.Matching));
        var kind = Choice(fields, "kind", official ? ItemKind.Legislative : ItemKind.Article,
            ("article", ItemKind.Article), ("legislative", ItemKind.Legislative));
        var (bill, procedure) = ReadOfficial(fields, type);
        var dossier = DossierReference(fields, context);
        var select = fields.Object("select", required: type == SourceType.Html) is { } s ? ReadSelect(s) : null;
        var eventDate = fields.Object("eventDate", required: false) is { } e ? ReadEventDate(e) : null;
        var extract = ReadExtract(fields);
        var archive = ReadFlag(fields, "archive");
        var officialBody = ReadFlag(fields, "official");
        var history = Choice(fields, "history", type == SourceType.Feed ? HistoryMode.Auto : HistoryMode.Off,
            ("auto", HistoryMode.Auto), ("off", HistoryMode.Off), ("rfc5005", HistoryMode.Archives), ("paged", HistoryMode.Paged),
            ("wordpress", HistoryMode.WordPress), ("archive", HistoryMode.InternetArchive));
        if (official) RejectForOfficialApi(fields, type, kind, eventDate, extract);
        fields.RejectUnknownKeys();
        if (type != SourceType.Feed && history != HistoryMode.Off)
            fields.Error("history", "is only walked for sources of \"type\": \"feed\"; use \"off\" or leave it out");
        if (type != SourceType.Html && select is not null) fields.Error("select", "is only used by sources of \"type\": \"html\"");
        if (kind == ItemKind.Legislative && dossier is null && fields.Get("dossier") is null)
            fields.Error("dossier", "is required when \"kind\" is \"legislative\": legislative events belong to a dossier");
        // A parliament's API is reached at the address in the settings; the source's url is the page people read.
        url ??= bill is { } b ? OfficialPages.Bill(b) : procedure?.Page;
        if (id is null || name is null || url is null || jurisdiction is null || every is null) return null;
        if (type == SourceType.Html && select is null) return null;
        return new SourceDefinition(id, name, url, type, jurisdiction, every.Value, keep, kind, dossier, select)
        {
            Archive = archive,
            Official = officialBody,
            EventDate = eventDate,
            Extract = extract,
            History = history,
            Bill = bill,
            Procedure = procedure,
        };
    }

    /// <summary><c>"bill": 3137</c> for uk-bill sources, <c>"procedure": "2022/0155(COD)"</c> for ep-procedure sources.</summary>
    private static (int? Bill, ProcedureReference? Procedure) ReadOfficial(JsonFields fields, SourceType type)
    {
        var billValue = fields.Get("bill");
        var procedureText = fields.String("procedure", required: type == SourceType.EpProcedure);
        int? bill = null;
        if (type != SourceType.UkBill && billValue is not null)
            fields.Error("bill", "is only used by sources of \"type\": \"uk-bill\"");
        else if (type == SourceType.UkBill && billValue is null)
            fields.Error("bill", "is required for a uk-bill source: the bill's id on bills.parliament.uk, e.g. 3137");
        else if (billValue is { } value)
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) && number > 0) bill = number;
            else fields.Error("bill", $"must be a bill's id, a whole number such as 3137, not {JsonFields.Describe(value)}");
        }
        if (procedureText is null) return (bill, null);
        if (type != SourceType.EpProcedure)
        {
            fields.Error("procedure", "is only used by sources of \"type\": \"ep-procedure\"");
            return (bill, null);
        }
        var procedure = ProcedureReference.Parse(procedureText);
        if (procedure is null) fields.Error("procedure", $"\"{procedureText}\" is not a procedure reference such as 2022/0155(COD)");
        return (bill, procedure);
    }

    /// <summary>What the parliaments' API sources do not take: their address is a setting, and they have no feed or page to read.</summary>
    private static void RejectForOfficialApi(JsonFields fields, SourceType type, ItemKind kind, EventDateRule? eventDate, PageExtraction? extract)
    {
        var setting = type == SourceType.UkBill ? "Official:UkBillsUrl" : "Official:EuroparlUrl";
        if (fields.Get("url") is not null)
            fields.Error("url", $"is not used by {type.Name()} sources: the API's address is the setting {setting}");
        if (kind != ItemKind.Legislative)
            fields.Error("kind", $"must be \"legislative\" for {type.Name()} sources: they store official events");
        if (eventDate is not null) fields.Error("eventDate", $"is only used by sources of \"type\": \"feed\"");
        if (extract is not null) fields.Error("extract", $"is not used by {type.Name()} sources: they fetch no article pages");
    }

    private static EventDateRule? ReadEventDate(JsonFields fields)
    {
        var from = fields.String("from", required: true);
        var pattern = fields.String("pattern", required: false);
        var formats = fields.Strings("dateFormat");
        fields.RejectUnknownKeys();
        if (from is not null && from != "title") fields.Error("from", $"\"{from}\" is not supported: the event date can only be read from the \"title\"");
        if (pattern is not null && TitleEvent.ValidatePattern(pattern) is { } problem) fields.Error("pattern", problem);
        return from == "title" ? new EventDateRule(pattern, formats) : null;
    }

    private static PageExtraction? ReadExtract(JsonFields fields)
    {
        var value = fields.Get("extract");
        return value?.ValueKind switch
        {
            null or JsonValueKind.False => null,
            JsonValueKind.True => new PageExtraction(null),
            JsonValueKind.String when value.Value.GetString()!.Trim().Length > 0 => Selector(value.Value.GetString()!.Trim()),
            _ => Invalid(),
        };

        // A selector that cannot be parsed is refused now, not discovered on the first article page.
        PageExtraction? Selector(string text)
        {
            if (Parsing.Html.NamedSelector.TryParse("extract", text, out _, out var error)) return new PageExtraction(text);
            fields.Error("extract", error);
            return null;
        }

        PageExtraction? Invalid()
        {
            fields.Error("extract", $"must be true, false or a CSS selector, not {JsonFields.Describe(value.Value)}");
            return null;
        }
    }

    /// <summary><c>"archive": true</c>, <c>"official": true</c>, or false (the default).</summary>
    private static bool ReadFlag(JsonFields fields, string name)
    {
        var value = fields.Get(name);
        if (value is null || value.Value.ValueKind is JsonValueKind.True or JsonValueKind.False) return value?.ValueKind == JsonValueKind.True;
        fields.Error(name, $"must be true or false, not {JsonFields.Describe(value.Value)}");
        return false;
    }

    private static TimeSpan? Every(JsonFields fields)
    {
        var text = fields.String("every", required: true);
        if (text is null) return null;
        if (Duration.TryParse(text, out var every) && every >= TimeSpan.FromMinutes(1)) return every;
        fields.Error("every", $"\"{text}\" is not a duration such as 30m, 6h or 1d (at least 1m)");
        return null;
    }

    private static string? DossierReference(JsonFields fields, CatalogLoader.Context context)
    {
        var dossier = fields.String("dossier", required: false);
        if (dossier is null || context.DossierIds.Contains(dossier)) return dossier;
        fields.Error("dossier", $"\"{dossier}\" is not the id of a dossier in this file");
        return null;
    }

    private static T Choice<T>(JsonFields fields, string name, T fallback, params (string Text, T Value)[] choices)
    {
        var text = fields.String(name, required: false);
        if (text is null) return fallback;
        foreach (var (choice, value) in choices)
            if (choice == text) return value;
        fields.Error(name, $"\"{text}\" is not one of: {string.Join(", ", choices.Select(c => c.Text))}");
        return fallback;
    }

    private static HtmlSelect? ReadSelect(JsonFields fields)
    {
        var item = fields.String("item", required: true);
        var title = fields.String("title", required: true);
        var link = fields.String("link", required: false);
        var date = fields.String("date", required: false);
        var formats = fields.Strings("dateFormat");
        var summary = fields.String("summary", required: false);
        var stage = fields.String("stage", required: false);
        var reference = fields.String("reference", required: false);
        var key = fields.String("key", required: false);
        fields.RejectUnknownKeys();
        if (date is not null && formats.Count == 0) fields.Error("dateFormat", "is required with \"date\": a .NET format such as dd/MM/yyyy, or a list of them");
        if (item is null || title is null) return null;
        var select = new HtmlSelect(item, title, link, date, formats, summary, stage, reference, key);
        // The reader names the key ("select.date …"); report it at that key's JSON path.
        foreach (var problem in HtmlListReader.ValidateSelectors(select))
            fields.Error(problem.Split(' ', 2)[0].Replace("select.", ""), problem.Split(' ', 2)[^1]);
        return select;
    }
}

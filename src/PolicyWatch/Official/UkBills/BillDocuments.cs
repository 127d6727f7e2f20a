namespace PolicyWatch.Official.UkBills;

/// <summary>The bill as <c>GET /api/v1/Bills/{id}</c> describes it: what the dossier status needs.</summary>
internal sealed record Bill(
    string ShortTitle,
    string? CurrentHouse,
    string? CurrentStage,
    string? CurrentStageHouse,
    long? CurrentStageId,
    bool? IsAct,
    bool? IsDefeated,
    bool? IsWithdrawn,
    DateTimeOffset? LastUpdate)
{
    public static Bill Read(ApiJson root, int billId)
    {
        if (root.Field("billId") is { } id && id.Integer() != billId)
            throw new ApiShapeException($"{id.Path}: the answer is about bill {id.Integer()}, not bill {billId}");
        var stage = root.Field("currentStage");
        return new Bill(
            root.Required("shortTitle").Text() ?? throw root.Required("shortTitle").Unexpected("a title"),
            root.Field("currentHouse")?.Text(),
            stage?.Field("description")?.Text(),
            stage?.Field("house")?.Text(),
            stage?.Field("stageId")?.Integer(),
            root.Field("isAct")?.Flag(),
            root.Field("isDefeated")?.Flag(),
            Withdrawn(root.Field("billWithdrawn")),
            root.Field("lastUpdate")?.Date().Instant);
    }

    /// <summary>The API writes the day a bill was withdrawn, or null; some clients see a flag.</summary>
    private static bool? Withdrawn(ApiJson? value) => value?.Kind switch
    {
        null => false,
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => value.Value.Flag(),
        _ => value.Value.Date() is not null,
    };
}

/// <summary>A sitting of a stage: one day the bill was taken in a House. Its date may be missing.</summary>
internal sealed record Sitting(long Id, long BillStageId, ApiDate? Date);

/// <summary>A stage of the bill (2nd reading, Committee stage…) in one House, with its sittings.</summary>
internal sealed record BillStage(long Id, string Description, string? House, IReadOnlyList<Sitting> Sittings)
{
    public static BillStage Read(ApiJson stage)
    {
        var id = stage.Required("id").Integer();
        var description = stage.Required("description").Text() ?? throw stage.Required("description").Unexpected("a stage's name");
        var sittings = stage.Field("stageSittings")?.Items().Select(s => new Sitting(
            s.Required("id").Integer(),
            s.Field("billStageId")?.Integer() ?? id,
            s.Field("date")?.Date())).ToList() ?? [];
        return new BillStage(id, description, stage.Field("house")?.Text(), sittings);
    }
}

/// <summary>One page of <c>GET /api/v1/Bills/{id}/Stages</c>: the stages and how many there are in all.</summary>
internal sealed record StagesPage(IReadOnlyList<BillStage> Stages, long? TotalResults)
{
    public static StagesPage Read(ApiJson root) =>
        new(root.Required("items").Items().Select(BillStage.Read).ToList(), root.Field("totalResults")?.Integer());
}

/// <summary>A document published for the bill (a print of the Bill, its Explanatory Notes, the Act).</summary>
/// <param name="Files">Ids of the files bills.parliament.uk serves for it.</param>
/// <param name="Links">Addresses the API gives for it: content, stored only when http(s).</param>
internal sealed record Publication(long Id, string Title, string? Type, string? House, ApiDate? Date, IReadOnlyList<long> Files, IReadOnlyList<string> Links)
{
    /// <summary>The list under <c>publications</c> (as the API answers), <c>items</c>, or the answer itself.</summary>
    public static IReadOnlyList<Publication> ReadAll(ApiJson root)
    {
        var list = root.Kind == System.Text.Json.JsonValueKind.Array ? root
            : root.Field("publications", "items") ?? throw new ApiShapeException("publications: is missing");
        return list.Items().Select(Read).ToList();
    }

    private static Publication Read(ApiJson publication) => new(
        publication.Required("id").Integer(),
        publication.Required("title").Text() ?? throw publication.Required("title").Unexpected("a title"),
        publication.Field("publicationType")?.Field("name")?.Text(),
        publication.Field("house")?.Text(),
        publication.Field("displayDate")?.Date(),
        publication.Field("files")?.Items().Select(f => f.Required("id").Integer()).ToList() ?? [],
        publication.Field("links")?.Items().Select(l => l.Field("url")?.Text()).OfType<string>().ToList() ?? []);
}

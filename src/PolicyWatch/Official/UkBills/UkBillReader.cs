using System.Globalization;
using PolicyWatch.Catalog;
using PolicyWatch.Normalizing;
using PolicyWatch.Storage;

namespace PolicyWatch.Official.UkBills;

/// <summary>
/// Reads a bill from the UK Parliament's Bills API: the bill (where it stands), its stages with their
/// sittings (every page), and its publications. One event per sitting, identified by its stage's and
/// its own id, so a sitting whose date is corrected updates its event; one event per publication of
/// the types in <see cref="PublicationTypes"/>.
/// </summary>
internal sealed class UkBillReader(ApiRequests requests, OfficialOptions options)
{
    /// <summary>
    /// Publications that mark where the bill stands: each print of the Bill (as introduced, as amended, as
    /// brought from the other House), its Explanatory Notes, and the Act. Amendment papers, briefings,
    /// evidence and the like are many and are not steps; they are left out.
    /// </summary>
    public static readonly IReadOnlySet<string> PublicationTypes =
        new HashSet<string>(["Bill", "Act of Parliament", "Act", "Explanatory Notes"], StringComparer.OrdinalIgnoreCase);

    public static Uri BillUrl(OfficialOptions options, int bill) => Api(options, $"api/v1/Bills/{bill}");

    private static Uri Api(OfficialOptions options, string path) => new(options.UkBillsUrl.AbsoluteUri.TrimEnd('/') + "/" + path);

    /// <param name="stored">Where the bill stood at the last read: its title names the events when the bill has not changed since.</param>
    public async Task<OfficialFindings> ReadAsync(SourceDefinition source, OfficialStatus? stored, CancellationToken cancellationToken)
    {
        var billId = source.Bill!.Value;
        var notes = new List<string>();
        var billJson = await requests.GetAsync(BillUrl(options, billId), conditional: true, $"bill {billId}",
            $"bill {billId} does not exist in the Bills API", cancellationToken);
        var bill = billJson is { } json ? Read(json, $"bill {billId}", root => Bill.Read(root, billId)) : null;
        var title = bill?.ShortTitle ?? stored?.Title ?? $"Bill {billId}";
        var stages = await ReadStagesAsync(billId, notes, cancellationToken);
        var publicationsJson = await requests.GetAsync(Api(options, $"api/v1/Bills/{billId}/Publications"), conditional: true,
            $"bill {billId}'s publications", null, cancellationToken);
        var publications = publicationsJson is { } p ? Read(p, $"bill {billId}'s publications", Publication.ReadAll) : [];

        var events = new List<OfficialEvent>();
        events.AddRange(SittingEvents(billId, title, stages, notes));
        events.AddRange(PublicationEvents(billId, publications, notes));
        var status = bill is null ? null : new OfficialStatus(source.Dossier!, $"bill {billId}", bill.ShortTitle,
            bill.CurrentStage is { } stage ? StageName(stage, bill.CurrentStageHouse) : null,
            bill.CurrentStageId?.ToString(CultureInfo.InvariantCulture), bill.CurrentHouse, bill.IsAct, bill.IsDefeated, bill.IsWithdrawn,
            bill.LastUpdate);
        return new OfficialFindings(events.DistinctBy(e => e.Key).ToList(), status, notes);
    }

    /// <summary>Every page of the stages, bounded by <see cref="OfficialOptions.MaxPages"/>.</summary>
    private async Task<IReadOnlyList<BillStage>> ReadStagesAsync(int billId, List<string> notes, CancellationToken cancellationToken)
    {
        var stages = new List<BillStage>();
        var seen = new HashSet<long>();
        for (var page = 0; ; page++)
        {
            var skip = page * options.PageSize;
            var query = $"Skip={skip}&Take={options.PageSize}";
            var what = $"bill {billId}'s stages ({query})";
            var json = await requests.GetAsync(Api(options, $"api/v1/Bills/{billId}/Stages?{query}"), conditional: false, what, null, cancellationToken);
            var read = Read(json!.Value, what, StagesPage.Read);
            var fresh = read.Stages.Where(s => seen.Add(s.Id)).ToList();
            stages.AddRange(fresh);
            var total = read.TotalResults;
            var more = total is { } all ? skip + read.Stages.Count < all : read.Stages.Count == options.PageSize;
            if (!more || read.Stages.Count == 0) break;
            if (fresh.Count == 0)
            {
                // A server that ignores Skip answers the first page for ever.
                notes.Add($"the Bills API answered the same stages again at Skip={skip}; read {stages.Count} stages");
                break;
            }
            if (page + 1 >= options.MaxPages)
            {
                notes.Add($"read the first {stages.Count} of {total?.ToString(CultureInfo.InvariantCulture) ?? "more"} stages (Official:MaxPages is {options.MaxPages})");
                break;
            }
        }
        return stages;
    }

    private static IEnumerable<OfficialEvent> SittingEvents(int billId, string billTitle, IReadOnlyList<BillStage> stages, List<string> notes)
    {
        var withoutSittings = stages.Where(s => s.Sittings.Count == 0).ToList();
        if (withoutSittings.Count > 0)
            notes.Add($"{Count(withoutSittings.Count, "stage")} without sittings skipped ({string.Join(", ", withoutSittings.Take(5).Select(s => StageName(s.Description, s.House)))})");
        var undated = stages.SelectMany(s => s.Sittings.Where(t => t.Date is null).Select(t => (Stage: s, Sitting: t))).ToList();
        if (undated.Count > 0)
            notes.Add($"{Count(undated.Count, "sitting")} without a date skipped ({string.Join(", ", undated.Take(5).Select(u => $"sitting {u.Sitting.Id} of {StageName(u.Stage.Description, u.Stage.House)}"))})");
        foreach (var stage in stages)
        foreach (var sitting in stage.Sittings)
        {
            if (sitting.Date is not { } date) continue;
            var stageName = StageName(stage.Description, stage.House);
            var institution = Institution(stage.House);
            yield return new OfficialEvent(
                Key: $"uk-bill/{billId}/stage/{sitting.BillStageId}/sitting/{sitting.Id}",
                Title: $"{institution}: {stage.Description} ({billTitle})",
                Date: date.DayUtc,
                DateRaw: date.Raw,
                Stage: stageName,
                Category: "Sitting",
                Institution: institution,
                Url: $"https://bills.parliament.uk/bills/{billId}/stages/{sitting.BillStageId}",
                Summary: $"{billTitle}: {stage.Description}, {(stage.House is "Commons" or "Lords" ? $"in the {institution}" : institution)}, sitting of {OfficialEvent.Day(date.DayUtc)}.",
                Documents: [],
                Reference: null);
        }
    }

    private static IEnumerable<OfficialEvent> PublicationEvents(int billId, IReadOnlyList<Publication> publications, List<string> notes)
    {
        var chosen = publications.Where(p => p.Type is { } type && PublicationTypes.Contains(type)).ToList();
        var undated = chosen.Where(p => p.Date is null).ToList();
        if (undated.Count > 0)
            notes.Add($"{Count(undated.Count, "publication")} without a date skipped ({string.Join(", ", undated.Take(5).Select(p => $"publication {p.Id}"))})");
        foreach (var publication in chosen)
        {
            if (publication.Date is not { } date) continue;
            var institution = Institution(publication.House);
            yield return new OfficialEvent(
                Key: $"uk-bill/{billId}/publication/{publication.Id}",
                // "Explanatory Notes: …" unless the title says what it is already ("Online Safety Bill (as introduced)").
                Title: publication.Title.Contains(publication.Type!, StringComparison.OrdinalIgnoreCase) ? publication.Title : $"{publication.Type}: {publication.Title}",
                Date: date.Instant,
                DateRaw: date.Raw,
                Stage: null,
                Category: "Publication",
                Institution: institution,
                Url: PublicationUrl(billId, publication),
                Summary: $"{publication.Type} published by the {institution} on {OfficialEvent.Day(date.Instant)}: {publication.Title}.",
                Documents: [],
                Reference: null);
        }
    }

    /// <summary>
    /// The publication's page on bills.parliament.uk (its first file), else the first http(s) link the API
    /// gives (content: never fetched, kept only when http(s)), else the bill's publications page.
    /// </summary>
    private static string PublicationUrl(int billId, Publication publication) =>
        publication.Files.Count > 0
            ? string.Create(CultureInfo.InvariantCulture, $"https://bills.parliament.uk/publications/{publication.Id}/documents/{publication.Files[0]}")
            : publication.Links.Select(l => UrlCanonicalizer.Absolute(l, null)).FirstOrDefault(l => l is { Length: <= OfficialDocument.MaxUrl })
              ?? $"https://bills.parliament.uk/bills/{billId}/publications";

    /// <summary>"2nd reading (Commons)": the stage and, when it is one House's, the House.</summary>
    private static string StageName(string description, string? house) =>
        house is "Commons" or "Lords" ? $"{description} ({house})" : description;

    private static string Institution(string? house) => house switch
    {
        "Commons" => "House of Commons",
        "Lords" => "House of Lords",
        _ => "UK Parliament",
    };

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";

    /// <summary>Reads a document, naming it in a shape error: the source reads several.</summary>
    private static T Read<T>(ApiJson json, string what, Func<ApiJson, T> read)
    {
        try
        {
            return read(json);
        }
        catch (ApiShapeException e)
        {
            throw new ApiShapeException($"{what}: {e.Message}");
        }
    }
}

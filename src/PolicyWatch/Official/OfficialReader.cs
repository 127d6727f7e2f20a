using PolicyWatch.Catalog;
using PolicyWatch.Fetching;
using PolicyWatch.Normalizing;
using PolicyWatch.Official.Europarl;
using PolicyWatch.Official.UkBills;
using PolicyWatch.Storage;

namespace PolicyWatch.Official;

/// <summary>
/// What reading a parliament's API for one source gave: the fetch to record (the first failure, or the
/// requests together), the normalized events, or the reason there are none.
/// </summary>
/// <param name="Record">Where the bill or procedure stands and the documents' validators, to store with the items.</param>
public sealed record OfficialRead(FetchResult Fetch, IReadOnlyList<NormalizedItem> Items, string? Error, string? Note, OfficialRecord? Record);

/// <summary>
/// Reads the sources of type uk-bill and ep-procedure: picks the API's reader, runs its requests, and
/// turns what goes wrong into data (a failed request, an answer of an unexpected shape), never an
/// exception. Nothing is stored here: a failed read leaves everything stored as it was.
/// </summary>
public sealed class OfficialReader(Fetcher fetcher, OfficialStore store, OfficialOptions options)
{
    /// <summary>The first address a read of <paramref name="source"/> asks for (its host is the one the read uses).</summary>
    public static Uri ApiUrl(OfficialOptions options, SourceDefinition source) => source.Type switch
    {
        SourceType.UkBill => UkBillReader.BillUrl(options, source.Bill!.Value),
        SourceType.EpProcedure => ProcedureReader.ProcedureUrl(options, source.Procedure!),
        _ => throw new ArgumentException($"source {source.Id} is not read through a parliament's API", nameof(source)),
    };

    public async Task<OfficialRead> ReadAsync(SourceDefinition source, CancellationToken cancellationToken)
    {
        var url = ApiUrl(options, source);
        var requests = new ApiRequests(fetcher, await store.ValidatorsAsync(source.Id, cancellationToken));
        try
        {
            var found = source.Type == SourceType.UkBill
                ? await new UkBillReader(requests, options).ReadAsync(source, await store.StatusAsync(source.Id, cancellationToken), cancellationToken)
                : await new ProcedureReader(requests, options).ReadAsync(source, cancellationToken);
            var items = found.Events.OrderByDescending(e => e.Date).Select(e => e.ToItem(source)).ToList();
            var note = TextLimits.Note(items, found.Notes.Count == 0 ? null : string.Join("; ", found.Notes));
            return new OfficialRead(requests.Outcome(url, null), items, null, note, new OfficialRecord(found.Status, requests.Validators));
        }
        catch (ApiRequestException e)
        {
            return new OfficialRead(requests.Outcome(url, e.Fetch), [], e.Fetch.Error, null, null);
        }
        catch (ApiShapeException e)
        {
            return new OfficialRead(requests.Outcome(url, null), [], e.Message, null, null);
        }
    }
}

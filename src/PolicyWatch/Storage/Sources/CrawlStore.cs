namespace PolicyWatch.Storage;

/// <summary>
/// What one fetch of a source came to, to be written at once: the last batch of its items, where an official file
/// stands, the attempt for the fetch log and the source's new state.
/// </summary>
public sealed record FetchRecord(string SourceId, IReadOnlyList<ClassifiedItem> Items, FetchAttempt Attempt, SourceOutcome Outcome)
{
    /// <summary>For uk-bill and ep-procedure sources: where the file stands and the API's validators.</summary>
    public OfficialRecord? Official { get; init; }
}

/// <summary>
/// Writes what crawls found. Each call is one transaction that Storage opens and commits: a fetch's items in
/// batches, then the last batch together with the attempt and the source's state, so a crash midway leaves
/// the source due again with its old validators.
/// </summary>
public sealed class CrawlStore(Database database)
{
    /// <summary>One batch of a fetch's items, committed on its own.</summary>
    public async Task<UpsertCounts> StoreItemsAsync(string sourceId, IReadOnlyList<ClassifiedItem> items, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var counts = await ItemStore.UpsertAsync(transaction, sourceId, items, now);
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    /// <summary>The fetch's last batch, the official record, the log entry and the source's state, atomically.</summary>
    /// <returns>What storing the last batch did.</returns>
    public async Task<UpsertCounts> RecordFetchAsync(FetchRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        var counts = await ItemStore.UpsertAsync(transaction, record.SourceId, record.Items, now);
        if (record.Official is { } official) await OfficialStore.RecordAsync(transaction, record.SourceId, official, now);
        await FetchLogStore.AddAsync(transaction, record.Attempt with
        {
            NewItems = record.Attempt.NewItems + counts.New,
            UpdatedItems = record.Attempt.UpdatedItems + counts.Updated,
        });
        await SourceStore.RecordAsync(transaction, record.SourceId, record.Outcome);
        await transaction.CommitAsync(cancellationToken);
        return counts;
    }

    /// <summary>Logs the fetch of an item's page (archived for its text), on its own.</summary>
    public async Task LogPageFetchAsync(FetchAttempt attempt, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
        await FetchLogStore.AddAsync(transaction, attempt with { Target = FetchTarget.Page });
        await transaction.CommitAsync(cancellationToken);
    }
}

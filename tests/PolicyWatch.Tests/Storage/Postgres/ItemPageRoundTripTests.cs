using System.Collections.Concurrent;
using System.Diagnostics;
using Activity = System.Diagnostics.Activity;
using PolicyWatch.Classifying;
using PolicyWatch.Storage;
using PolicyWatch.Tests.Stories;
using PolicyWatch.Tests.Support;
using PolicyWatch.Tests.Support.Postgres;

namespace PolicyWatch.Tests.Storage.Postgres;

/// <summary>
/// The item page's reads cost one round trip to the server, not one a statement: on PostgreSQL each command is one
/// (Npgsql writes all of a command's statements, then reads all their results), and Npgsql traces each command it runs
/// as an activity of its <c>Npgsql</c> source. Only the activities of this test's own trace are counted, so commands
/// other tests run at the same time are not.
/// </summary>
[Collection(PostgresCollection.Name)]
[Trait(TestDatabases.Provider, TestDatabases.OwnDatabase)]
public sealed class ItemPageRoundTripTests(PostgresCluster cluster) : IAsyncLifetime
{
    private PostgresStoredItems _store = null!;

    public async Task InitializeAsync() => _store = await PostgresStoredItems.CreateAsync(cluster, nameof(ItemPageRoundTripTests));

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [PostgresFact]
    public async Task The_item_page_reads_everything_it_shows_in_one_command()
    {
        var id = await _store.AddAsync("Council agrees its position on chat control", "Ministers agreed.", archived: "The full text.");
        var other = await _store.AddAsync("EU states agree chat control position", source: "netzpolitik");
        await WriteTagsAsync(id, new Classification(["eu-csam-regulation"], ["end-to-end-encryption"], ["eu"],
            [new TagReason("dossier:eu-csam-regulation", "chat control", "title")]));
        await StoryRows.JoinAsync(_store.Database, id, other);
        var queries = new ItemDetailQueries(_store.Database);
        // A first read opens the pool's connection, which Npgsql traces too ("CONNECT"); a page's read finds it open.
        await queries.FindAsync(id);

        var (item, commands) = await CommandsOfAsync(() => queries.FindAsync(id));

        Assert.Equal(["eu", "eu-csam-regulation", "end-to-end-encryption"], [.. item!.Jurisdictions, .. item.Dossiers, .. item.Topics]);
        Assert.Equal(["dossier:eu-csam-regulation"], item.Why.Select(w => w.Tag));
        Assert.Equal([other], item.SameStory.Select(s => s.Id));
        Assert.Equal((id, 2, 1), (item.Story!.Id, item.Story.Items, item.Story.OtherSources));
        Assert.Single(commands);
    }

    /// <summary>What <paramref name="read"/> returns, and the commands Npgsql ran for it, by their text.</summary>
    private static async Task<(T Result, IReadOnlyList<string> Commands)> CommandsOfAsync<T>(Func<Task<T>> read)
    {
        using var trace = new Activity(nameof(ItemPageRoundTripTests)).Start();
        var commands = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Parent.TraceId == trace.TraceId ? ActivitySamplingResult.AllDataAndRecorded : ActivitySamplingResult.None,
            ActivityStarted = commands.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var result = await read();
        // The text is tagged once the command has started; by now every command has ended.
        return (result, commands.Select(c => $"{c.GetTagItem("db.query.text") ?? c.GetTagItem("db.statement") ?? c.DisplayName}").ToList());
    }

    private async Task WriteTagsAsync(long id, Classification tags)
    {
        await using var connection = await _store.Database.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await ItemStore.WriteTagsAsync(transaction, id, StoredItems.Day, tags);
        await transaction.CommitAsync();
    }
}

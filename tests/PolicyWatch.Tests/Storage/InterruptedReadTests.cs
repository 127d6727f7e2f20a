using Dapper;
using PolicyWatch.Storage;

namespace PolicyWatch.Tests.Storage;

/// <summary>
/// A read whose caller stops waiting (an aborted request) stops inside SQLite, not only between statements.
/// The statements here never end by themselves, so a read that is not interrupted fails by timeout.
/// </summary>
public sealed class InterruptedReadTests : IDisposable
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(30);

    /// <summary>Counts for ever: one statement, one row that never comes.</summary>
    private const string EndlessCount = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n";

    private readonly StoredItems _store = new();

    [Fact]
    public async Task A_cancelled_read_stops_its_running_statement_and_the_connection_serves_the_next_read()
    {
        using var abort = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        // On a thread of its own: Microsoft.Data.Sqlite runs a statement synchronously inside its async methods.
        var read = Task.Run(() => _store.Database.ReadAsync(connection =>
            connection.ExecuteScalarAsync<long>(new CommandDefinition(EndlessCount, cancellationToken: abort.Token)), abort.Token));

        var stopped = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(Generous));
        Assert.Equal(abort.Token, stopped.CancellationToken);
        // The pool hands the same native connection out again: it must not carry the interrupt.
        for (var i = 0; i < 3; i++)
            Assert.Equal(1, await _store.Database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT 1"), CancellationToken.None).WaitAsync(Generous));
    }

    [Fact]
    public async Task A_cancellation_after_the_read_reaches_no_later_user_of_the_connection()
    {
        using var late = new CancellationTokenSource();
        Assert.Equal(1, await _store.Database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT 1"), late.Token));

        await late.CancelAsync();

        Assert.Equal(2, await _store.Database.ReadAsync(c => c.ExecuteScalarAsync<long>("SELECT 2"), CancellationToken.None));
    }

    [Fact]
    public async Task A_search_for_a_caller_who_stopped_waiting_ends_in_an_OperationCanceledException_and_the_next_search_runs()
    {
        for (var i = 0; i < 50; i++) await _store.AddAsync($"Encryption note {i}", "encryption and more encryption");
        using var abort = new CancellationTokenSource();
        await abort.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            _store.Queries.PageAsync(new ItemFilter { Q = "encryption" }, null, 10, abort.Token).WaitAsync(Generous));
        Assert.Equal(10, (await _store.Queries.PageAsync(new ItemFilter { Q = "encryption" }, null, 10)).Items.Count);
    }

    public void Dispose() => _store.Dispose();
}

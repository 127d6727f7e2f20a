using PolicyWatch.Fetching;

namespace PolicyWatch.Tests.Fetching;

public sealed class HostGateTests
{
    private readonly HostGate _gate = new();

    [Fact]
    public async Task A_second_request_to_the_same_host_waits_until_the_first_is_done()
    {
        var first = await _gate.EnterAsync(new Uri("https://www.example.org/feed.xml"), CancellationToken.None);

        var second = _gate.EnterAsync(new Uri("http://WWW.Example.ORG/article/1"), CancellationToken.None);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task Different_hosts_and_ports_do_not_wait_for_each_other()
    {
        using var org = await _gate.EnterAsync(new Uri("https://example.org/a"), CancellationToken.None);

        var net = _gate.EnterAsync(new Uri("https://example.net/a"), CancellationToken.None);
        var otherPort = _gate.EnterAsync(new Uri("https://example.org:8443/a"), CancellationToken.None);

        Assert.True(net.IsCompletedSuccessfully);
        Assert.True(otherPort.IsCompletedSuccessfully);
        (await net).Dispose();
        (await otherPort).Dispose();
    }

    [Fact]
    public async Task Cancelling_a_wait_throws_and_leaves_the_host_free_once_the_holder_is_done()
    {
        var holder = await _gate.EnterAsync(new Uri("https://example.org/a"), CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = _gate.EnterAsync(new Uri("https://example.org/b"), cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        holder.Dispose();
        var next = _gate.EnterAsync(new Uri("https://example.org/c"), CancellationToken.None);
        Assert.True(next.IsCompletedSuccessfully);
        (await next).Dispose();
    }

    [Fact]
    public async Task Disposing_a_turn_twice_frees_the_host_once()
    {
        var first = await _gate.EnterAsync(new Uri("https://example.org/a"), CancellationToken.None);
        first.Dispose();
        first.Dispose();

        using var second = await _gate.EnterAsync(new Uri("https://example.org/b"), CancellationToken.None);
        var third = _gate.EnterAsync(new Uri("https://example.org/c"), CancellationToken.None);

        Assert.False(third.IsCompleted);
    }

    [Fact]
    public async Task File_urls_are_not_gated()
    {
        using var first = await _gate.EnterAsync(new Uri("file:///data/feeds/a.xml"), CancellationToken.None);

        var second = _gate.EnterAsync(new Uri("file:///data/feeds/b.xml"), CancellationToken.None);

        Assert.True(second.IsCompletedSuccessfully);
    }
}

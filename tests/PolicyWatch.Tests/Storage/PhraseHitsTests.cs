using PolicyWatch.Storage.Search;

namespace PolicyWatch.Tests.Storage;

public sealed class PhraseHitsTests
{
    private readonly ManualClock _clock = new();

    [Fact]
    public void A_count_serves_for_ten_minutes()
    {
        var hits = new PhraseHits(_clock);
        var key = new PhraseKey("a.db", "chat control", 0);
        hits.Add(key, 42);

        _clock.Advance(PhraseHits.Lifetime - TimeSpan.FromSeconds(1));
        Assert.True(hits.TryGet(key, out var count));
        Assert.Equal(42, count);

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(hits.TryGet(key, out _));
        Assert.Equal(0, hits.Count);
    }

    [Fact]
    public void Keys_differ_by_database_match_and_phrase()
    {
        var hits = new PhraseHits(_clock);
        hits.Add(new PhraseKey("a.db", "chat control", 0), 1);

        Assert.False(hits.TryGet(new PhraseKey("b.db", "chat control", 0), out _));
        Assert.False(hits.TryGet(new PhraseKey("a.db", "chat control ", 0), out _));
        Assert.False(hits.TryGet(new PhraseKey("a.db", "chat control", 1), out _));
    }

    [Fact]
    public void Past_its_capacity_the_oldest_count_goes()
    {
        var hits = new PhraseHits(_clock, capacity: 2);
        hits.Add(Key(1), 1);
        _clock.Advance(TimeSpan.FromSeconds(1));
        hits.Add(Key(2), 2);
        _clock.Advance(TimeSpan.FromSeconds(1));
        hits.Add(Key(1), 10); // counted again: now the newest
        hits.Add(Key(3), 3);

        Assert.Equal(2, hits.Count);
        Assert.False(hits.TryGet(Key(2), out _));
        Assert.True(hits.TryGet(Key(1), out var recounted));
        Assert.Equal(10, recounted);
        Assert.True(hits.TryGet(Key(3), out _));
    }

    private static PhraseKey Key(int n) => new("a.db", $"word{n}", 0);

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2024, 5, 28, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}

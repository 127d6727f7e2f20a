namespace PolicyWatch.Storage.Search;

/// <summary>One phrase of one search expression in one database file.</summary>
internal readonly record struct PhraseKey(string Database, string Match, int Phrase);

/// <summary>
/// How many documents hold each phrase of recent searches, shared by every connection of the process.
/// Counting them is a scan of the phrase's whole posting list, and the count moves slowly, so a count
/// serves for <see cref="Lifetime"/>; past <see cref="Capacity"/> entries the oldest goes.
/// </summary>
internal sealed class PhraseHits(TimeProvider clock, int capacity = PhraseHits.DefaultCapacity)
{
    public const int DefaultCapacity = 4096;

    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    public static PhraseHits Shared { get; } = new(TimeProvider.System);

    private readonly Dictionary<PhraseKey, LinkedListNode<Entry>> _entries = [];

    /// <summary>Oldest first, so expiry and eviction both take from the front.</summary>
    private readonly LinkedList<Entry> _byAge = new();

    private readonly Lock _lock = new();

    public int Capacity { get; } = capacity;

    public int Count
    {
        get { lock (_lock) return _entries.Count; }
    }

    public bool TryGet(PhraseKey key, out long hits)
    {
        lock (_lock)
        {
            DropExpired();
            var found = _entries.TryGetValue(key, out var node);
            hits = found ? node!.Value.Hits : 0;
            return found;
        }
    }

    public void Add(PhraseKey key, long hits)
    {
        lock (_lock)
        {
            if (_entries.Remove(key, out var old)) _byAge.Remove(old);
            _entries[key] = _byAge.AddLast(new Entry(key, hits, clock.GetUtcNow()));
            while (_entries.Count > Capacity) DropOldest();
        }
    }

    private void DropExpired()
    {
        var now = clock.GetUtcNow();
        while (_byAge.First is { } oldest && now - oldest.Value.CountedAt >= Lifetime) DropOldest();
    }

    private void DropOldest()
    {
        _entries.Remove(_byAge.First!.Value.Key);
        _byAge.RemoveFirst();
    }

    private sealed record Entry(PhraseKey Key, long Hits, DateTimeOffset CountedAt);
}

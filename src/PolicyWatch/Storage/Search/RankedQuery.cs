using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace PolicyWatch.Storage.Search;

/// <summary>
/// One query's side of pw_rank: the statistics bm25 gathers once per query, and its score per row, the
/// formula of SQLite's fts5_aux.c. A phrase's idf is looked up only when a row has a weighted instance of it:
/// where none has (a filter token weighted 0, a NOT), its term is 0 whatever the idf, so it is never counted.
/// </summary>
internal sealed unsafe class RankedQuery
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly CachedBm25.Registration _registration;
    private readonly string _match;
    private readonly double[] _weights;
    private readonly long _rows;
    private readonly double _averageLength;
    private readonly double[] _idf;
    private readonly double[] _frequencies;

    private RankedQuery(CachedBm25.Registration registration, string match, double[] weights, long rows, double averageLength, int phrases)
    {
        _registration = registration;
        _match = match;
        _weights = weights;
        _rows = rows;
        _averageLength = averageLength;
        _idf = new double[phrases];
        Array.Fill(_idf, double.NaN);
        _frequencies = new double[phrases];
    }

    public static RankedQuery Start(Fts5ExtensionApi* api, IntPtr fts, CachedBm25.Registration registration, string match, double[] weights)
    {
        long rows, tokens;
        Check(api->RowCount(fts, &rows));
        Check(api->ColumnTotalSize(fts, -1, &tokens));
        return new RankedQuery(registration, match, weights, rows, (double)tokens / rows, api->PhraseCount(fts));
    }

    /// <summary>The current row's score: negative, best lowest, as bm25's.</summary>
    public double Score(Fts5ExtensionApi* api, IntPtr fts)
    {
        Array.Clear(_frequencies);
        int instances;
        Check(api->InstCount(fts, &instances));
        for (var i = 0; i < instances; i++)
        {
            int phrase, column, offset;
            Check(api->Inst(fts, i, &phrase, &column, &offset));
            _frequencies[phrase] += column < _weights.Length ? _weights[column] : 1.0;
        }
        int tokens;
        Check(api->ColumnSize(fts, -1, &tokens));
        var length = (double)tokens;
        var score = 0.0;
        for (var phrase = 0; phrase < _frequencies.Length; phrase++)
        {
            var f = _frequencies[phrase];
            if (f == 0.0) continue;
            score += Idf(api, fts, phrase) * ((f * (K1 + 1.0)) / (f + K1 * (1 - B + B * length / _averageLength)));
        }
        return -1.0 * score;
    }

    /// <summary>bm25's idf, floored so that a phrase in most documents still counts a little.</summary>
    private double Idf(Fts5ExtensionApi* api, IntPtr fts, int phrase)
    {
        if (double.IsNaN(_idf[phrase]))
        {
            var hits = Hits(api, fts, phrase);
            var idf = Math.Log((_rows - hits + 0.5) / (hits + 0.5));
            _idf[phrase] = idf <= 0.0 ? 1e-6 : idf;
        }
        return _idf[phrase];
    }

    private long Hits(Fts5ExtensionApi* api, IntPtr fts, int phrase)
    {
        var key = new PhraseKey(_registration.Database, _match, phrase);
        if (PhraseHits.Shared.TryGet(key, out var hits)) return hits;
        Check(api->QueryPhrase(fts, phrase, (IntPtr)(&hits), &CountRow));
        Interlocked.Increment(ref _registration.PhraseScans);
        PhraseHits.Shared.Add(key, hits);
        return hits;
    }

    [UnmanagedCallersOnly]
    private static int CountRow(Fts5ExtensionApi* api, IntPtr fts, IntPtr hits)
    {
        (*(long*)hits)++;
        return Fts5Native.Ok;
    }

    internal static void Check(int code)
    {
        if (code != Fts5Native.Ok) throw new SqliteException($"FTS5 returned error {code}", code);
    }
}

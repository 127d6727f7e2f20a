using System.Globalization;

namespace PolicyWatch.Storage.Search;

/// <summary>
/// Where a relevance-ordered page of a search ended: the last hit's bm25 score and id, and the newest
/// item id when the search began. The next page takes the hits ranked after that hit as the ranking
/// stands now (its score is looked up again: bm25 scores drift as the index's statistics change, the
/// order barely does), among items up to that newest id, so items stored while someone pages neither
/// push earlier matches out of the ranked window nor appear between pages (a fresh search shows them).
/// Only when the hit is gone (deleted) does the page start after its old score, where drift may skip a
/// hit. The score is written round-trip exact.
/// </summary>
public sealed record RelevanceCursor(double Score, long Id, long NewestId)
{
    private const string Tag = "r";

    public static string Format(double score, long id, long newestId) =>
        CursorText.Encode(string.Create(CultureInfo.InvariantCulture, $"{Tag}|{score:R}|{id}|{newestId}"));

    /// <exception cref="InvalidCursorException">Not a relevance cursor this version wrote.</exception>
    public static RelevanceCursor Parse(string cursor)
    {
        if (CursorText.Decode(cursor) is [Tag, var score, var id, var newest]
            && double.TryParse(score, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
            && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var itemId)
            && long.TryParse(newest, NumberStyles.None, CultureInfo.InvariantCulture, out var newestId))
            return new RelevanceCursor(value, itemId, newestId);
        throw new InvalidCursorException("the cursor in this address is not valid; start again from the first page");
    }
}

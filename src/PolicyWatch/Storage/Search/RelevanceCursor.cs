using System.Globalization;
using System.Text;

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
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Tag}|{score:R}|{id}|{newestId}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <exception cref="InvalidCursorException">Not a relevance cursor this version wrote.</exception>
    public static RelevanceCursor Parse(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            if (parts is [Tag, var score, var id, var newest]
                && double.TryParse(score, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var itemId)
                && long.TryParse(newest, NumberStyles.None, CultureInfo.InvariantCulture, out var newestId))
                return new RelevanceCursor(value, itemId, newestId);
        }
        catch (FormatException)
        {
            // falls through to the refusal below
        }
        throw new InvalidCursorException("the cursor in this address is not valid; start again from the first page");
    }
}

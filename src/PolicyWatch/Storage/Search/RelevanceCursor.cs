using System.Globalization;
using System.Text;

namespace PolicyWatch.Storage.Search;

/// <summary>
/// Where a relevance-ordered page of a search ended: the last hit's bm25 score and id. The next page
/// takes hits strictly after it in (score ascending, id descending) order — a keyset, no OFFSET.
/// The score is written round-trip exact, so the same index gives the same boundary; when new items
/// change the index between pages, a hit may move across the boundary (as with any live ranking).
/// </summary>
public sealed record RelevanceCursor(double Score, long Id)
{
    private const string Tag = "r";

    public static string Format(double score, long id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Tag}|{score:R}|{id}")))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <exception cref="InvalidCursorException">Not a relevance cursor this version wrote.</exception>
    public static RelevanceCursor Parse(string cursor)
    {
        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - padded.Length % 4) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            if (parts is [Tag, var score, var id]
                && double.TryParse(score, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value)
                && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var itemId))
                return new RelevanceCursor(value, itemId);
        }
        catch (FormatException)
        {
            // falls through to the refusal below
        }
        throw new InvalidCursorException("the cursor in this address is not valid; start again from the first page");
    }
}

using System.Globalization;

namespace PolicyWatch.Storage;

/// <summary>
/// Where a date-ordered page ended: the last item's published time and id, so the next page
/// starts strictly after it. Opaque to users (base64url); anything else is refused.
/// </summary>
public sealed record DateCursor(DateTimeOffset PublishedAt, long Id)
{
    public static string Format(TimelineItem last) => Format(last.PublishedAt, last.Id);

    /// <summary>The cursor after the item published at <paramref name="publishedAt"/> with <paramref name="id"/>.</summary>
    internal static string Format(DateTimeOffset publishedAt, long id) => CursorText.Encode($"d|{UtcTimestamp.ToText(publishedAt)}|{id}");

    /// <exception cref="InvalidCursorException">Not a cursor this version wrote.</exception>
    public static DateCursor Parse(string cursor)
    {
        if (CursorText.Decode(cursor) is ["d", var at, var id] && long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var itemId))
        {
            try
            {
                return new DateCursor(UtcTimestamp.Parse(at), itemId);
            }
            catch (FormatException)
            {
                // falls through to the refusal below
            }
        }
        throw new InvalidCursorException("the cursor in this address is not valid; start again from the first page");
    }
}

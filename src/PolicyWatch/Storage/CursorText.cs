using System.Text;

namespace PolicyWatch.Storage;

/// <summary>
/// The opaque form every page cursor takes: its fields joined by <c>|</c>, in base64url, so an
/// address carries it unescaped. Reading back gives the fields, or null for text that is not one.
/// </summary>
internal static class CursorText
{
    public static string Encode(string fields) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(fields)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string[]? Decode(string cursor)
    {
        var padded = cursor.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

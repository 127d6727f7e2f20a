using System.Buffers;
using System.IO.Compression;
using System.Text;
using Microsoft.Data.Sqlite;
using PolicyWatch.Normalizing;

namespace PolicyWatch.Storage;

/// <summary>
/// Long texts (summaries, article content, archived pages) are stored Brotli-compressed: at a million
/// items they are most of the file, and text shrinks to a third. SQL reads and writes them through two
/// functions every connection of <see cref="Database"/> has, <c>pack(text)</c> and <c>unpack(value)</c>,
/// so queries still name the column (<c>unpack(i.summary_text)</c>) and nothing else needs to know.
/// A value stays plain text when compressing would not make it smaller, and <c>unpack</c> passes plain
/// text through, so rows written before compression (or by hand) read the same.
/// </summary>
public static class StoredText
{
    /// <summary>First byte of a packed value; the next four are the text's length in UTF-8 bytes.</summary>
    private const byte BrotliMarker = 1;

    private const int HeaderLength = 5;

    /// <summary>Brotli quality 5: most of the size win of the slow levels at crawl-time speed (measured on archived pages).</summary>
    private const int Quality = 5;

    private const int Window = 22;

    /// <summary>The stored form of <paramref name="text"/>: a packed BLOB, or the text itself when that is as small.</summary>
    public static object? Pack(string? text)
    {
        if (text is null) return null;
        var bytes = Encoding.UTF8.GetBytes(text);
        var buffer = ArrayPool<byte>.Shared.Rent(BrotliEncoder.GetMaxCompressedLength(bytes.Length) + HeaderLength);
        try
        {
            if (!BrotliEncoder.TryCompress(bytes, buffer.AsSpan(HeaderLength), out var written, Quality, Window)
                || written + HeaderLength >= bytes.Length)
                return text;
            buffer[0] = BrotliMarker;
            BitConverter.TryWriteBytes(buffer.AsSpan(1, 4), bytes.Length);
            return buffer.AsSpan(0, written + HeaderLength).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The text a stored value holds: packed BLOBs are unpacked, text is returned as it is.</summary>
    /// <exception cref="InvalidDataException">A BLOB that is not a packed text.</exception>
    public static string? Unpack(object? stored) => stored switch
    {
        null or DBNull => null,
        string text => text,
        byte[] packed => Decompress(packed),
        _ => throw new InvalidDataException($"a stored text is a {stored.GetType().Name}, not text or a packed BLOB"),
    };

    private static string Decompress(byte[] packed)
    {
        if (packed.Length < HeaderLength || packed[0] != BrotliMarker)
            throw new InvalidDataException("a stored text BLOB does not start with the packed-text marker");
        var length = BitConverter.ToInt32(packed, 1);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            if (!BrotliDecoder.TryDecompress(packed.AsSpan(HeaderLength), buffer, out var written) || written != length)
                throw new InvalidDataException("a packed text BLOB is damaged: it does not unpack to its recorded length");
            return Encoding.UTF8.GetString(buffer, 0, written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Adds <c>pack</c> and <c>unpack</c> to a connection (both deterministic, as FTS triggers need).</summary>
    internal static void Register(SqliteConnection connection)
    {
        connection.CreateFunction<object?, object?>("pack", value => Pack(Unpack(value)), isDeterministic: true);
        connection.CreateFunction<object?, string?>("unpack", Unpack, isDeterministic: true);
    }

    /// <summary>
    /// SQL for a plain text column as read models list it: whole up to <paramref name="limit"/> characters, else cut
    /// (between characters) and marked, for rows stored before the limits. Plain SQL, so no call out per row.
    /// </summary>
    internal static string AtMost(string column, int limit) =>
        $"CASE WHEN length({column}) > {limit} THEN substr({column}, 1, {limit - TextLimits.Mark.Length}) || '{TextLimits.Mark}' ELSE {column} END";

    /// <summary>
    /// SQL for a packed column as read models read it: unpacked, and no more of it than tells whether it is longer
    /// than <paramref name="limit"/>; <see cref="Within"/> or <see cref="HtmlWithin"/> then cuts it. (Read models
    /// do this in two steps rather than through one more SQL function, which every connection would register on
    /// every open.)
    /// </summary>
    internal static string UnpackedAtMost(string column, int limit) => $"substr(unpack({column}), 1, {limit + 1})";

    /// <summary>A text read with <see cref="UnpackedAtMost"/>, cut to <paramref name="limit"/> as <see cref="TextLimits.Cut"/> cuts.</summary>
    internal static string? Within(string? text, int limit) => text is null ? null : TextLimits.Cut(text, limit);

    /// <summary>Sanitized HTML read with <see cref="UnpackedAtMost"/>, cut to <paramref name="limit"/> and well-formed again.</summary>
    internal static string? HtmlWithin(string? html, int limit) =>
        html is not null && html.Length > limit ? HtmlSanitizer.Sanitize(html, null, limit, out _) : html;
}

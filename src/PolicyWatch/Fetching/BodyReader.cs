namespace PolicyWatch.Fetching;

/// <summary>The body was larger than we are willing to hold.</summary>
public sealed class BodyTooLargeException(long limit)
    : Exception($"the body is larger than the {limit / (1024 * 1024.0):0.#} MiB limit; stopped reading");

internal static class BodyReader
{
    /// <summary>Reads a stream to the end, stopping as soon as it passes <paramref name="limit"/> bytes.</summary>
    public static async Task<byte[]> ReadCappedAsync(Stream stream, long limit, CancellationToken cancellationToken)
    {
        await using var _ = stream;
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit) throw new BodyTooLargeException(limit);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PolicyWatch.Tests.Support.History;

/// <summary>What the archive gives back when a capture is replayed.</summary>
public enum CaptureKind
{
    /// <summary>The feed as it was at that date: its newest K items published on or before it.</summary>
    Feed,
    /// <summary>200 with an HTML page from the archive instead of the feed.</summary>
    ArchiveErrorPage,
    /// <summary>503 on replay, although the CDX lists the capture as a 200.</summary>
    ServerError,
    /// <summary>The feed cut in the middle of an item's title.</summary>
    Truncated,
    /// <summary>200 text/plain: the site answered something else than a feed that day.</summary>
    PlainText,
    /// <summary>The site answered 404 that day: the CDX lists statuscode 404, so filter=statuscode:200 drops it.</summary>
    NotFound,
}

/// <summary>One capture of the feed, as the CDX lists it.</summary>
/// <param name="Index">0 for the oldest capture.</param>
/// <param name="Timestamp">14 digits, UTC: <c>20190601120000</c>.</param>
/// <param name="StatusCode">As the CDX lists it: 404 for <see cref="CaptureKind.NotFound"/>, else 200 (even for captures that fail to replay).</param>
/// <param name="Digest">Equal for two captures exactly when their replayed bytes are equal, so <c>collapse=digest</c> drops repeats.</param>
public sealed record WaybackCapture(int Index, string Timestamp, DateTimeOffset At, CaptureKind Kind, int StatusCode, string MimeType, string Digest)
{
    internal static string TimestampOf(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);

    /// <summary>Base32 of a SHA-1, the shape of a real CDX digest, over a key naming the replayed content.</summary>
    internal static string DigestOf(string contentKey)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var hash = SHA1.HashData(Encoding.UTF8.GetBytes(contentKey));
        var digest = new StringBuilder(32);
        for (var bit = 0; bit < hash.Length * 8; bit += 5)
        {
            var value = 0;
            for (var i = 0; i < 5; i++)
                value = (value << 1) | (hash[(bit + i) / 8] >> (7 - (bit + i) % 8) & 1);
            digest.Append(alphabet[value]);
        }
        return digest.ToString();
    }
}

/// <summary>When captures were taken: "every 30 days from 2019-06-01 to 2024-06-01".</summary>
public static class CaptureTimes
{
    /// <summary>From <paramref name="from"/> to <paramref name="to"/> inclusive, every <paramref name="step"/>.</summary>
    public static IReadOnlyList<DateTimeOffset> Every(TimeSpan step, DateTimeOffset from, DateTimeOffset to)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, TimeSpan.FromSeconds(1));
        var times = new List<DateTimeOffset>();
        for (var at = from; at <= to; at += step) times.Add(at);
        return times;
    }

    /// <summary><paramref name="count"/> captures from <paramref name="from"/>, every <paramref name="step"/>: <c>Every(TimeSpan.FromHours(1), from, 50_000)</c> for a huge CDX answer.</summary>
    public static IReadOnlyList<DateTimeOffset> Every(TimeSpan step, DateTimeOffset from, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(step, TimeSpan.FromSeconds(1));
        return Enumerable.Range(0, count).Select(i => from + i * step).ToArray();
    }
}

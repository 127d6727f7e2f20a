using System.Globalization;

namespace PolicyWatch.Tests.Support.History;

/// <summary>
/// One post of a generated site: the ground truth a backfill test asserts against.
/// The guid and link depend only on the id and the origin, never on a server's port,
/// so the same items served by two sites (a WordPress feed and its archived captures) share them.
/// </summary>
/// <param name="Id">1 for the oldest post; also the WordPress post id.</param>
/// <param name="Guid">As WordPress writes it: <c>{origin}/?p={id}</c>, not a permalink.</param>
/// <param name="OnTopic">Whether the title and description name chat control or client-side scanning.</param>
public sealed record GeneratedItem(int Id, string Guid, string Link, string Title, string Description, DateTimeOffset Published, bool OnTopic);

/// <summary>Builds item lists from a few parameters: "2,000 items, one a day from 2019-06-01".</summary>
public static class GeneratedItems
{
    /// <summary>Where generated links point: a reserved name (RFC 2606) that no test ever fetches.</summary>
    public const string DefaultOrigin = "https://advocacy.example";

    // Both phrases are the test taxonomy's (TestCatalog): on-topic items are tagged, the others are not.
    private static readonly string[] OnTopicTitles =
    [
        "Chat control: Council vote postponed again",
        "Client-side scanning would break encryption, experts warn",
        "Scientists sign open letter against chat control",
    ];

    private static readonly string[] OffTopicTitles = ["Staff picnic", "We are hiring a finance officer", "Office closed for the holidays"];

    /// <summary><paramref name="count"/> items, one a day at 10:00 UTC from <paramref name="from"/>; every third one on topic.</summary>
    public static IReadOnlyList<GeneratedItem> Daily(int count, DateOnly from, Func<int, bool>? onTopic = null, string origin = DefaultOrigin) =>
        Generate(count, new DateTimeOffset(from.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero), TimeSpan.FromDays(1), onTopic, origin);

    /// <param name="first">The date of item 1, the oldest.</param>
    /// <param name="every">Time between consecutive items.</param>
    /// <param name="onTopic">Which ids are on topic; by default every third (3, 6, 9…).</param>
    public static IReadOnlyList<GeneratedItem> Generate(int count, DateTimeOffset first, TimeSpan every, Func<int, bool>? onTopic = null, string origin = DefaultOrigin)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(every, TimeSpan.Zero);
        onTopic ??= id => id % 3 == 0;
        origin = origin.TrimEnd('/');
        return Enumerable.Range(1, count).Select(id => Create(id, first.ToUniversalTime() + (id - 1) * every, onTopic(id), origin)).ToArray();
    }

    private static GeneratedItem Create(int id, DateTimeOffset published, bool onTopic, string origin)
    {
        var titles = onTopic ? OnTopicTitles : OffTopicTitles;
        // id / 3 rather than id: with the default predicate (every third id) id % 3 would pick one title only.
        // The id in the title keeps titles unique, so a content hash never merges two items.
        var title = $"{titles[id / 3 % titles.Length]} #{id}";
        var description = onTopic
            ? $"Post {id}: what the chat control proposal and client-side scanning mean for encrypted messaging."
            : $"Post {id}: news from the office.";
        var slug = string.Concat(title.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Replace("--", "-").Trim('-');
        var day = published.ToString("yyyy'/'MM'/'dd", CultureInfo.InvariantCulture);
        return new GeneratedItem(id, $"{origin}/?p={id}", $"{origin}/{day}/{slug}/", title, description, published, onTopic);
    }
}

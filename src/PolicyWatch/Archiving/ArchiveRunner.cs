using System.Net;
using Microsoft.Extensions.Logging;
using PolicyWatch.Fetching;
using PolicyWatch.Storage;

namespace PolicyWatch.Archiving;

/// <summary>What one turn did.</summary>
public sealed record ArchiveRunReport(int Queued, int LookedUp, int Found, int Polled, int Submitted, int Saved, int Failed)
{
    /// <summary>Whether any request was made or anything queued, for the scheduler's log.</summary>
    public bool DidAnything => Queued + LookedUp + Polled + Submitted > 0;
}

/// <summary>
/// One turn of archived copies, in the background (the scheduler's job, never a page): queue the new items of
/// sources that save their pages; look up the items that are due at the availability API; poll the captures
/// in progress; submit queued pages to Save Page Now. Each step is bounded per turn. Every answer is recorded
/// on its item, so nothing is asked twice too soon: a copy found is never looked up again, a page the archive
/// does not hold waits <see cref="ArchiveOptions.LookAgainAfter"/> (doubling), a failure waits
/// <see cref="ArchiveOptions.RetryAfter"/> (doubling, or the archive's Retry-After if longer). A failed request
/// is the archive's trouble, not the page's: the turn stops asking that API, and when the archive said how long
/// to wait, the API rests that long across turns.
/// </summary>
public sealed class ArchiveRunner(
    ArchivedCopyStore copies, ArchiveSaveStore saves, ArchiveClient archive, ArchiveOptions options, TimeProvider time, ILogger<ArchiveRunner> logger)
{
    // Until when each API rests after it asked us to wait; the runner is one instance per process.
    private DateTimeOffset _lookupsRestUntil, _savesRestUntil;

    public async Task<ArchiveRunReport> RunAsync(CancellationToken cancellationToken)
    {
        var queued = await saves.EnqueueNewItemsAsync(time.GetUtcNow(), cancellationToken);
        var (lookedUp, found, lookupFailed) = await LookUpAsync(cancellationToken);
        var (polled, saved, pollFailed) = await PollAsync(cancellationToken);
        var (submitted, submitFailed) = await SubmitAsync(cancellationToken);
        return new ArchiveRunReport(queued, lookedUp, found, polled, submitted, saved, lookupFailed + pollFailed + submitFailed);
    }

    private async Task<(int LookedUp, int Found, int Failed)> LookUpAsync(CancellationToken cancellationToken)
    {
        var (lookedUp, found, failed) = (0, 0, 0);
        if (time.GetUtcNow() < _lookupsRestUntil) return (0, 0, 0);
        foreach (var item in await copies.DueAsync(time.GetUtcNow(), options.MaxLookupsPerRun, cancellationToken))
        {
            if (NeverAsked(item.PageUrl) is { } why)
            {
                await copies.RecordFailureAsync(item.ItemId, item.PageUrl, $"{why}: never looked up", time.GetUtcNow(), next: null, cancellationToken);
                continue;
            }
            var page = new Uri(item.PageUrl);
            var answer = await archive.AvailabilityAsync(page, item.PublishedAt, cancellationToken);
            var now = time.GetUtcNow();
            lookedUp++;
            switch (answer.Outcome)
            {
                case ArchiveOutcome.Found:
                    await copies.RecordFoundAsync(item.ItemId, item.PageUrl, answer.CopyUrl!, answer.CapturedAt!.Value, CopyFoundVia.Lookup, now, cancellationToken);
                    found++;
                    break;
                case ArchiveOutcome.NotFound:
                    await copies.RecordNotFoundAsync(item.ItemId, item.PageUrl, answer.Error, now, now + Doubling(options.LookAgainAfter, item.Attempts, options.MaxLookAgainAfter), cancellationToken);
                    break;
                default:
                    failed++;
                    await copies.RecordFailureAsync(item.ItemId, item.PageUrl, answer.Error ?? "the lookup failed", now, now + Backoff(item.Attempts, answer.RetryAfter), cancellationToken);
                    _lookupsRestUntil = RestUntil(now, answer);
                    logger.LogWarning("Looking up the archived copy of {Url} failed: {Error}; lookups stop for this turn{Rest}",
                        item.PageUrl, answer.Error, Resting(_lookupsRestUntil, now));
                    return (lookedUp, found, failed);
            }
        }
        return (lookedUp, found, failed);
    }

    /// <summary>Polls the captures in progress whose time has come.</summary>
    private async Task<(int Polled, int Saved, int Failed)> PollAsync(CancellationToken cancellationToken)
    {
        var (polled, saved, failed) = (0, 0, 0);
        if (time.GetUtcNow() < _savesRestUntil) return (0, 0, 0);
        foreach (var task in await saves.DuePollsAsync(time.GetUtcNow(), options.MaxLookupsPerRun, cancellationToken))
        {
            if (NeverAsked(task.PageUrl) is { } why)
            {
                await saves.RecordFailureAsync(task.ItemId, $"{why}: never saved", time.GetUtcNow(), null, countsAsAttempt: false, cancellationToken);
                continue;
            }
            var page = new Uri(task.PageUrl);
            var answer = await archive.StatusAsync(task.JobId ?? "", page, cancellationToken);
            var now = time.GetUtcNow();
            polled++;
            switch (answer.Outcome)
            {
                case ArchiveOutcome.Saved:
                    await copies.RecordFoundAsync(task.ItemId, task.PageUrl, answer.CopyUrl!, answer.CapturedAt!.Value, CopyFoundVia.Save, now, cancellationToken);
                    await saves.RecordDoneAsync(task.ItemId, SaveStatus.Saved, now, cancellationToken);
                    saved++;
                    break;
                case ArchiveOutcome.Pending when now - (task.SubmittedAt ?? now) < options.PollFor:
                    await saves.RecordPendingAsync(task.ItemId, now, now + options.PollEvery, cancellationToken);
                    break;
                case ArchiveOutcome.Pending:
                    failed++;
                    await saves.RecordFailureAsync(task.ItemId, $"the capture was still pending after {options.PollFor}", now, RetryOrGiveUp(task.Attempts, now, null),
                        countsAsAttempt: false, cancellationToken);
                    break;
                case ArchiveOutcome.Refused:
                    failed++;
                    await saves.RecordFailureAsync(task.ItemId, answer.Error!, now, RetryOrGiveUp(task.Attempts, now, null), countsAsAttempt: false, cancellationToken);
                    break;
                default:
                    // The status could not be read: the capture may well be fine; ask again later.
                    failed++;
                    await saves.RecordPendingAsync(task.ItemId, now, now + Max(options.PollEvery, Capped(answer.RetryAfter)), cancellationToken);
                    _savesRestUntil = RestUntil(now, answer);
                    logger.LogWarning("Polling the capture of {Url} failed: {Error}; saves stop for this turn{Rest}",
                        task.PageUrl, answer.Error, Resting(_savesRestUntil, now));
                    return (polled, saved, failed);
            }
        }
        return (polled, saved, failed);
    }

    /// <summary>Submits queued pages, at most <see cref="ArchiveOptions.MaxSavesPerRun"/> a turn.</summary>
    private async Task<(int Submitted, int Failed)> SubmitAsync(CancellationToken cancellationToken)
    {
        var (submitted, failed) = (0, 0);
        if (time.GetUtcNow() < _savesRestUntil) return (0, 0);
        foreach (var task in await saves.DueSubmissionsAsync(time.GetUtcNow(), options.MaxSavesPerRun, cancellationToken))
        {
            if (task.HasCopySincePublished)
            {
                await saves.RecordDoneAsync(task.ItemId, SaveStatus.Skipped, time.GetUtcNow(), cancellationToken);
                continue;
            }
            if (NeverAsked(task.PageUrl) is { } why)
            {
                await saves.RecordFailureAsync(task.ItemId, $"{why}: never saved", time.GetUtcNow(), null, countsAsAttempt: false, cancellationToken);
                continue;
            }
            var page = new Uri(task.PageUrl);
            var answer = await archive.SaveAsync(page, cancellationToken);
            var now = time.GetUtcNow();
            submitted++;
            if (answer.Outcome == ArchiveOutcome.Accepted)
            {
                await saves.RecordSubmittedAsync(task.ItemId, answer.JobId!, now, now + options.PollEvery, cancellationToken);
                continue;
            }
            failed++;
            // A refusal, or a 4xx other than the rate limit, is about this page and uses one of its tries;
            // the archive being down or busy is not, and the page keeps its tries.
            var aboutThePage = answer.Outcome == ArchiveOutcome.Refused || answer.HttpStatus is >= 400 and < 500 && !answer.RateLimited;
            var attempts = task.Attempts + (aboutThePage ? 1 : 0);
            await saves.RecordFailureAsync(task.ItemId, answer.Error ?? "the capture request failed", now,
                aboutThePage ? RetryOrGiveUp(attempts, now, answer.RetryAfter) : now + Backoff(attempts, answer.RetryAfter), aboutThePage, cancellationToken);
            if (answer.Outcome == ArchiveOutcome.Refused) continue;
            _savesRestUntil = RestUntil(now, answer);
            logger.LogWarning("Asking the archive to capture {Url} failed: {Error}; saves stop for this turn{Rest}",
                task.PageUrl, answer.Error, Resting(_savesRestUntil, now));
            return (submitted, failed);
        }
        return (submitted, failed);
    }

    /// <summary>When a page that failed is tried again, or null to give it up after its last allowed attempt.</summary>
    private DateTimeOffset? RetryOrGiveUp(int attempts, DateTimeOffset now, TimeSpan? retryAfter) =>
        attempts >= options.MaxSaveAttempts ? null : now + Backoff(Math.Max(0, attempts - 1), retryAfter);

    /// <summary><see cref="ArchiveOptions.RetryAfter"/> doubled per earlier failure, capped; a longer (capped) Retry-After wins.</summary>
    private TimeSpan Backoff(int failuresBefore, TimeSpan? retryAfter) =>
        Max(Doubling(options.RetryAfter, failuresBefore, options.MaxBackoff), Capped(retryAfter));

    private static TimeSpan Doubling(TimeSpan first, int times, TimeSpan cap) =>
        TimeSpan.FromTicks((long)Math.Min(cap.Ticks, first.Ticks * Math.Pow(2, Math.Clamp(times, 0, 30))));

    /// <summary>An archive's Retry-After is honoured up to <see cref="ArchiveOptions.MaxBackoff"/>.</summary>
    private TimeSpan Capped(TimeSpan? retryAfter) => retryAfter is { } wait && wait > TimeSpan.Zero ? Min(wait, options.MaxBackoff) : TimeSpan.Zero;

    private DateTimeOffset RestUntil(DateTimeOffset now, ArchiveAnswer answer) => now + Capped(answer.RetryAfter);

    private static string Resting(DateTimeOffset until, DateTimeOffset now) => until > now ? $", and rest until {until:u} as the archive asked" : "";

    /// <summary>
    /// Why the archive is never asked about this link, or null. Only public web pages: the triggers keep other
    /// schemes out, and a link to a private address or an intranet name (an intranet feed's items) would only
    /// tell the archive about the network, since it can neither hold nor capture such a page.
    /// </summary>
    private static string? NeverAsked(string text)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
            return "not an http(s) address";
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(url.DnsSafeHost, out var address)
            && SpecialAddresses.KindOf(address) is { } kind)
            return $"{url.Host} is {kind}";
        if (url.HostNameType == UriHostNameType.Dns && (!url.Host.Contains('.') || url.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
            || url.Host.EndsWith(".local", StringComparison.OrdinalIgnoreCase) || url.Host.EndsWith(".internal", StringComparison.OrdinalIgnoreCase)))
            return $"{url.Host} is an intranet name";
        return null;
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

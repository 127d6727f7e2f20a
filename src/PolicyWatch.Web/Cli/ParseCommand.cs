using PolicyWatch.Fetching;
using PolicyWatch.Parsing;

namespace PolicyWatch.Web.Cli;

/// <summary><c>parse FILE|URL --json</c>: what the feed parser reads, for debugging a source.</summary>
public static class ParseCommand
{
    public static async Task<int> RunAsync(CommandLine commandLine)
    {
        var target = commandLine.Target!;
        var document = await ReadAsync(target);
        if (document.Error is not null)
        {
            await Console.Error.WriteLineAsync($"error: {target}: {document.Error}");
            return CliApp.SomeFailed;
        }
        try
        {
            var feed = FeedParser.Parse(document.Body, document.ContentType, document.FinalUrl);
            Console.WriteLine(commandLine.Json ? ParsedFeedJson.ToJson(feed) : Summary(feed));
            return CliApp.Ok;
        }
        catch (FeedParseException e)
        {
            await Console.Error.WriteLineAsync($"error: {target}: {e.Message}");
            return CliApp.SomeFailed;
        }
    }

    /// <summary>The same fetcher as the crawler (limits, redirects, User-Agent), or a local file.</summary>
    private static async Task<FetchResult> ReadAsync(string target)
    {
        var options = new FetchOptions();
        Uri url = Uri.TryCreate(target, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https" or "file"
            ? absolute
            : new Uri(Path.GetFullPath(target));
        using var fetcher = new Fetcher(options, new HostGate());
        // The operator typed the address: it is trusted like a source in feeds.json.
        return await fetcher.FetchAsync(FetchRequest.ForOperator(url), CancellationToken.None);
    }

    private static string Summary(ParsedFeed feed) =>
        $"{feed.Format}{(feed.Bozo ? $" (malformed: {feed.BozoReason})" : "")}: \"{feed.Feed.Title}\", {feed.Entries.Count} entries" +
        string.Concat(feed.Entries.Take(20).Select(e => $"{Environment.NewLine}  {ParsedFeedJson.Date(e.Published ?? e.Updated) ?? "(no date)",-20}  {e.Title}"));
}

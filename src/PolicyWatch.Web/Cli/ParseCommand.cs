using System.Text.Json;
using PolicyWatch.Parsing;

namespace PolicyWatch.Web.Cli;

/// <summary><c>parse FILE|URL --json</c>: what the feed parser reads, for debugging a source.</summary>
public static class ParseCommand
{
    public static async Task<int> RunAsync(CommandLine commandLine)
    {
        var target = commandLine.Target!;
        byte[] body;
        string? contentType = null;
        Uri? documentUrl;
        if (Uri.TryCreate(target, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            using var http = new HttpClient(PolicyWatch.Fetching.Fetcher.CreateHandler(new())) { Timeout = TimeSpan.FromSeconds(30) };
            using var response = await http.GetAsync(url);
            body = await response.Content.ReadAsByteArrayAsync();
            contentType = response.Content.Headers.ContentType?.ToString();
            documentUrl = response.RequestMessage?.RequestUri ?? url;
        }
        else
        {
            body = await File.ReadAllBytesAsync(target);
            documentUrl = new Uri(Path.GetFullPath(target));
        }
        try
        {
            var feed = FeedParser.Parse(body, contentType, documentUrl);
            Console.WriteLine(JsonSerializer.Serialize(feed, new JsonSerializerOptions { WriteIndented = true }));
            return CliApp.Ok;
        }
        catch (FeedParseException e)
        {
            await Console.Error.WriteLineAsync($"error: {target}: {e.Message}");
            return CliApp.SomeFailed;
        }
    }
}

namespace PolicyWatch.Fetching;

/// <summary>file: URLs from feeds.json, for offline use, demos and tests.</summary>
internal static class FileSource
{
    public static async Task<FetchResult> ReadAsync(Uri url, long limit, CancellationToken cancellationToken)
    {
        try
        {
            var body = await BodyReader.ReadCappedAsync(File.OpenRead(url.LocalPath), limit, cancellationToken);
            return new FetchResult(FetchStatus.Ok, null, body, null, url, null, null, null, null, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return FetchResult.Failure(url, $"cannot read {url.LocalPath}: {e.Message}");
        }
        catch (BodyTooLargeException e)
        {
            return FetchResult.Failure(url, e.Message);
        }
    }
}

using PolicyWatch.Catalog;
using PolicyWatch.Official;

namespace PolicyWatch.Crawling;

/// <summary>
/// The host a crawl of a source talks to: its feed's, or its parliament API's ("file:" for files). A runner keeps a
/// host's sources in one line, and each source's row keeps its host (written at every sync of feeds.json), so that a
/// claim leaves a host another node holds a source of to that node.
/// </summary>
public static class SourceHost
{
    public static string Of(SourceDefinition source, OfficialOptions official)
    {
        var url = source.Type.IsOfficialApi() ? OfficialReader.ApiUrl(official, source) : source.Url;
        return url.IsFile ? "file:" : url.Authority.ToLowerInvariant();
    }
}

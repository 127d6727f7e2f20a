using PolicyWatch.Syndication;

namespace PolicyWatch.Web.Feeds;

/// <summary>Writes a feed document in its format, with its content type, straight to the response.</summary>
public sealed class FeedResult(SyndicationFormat format, FeedDocument document) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.ContentType = format.ContentType();
        return format.WriteAsync(document, httpContext.Response.Body, httpContext.RequestAborted);
    }
}

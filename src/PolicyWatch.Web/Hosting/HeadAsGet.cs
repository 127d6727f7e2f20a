namespace PolicyWatch.Web.Hosting;

/// <summary>
/// HEAD wherever GET is mapped. Monitors and feed checkers ask with HEAD and expect the GET's answer:
/// the same status and headers (Content-Type, ETag, Last-Modified, a 304 to a conditional request);
/// Kestrel leaves out the body. Pages answer HEAD on their own (Razor Pages runs OnGet for it).
/// </summary>
public static class HeadAsGet
{
    /// <summary>A group (no prefix of its own) whose GET endpoints also answer HEAD; map the API, exports and feeds in it.</summary>
    public static RouteGroupBuilder MapGroupAnsweringHead(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("");
        // Finally: after MapGet has said which methods the endpoint takes.
        ((IEndpointConventionBuilder)group).Finally(AddHead);
        return group;
    }

    private static void AddHead(EndpointBuilder endpoint)
    {
        if (endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault() is { } methods
            && methods.HttpMethods.Contains(HttpMethods.Get) && !methods.HttpMethods.Contains(HttpMethods.Head))
            endpoint.Metadata.Add(new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head], methods.AcceptCorsPreflight));
    }
}

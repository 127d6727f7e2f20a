namespace PolicyWatch.Tests.Support.History;

/// <summary>One request a history site received.</summary>
/// <param name="Number">1 for the site's first request; the number <see cref="SiteFault.OnRequest"/> counts.</param>
/// <param name="PathAndQuery">The decoded path and the query as sent: <c>/feed/?paged=2</c>.</param>
/// <param name="At">When it arrived, by the site's clock (<see cref="HistorySiteOptions.Clock"/>).</param>
/// <param name="StatusCode">What the site answered.</param>
public sealed record RecordedRequest(int Number, string PathAndQuery, DateTimeOffset At, int StatusCode)
{
    public string Path => PathAndQuery.Split('?', 2)[0];
}

using PolicyWatch.Normalizing;

namespace PolicyWatch.Parsing.Html;

/// <summary>
/// Pages nested too deep to read: AngleSharp spends time proportional to the depth on each start tag, and
/// the readers here measure the text of an element once for each element around it, so a page of nested
/// elements cost time quadratic in its size (tens of seconds for a few hundred kilobytes of nested
/// &lt;pre&gt;, &lt;ul&gt; or &lt;div&gt;). Feeds' HTML is guarded the same way (<see cref="NestingGuard"/>).
/// </summary>
internal static class PageDepth
{
    /// <exception cref="HtmlSelectException">The page nests elements deeper than <see cref="NestingGuard.MaxDepth"/>.</exception>
    public static void EnsureReadable(string html)
    {
        if (NestingGuard.IsTooDeep(html))
            throw new HtmlSelectException($"the page nests elements more than {NestingGuard.MaxDepth} deep (hostile or broken markup); it was not read");
    }
}

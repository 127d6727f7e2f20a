namespace PolicyWatch.Parsing.HtmlList;

/// <summary>
/// One row picked from an HTML list page by a source's <c>select</c> block.
/// <see cref="Key"/> is the row's identity across crawls: a row whose text changes keeps it.
/// </summary>
/// <param name="DateRaw">The date cell's text as the page wrote it, kept so a bad date can be debugged.</param>
/// <param name="Date">The date parsed with the source's formats, as UTC; null when none fitted.</param>
public sealed record HtmlRow(
    string Key,
    string Title,
    Uri? Link,
    string? DateRaw,
    DateTimeOffset? Date,
    string? Summary,
    string? Stage,
    string? Reference);

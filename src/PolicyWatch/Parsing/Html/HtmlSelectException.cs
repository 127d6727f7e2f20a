namespace PolicyWatch.Parsing.Html;

/// <summary>
/// A selector from feeds.json cannot be used on a page: invalid syntax, or it matched nothing
/// where something is required (the message names the selector key and its text); or the page is
/// nested too deep to be read with selectors at all.
/// </summary>
public sealed class HtmlSelectException(string message) : Exception(message);

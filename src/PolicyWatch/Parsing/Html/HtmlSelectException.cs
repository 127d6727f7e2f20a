namespace PolicyWatch.Parsing.Html;

/// <summary>
/// A selector from feeds.json cannot be used on a page: invalid syntax, or it matched nothing
/// where something is required. The message names the selector key and its text.
/// </summary>
public sealed class HtmlSelectException(string message) : Exception(message);

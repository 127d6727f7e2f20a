namespace PolicyWatch.Parsing.Article;

/// <summary>The main text of an article page, as archived for search, tagging and citations.</summary>
/// <param name="Text">Paragraphs separated by blank lines.</param>
/// <param name="Title">The page's headline when one was found.</param>
/// <param name="Hash">SHA-256 of <paramref name="Text"/> (UTF-8), lower-case hex: a changed text has a new hash.</param>
public sealed record ExtractedArticle(string Text, string? Title, string Hash);

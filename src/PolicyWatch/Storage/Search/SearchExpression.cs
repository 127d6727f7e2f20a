using System.Text;

namespace PolicyWatch.Storage.Search;

/// <summary>
/// Turns search text as people type it into a safe FTS5 MATCH expression. Understood:
/// words (all must match), "exact phrases", prefix*, OR, AND, NOT, -word, +word and (brackets).
/// Operators count only in capitals, as in web search engines: "rock and roll" looks for three words.
/// Every word and phrase reaches FTS5 quoted, so its syntax characters (: ^ * ( ) NEAR …) are only text.
/// </summary>
public static class SearchExpression
{
    private enum Kind { Term, And, Or, Not, Minus, Open, Close }

    /// <summary>FTS5 refuses expressions deeper than 256 levels and each word adds one; people never need this many.</summary>
    public const int MaxTerms = 50;

    /// <summary>Bounds the parser's recursion, whatever is typed.</summary>
    public const int MaxBracketDepth = 8;

    private readonly record struct Token(Kind Kind, string Text = "", bool Prefix = false);

    /// <exception cref="InvalidSearchException">The text cannot be read as a search; the message says why.</exception>
    public static string Translate(string text) => Fts5(Parse(text));

    /// <summary>The search's structure, for a database other than SQLite (PostgreSQL's tsquery).</summary>
    /// <exception cref="InvalidSearchException">The text cannot be read as a search; the message says why.</exception>
    public static SearchNode Parse(string text)
    {
        var tokens = Lex(text);
        if (tokens.Count == 0) throw new InvalidSearchException("type at least one word or number to search for");
        if (tokens.Count(t => t.Kind is Kind.Term) > MaxTerms)
            throw new InvalidSearchException($"a search can hold at most {MaxTerms} words and phrases");
        var parser = new Parser(tokens);
        return parser.ParseAll();
    }

    /// <summary>Every word and phrase quoted; AND, OR and NOT bracketed as the parser grouped them.</summary>
    private static string Fts5(SearchNode node) => node switch
    {
        SearchTerm term => Quote(term),
        SearchAll all => "(" + string.Join(" AND ", all.Parts.Select(Fts5)) + ")",
        SearchAny any => "(" + string.Join(" OR ", any.Parts.Select(Fts5)) + ")",
        SearchExcept except => $"({Fts5(except.Wanted)} NOT {Fts5(except.LeftOut)})",
        _ => throw new ArgumentOutOfRangeException(nameof(node)),
    };

    private static List<Token> Lex(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (IsSeparator(c)) { i++; continue; }
            if (c == '(') { tokens.Add(new Token(Kind.Open)); i++; continue; }
            if (c == ')') { tokens.Add(new Token(Kind.Close)); i++; continue; }
            if (c == '"') { i = LexPhrase(text, i, tokens); continue; }
            if (c is '-' or '+' && i + 1 < text.Length && !IsSeparator(text[i + 1]))
            {
                if (c == '-') tokens.Add(new Token(Kind.Minus));
                i++;
                continue;
            }
            var start = i;
            while (i < text.Length && !IsSeparator(text[i]) && text[i] is not ('"' or '(' or ')')) i++;
            AddWord(text[start..i], tokens);
        }
        return tokens;
    }

    private static int LexPhrase(string text, int open, List<Token> tokens)
    {
        var close = text.IndexOf('"', open + 1);
        if (close < 0) throw new InvalidSearchException("a quote is not closed: add the closing \" or remove the opening one");
        var prefix = close + 1 < text.Length && text[close + 1] == '*';
        var phrase = new string(text[(open + 1)..close].Select(ch => IsSeparator(ch) ? ' ' : ch).ToArray());
        if (HasWordCharacters(phrase)) tokens.Add(new Token(Kind.Term, phrase, prefix));
        var next = close + 1;
        while (next < text.Length && text[next] == '*') next++;
        return next;
    }

    private static void AddWord(string word, List<Token> tokens)
    {
        switch (word)
        {
            case "AND": tokens.Add(new Token(Kind.And)); return;
            case "OR": tokens.Add(new Token(Kind.Or)); return;
            case "NOT": tokens.Add(new Token(Kind.Not)); return;
        }
        var prefix = word.EndsWith('*');
        var bare = word.TrimEnd('*');
        // Punctuation alone ("&", "—") matches nothing once tokenized, so it is not a word to look for.
        if (HasWordCharacters(bare)) tokens.Add(new Token(Kind.Term, bare, prefix));
        else if (tokens.Count > 0 && tokens[^1].Kind == Kind.Minus) tokens.RemoveAt(tokens.Count - 1);
    }

    // Control characters separate words: a NUL would end the string early inside SQLite's FTS5 parser.
    private static bool IsSeparator(char c) => char.IsWhiteSpace(c) || char.IsControl(c);

    private static bool HasWordCharacters(string text) => text.Any(char.IsLetterOrDigit);

    private static string Quote(SearchTerm term) =>
        "\"" + term.Text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (term.Prefix ? "*" : "");

    /// <summary>Recursive descent: or := and (OR and)*; and := item+ (AND optional); item := [NOT|-] primary.</summary>
    private sealed class Parser(List<Token> tokens)
    {
        private int _at;
        private int _depth;

        private Token? Peek => _at < tokens.Count ? tokens[_at] : null;

        public SearchNode ParseAll()
        {
            var expression = ParseOr();
            if (Peek is { Kind: Kind.Close }) throw new InvalidSearchException("a closing bracket has no opening one");
            return expression;
        }

        private SearchNode ParseOr()
        {
            if (Peek is { Kind: Kind.Or }) throw new InvalidSearchException("OR needs a word before it");
            var parts = new List<SearchNode> { ParseAnd() };
            while (Peek is { Kind: Kind.Or })
            {
                _at++;
                if (Peek is null or { Kind: Kind.Close or Kind.Or or Kind.And }) throw new InvalidSearchException("OR needs a word after it");
                parts.Add(ParseAnd());
            }
            return parts.Count == 1 ? parts[0] : new SearchAny(parts);
        }

        private SearchNode ParseAnd()
        {
            var wanted = new List<SearchNode>();
            var unwanted = new List<SearchNode>();
            while (Peek is { } token && token.Kind is not (Kind.Or or Kind.Close))
            {
                _at++;
                switch (token.Kind)
                {
                    case Kind.And:
                        if (wanted.Count + unwanted.Count == 0) throw new InvalidSearchException("AND needs a word before it");
                        if (Peek is null or { Kind: Kind.Close or Kind.Or or Kind.And }) throw new InvalidSearchException("AND needs a word after it");
                        break;
                    case Kind.Not:
                        if (Peek is null or { Kind: Kind.Close or Kind.Or or Kind.And or Kind.Not }) throw new InvalidSearchException("NOT needs a word after it");
                        unwanted.Add(ParseNegated());
                        break;
                    case Kind.Minus:
                        unwanted.Add(ParseNegated());
                        break;
                    default:
                        _at--;
                        wanted.Add(ParsePrimary());
                        break;
                }
            }
            if (wanted.Count == 0 && unwanted.Count == 0) throw new InvalidSearchException("brackets need a word inside them");
            if (wanted.Count == 0)
                throw new InvalidSearchException("a search cannot only leave words out: add a word to look for, e.g. encryption NOT apple");
            var expression = wanted.Count == 1 ? wanted[0] : new SearchAll(wanted);
            foreach (var leftOut in unwanted) expression = new SearchExcept(expression, leftOut);
            return expression;
        }

        private SearchNode ParseNegated() =>
            Peek is { Kind: Kind.Term or Kind.Open } ? ParsePrimary() : throw new InvalidSearchException("NOT needs a word after it");

        private SearchNode ParsePrimary()
        {
            var token = tokens[_at++];
            if (token.Kind == Kind.Term) return new SearchTerm(token.Text, token.Prefix);
            if (token.Kind != Kind.Open) throw new InvalidSearchException("the search could not be read: check the operators and brackets");
            if (Peek is null) throw new InvalidSearchException("a bracket is not closed: add the closing ) or remove the opening (");
            if (++_depth > MaxBracketDepth) throw new InvalidSearchException($"brackets can be nested at most {MaxBracketDepth} deep");
            var inner = ParseOr();
            _depth--;
            if (Peek is not { Kind: Kind.Close }) throw new InvalidSearchException("a bracket is not closed: add the closing ) or remove the opening (");
            _at++;
            return inner;
        }
    }
}

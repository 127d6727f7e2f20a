using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Data.Sqlite;
using static PolicyWatch.Storage.Search.Fts5Native;

namespace PolicyWatch.Storage.Search;

/// <summary>
/// <c>pw_snippet(items_fts, open, close, ellipsis, tokens)</c>: the passage of a matching row that holds most of
/// the search's phrases, with each match between <c>open</c> and <c>close</c>, chosen and written as FTS5's
/// <c>snippet(items_fts, -1, open, close, ellipsis, tokens)</c> does, in work that grows with the row and never
/// with its square. FTS5's snippet scores a window at every match by counting every match again, so a row
/// holding a word a million times (a 9.5 MB title) kept one search busy for minutes.
/// </summary>
/// <remarks>
/// As FTS5: a window of <c>tokens</c> tokens scores 1000 per distinct phrase it holds and 1 per repeat; windows
/// start at each match (then centred on what they hold) or at the start of the match's sentence (100 more, 120
/// at the column's start); the first best wins, so on a tie the title does. Unlike FTS5: the windows slide over
/// the row's first <see cref="MaxInstances"/> matches once, matches past token <see cref="MaxPosition"/> of a
/// column are not looked at, texts are tokenized only as far as needed, and at most <see cref="MaxTextBytes"/>
/// bytes of the row's text are returned, however long its words or the gaps between them.
/// </remarks>
internal static unsafe class BoundedSnippet
{
    public const string Name = "pw_snippet";

    /// <summary>Matches of one row looked at to place its snippet: real rows have far fewer; a hostile one has millions.</summary>
    public const int MaxInstances = 1_000;

    /// <summary>Bytes of the row's text in a snippet (24 ordinary words take about 200).</summary>
    public const int MaxTextBytes = 1_000;

    /// <summary>
    /// Matches further into a column than this many tokens do not place a snippet, so a snippet never tokenizes
    /// more than this: a megabyte of ordinary text, more than an archived page is stored with.
    /// </summary>
    public const int MaxPosition = 200_000;

    /// <summary>The most tokens a snippet may ask for.</summary>
    public const int MaxTokens = 64;

    private static readonly ConditionalWeakTable<SQLitePCL.sqlite3, Registration> Registered = new();

    /// <summary>Adds pw_snippet to the connection's FTS5 once per native connection, as <see cref="CachedBm25.Register"/>.</summary>
    internal static void Register(SqliteConnection connection)
    {
        var handle = connection.Handle ?? throw new InvalidOperationException($"open the connection before adding {Name}");
        if (Registered.TryGetValue(handle, out _)) return;
        var registration = new Registration(connection.DataSource);
        CreateFunction(handle.DangerousGetHandle(), "pw_snippet\0"u8, registration, &Snippet);
        Registered.Add(handle, registration);
    }

    /// <summary>Snippets made on every connection to <paramref name="database"/> (its full path) by this process.</summary>
    internal static long MadeFor(string database) =>
        Registered.Where(r => r.Value.Database == database).Sum(r => Interlocked.Read(ref r.Value.Snippets));

    [UnmanagedCallersOnly]
    private static void Snippet(Fts5ExtensionApi* api, IntPtr fts, IntPtr context, int count, IntPtr* values)
    {
        // An exception must not cross into SQLite: it becomes the statement's error.
        try
        {
            if (count != 4) throw new ArgumentException($"{Name}(table, open, close, ellipsis, tokens) takes four arguments after the table");
            var marks = new Marks(TextOf(values[0]), TextOf(values[1]), TextOf(values[2]));
            var snippet = Make(api, fts, marks, Math.Clamp(sqlite3_value_int(values[3]), 1, MaxTokens));
            fixed (byte* text = snippet) sqlite3_result_text(context, text, snippet.Length, Transient);
            var registration = (Registration)GCHandle.FromIntPtr(api->UserData(fts)).Target!;
            Interlocked.Increment(ref registration.Snippets);
        }
        catch (Exception e)
        {
            var message = Encoding.UTF8.GetBytes($"{Name}: {e.Message}");
            fixed (byte* text = message) sqlite3_result_error(context, text, message.Length);
            if (e is SqliteException { SqliteErrorCode: not Ok and var code }) sqlite3_result_error_code(context, code);
        }
    }

    private static byte[] Make(Fts5ExtensionApi* api, IntPtr fts, Marks marks, int tokens)
    {
        var matches = Matches(api, fts);
        var (column, start, columnTokens) = BestWindow(api, fts, matches, api->PhraseCount(fts), tokens);
        byte* text;
        int length;
        RankedQuery.Check(api->ColumnText(fts, column, &text, &length));
        if (text == null || length <= 0) return [];
        var window = TokenWindow.Read(api, fts, text, length, start, start + tokens - 1);
        // As FTS5: a match that starts before the window is not marked.
        var marked = Merged(matches.Where(m => m.Column == column && m.First >= start));
        return Write(new ReadOnlySpan<byte>(text, length), window, start, reachesEnd: start + tokens >= columnTokens, marked, marks);
    }

    /// <summary>A match: its phrase, its column and the positions of its first and last tokens.</summary>
    private readonly record struct Match(int Phrase, int Column, int First, int Last);

    /// <summary>The row's first <see cref="MaxInstances"/> matches before <see cref="MaxPosition"/>, in column order, then position order.</summary>
    private static Match[] Matches(Fts5ExtensionApi* api, IntPtr fts)
    {
        int count;
        RankedQuery.Check(api->InstCount(fts, &count));
        var sizes = new int[api->PhraseCount(fts)];
        for (var p = 0; p < sizes.Length; p++) sizes[p] = Math.Max(1, api->PhraseSize(fts, p));
        var matches = new List<Match>(Math.Min(count, 64));
        for (var i = 0; i < count && matches.Count < MaxInstances; i++)
        {
            int phrase, column, offset;
            RankedQuery.Check(api->Inst(fts, i, &phrase, &column, &offset));
            if (offset < MaxPosition) matches.Add(new Match(phrase, column, offset, offset + sizes[phrase] - 1));
        }
        matches.Sort((a, b) => a.Column != b.Column ? a.Column.CompareTo(b.Column) : a.First.CompareTo(b.First));
        return [.. matches];
    }

    /// <summary>
    /// The best window (see the remarks) and its column's length in tokens. Per column, two windows slide
    /// over its matches, one starting at each match and one at the start of its sentence; both only move
    /// forward, so every match enters and leaves each once.
    /// </summary>
    private static (int Column, int Start, int ColumnTokens) BestWindow(Fts5ExtensionApi* api, IntPtr fts, Match[] matches, int phrases, int tokens)
    {
        var best = (Score: -1, Column: 0, Start: 0, ColumnTokens: 0);
        var atMatch = new SlidingWindow(matches, phrases, tokens);
        var atSentence = new SlidingWindow(matches, phrases, tokens);
        for (var from = 0; from < matches.Length;)
        {
            var column = matches[from].Column;
            var to = from;
            while (to < matches.Length && matches[to].Column == column) to++;
            int size;
            RankedQuery.Check(api->ColumnSize(fts, column, &size));
            var sentences = size > tokens ? SentenceStarts.Read(api, fts, column, upTo: matches[to - 1].First) : [];
            atMatch.Reset(from, to);
            atSentence.Reset(from, to);
            var sentence = 0;
            for (var i = from; i < to; i++)
            {
                var first = matches[i].First;
                var (score, end) = atMatch.Score(first);
                if (score > best.Score) best = (score, column, Centred(first, end, tokens, size), size);
                while (sentence + 1 < sentences.Count && sentences[sentence + 1] <= first) sentence++;
                if (sentences.Count == 0 || sentences[sentence] >= first) continue;
                var start = sentences[sentence];
                score = atSentence.Score(start).Score + (start == 0 ? 120 : 100);
                if (score > best.Score) best = (score, column, start, size);
            }
            from = to;
        }
        if (best.Score < 0) RankedQuery.Check(api->ColumnSize(fts, 0, &best.ColumnTokens));
        return (best.Column, best.Start, best.ColumnTokens);
    }

    /// <summary>A window starting at the first match, moved back so that what it holds sits in its middle, kept inside the column.</summary>
    private static int Centred(int first, int end, int tokens, int columnTokens)
    {
        var start = first - (tokens - (end - first)) / 2;
        if (start + tokens > columnTokens) start = columnTokens - tokens;
        return Math.Max(0, start);
    }

    /// <summary>
    /// The score of windows of one column's matches (from..to) whose starts never move back: the matches
    /// starting inside the window, 1000 per distinct phrase and 1 per repeat.
    /// </summary>
    private sealed class SlidingWindow(Match[] matches, int phrases, int tokens)
    {
        private readonly int[] _seen = new int[phrases];
        private int _low, _high, _to, _distinct;

        public void Reset(int from, int to)
        {
            Array.Clear(_seen);
            (_low, _high, _to, _distinct) = (from, from, to, 0);
        }

        /// <returns>The score of the window at <paramref name="start"/>, and the position after its last match.</returns>
        public (int Score, int End) Score(int start)
        {
            // Every match before the window also starts before its end, so it has entered before it leaves.
            for (; _high < _to && matches[_high].First < start + tokens; _high++)
                if (_seen[matches[_high].Phrase]++ == 0) _distinct++;
            for (; _low < _high && matches[_low].First < start; _low++)
                if (--_seen[matches[_low].Phrase] == 0) _distinct--;
            var held = _high - _low;
            return (1000 * _distinct + held - _distinct, held == 0 ? start : matches[_high - 1].Last + 1);
        }
    }

    /// <summary>Overlapping matches become one marked run, as FTS5 marks them.</summary>
    private static List<(int First, int Last)> Merged(IEnumerable<Match> matches)
    {
        var runs = new List<(int First, int Last)>();
        foreach (var match in matches)
            if (runs.Count > 0 && match.First <= runs[^1].Last) runs[^1] = (runs[^1].First, Math.Max(runs[^1].Last, match.Last));
            else runs.Add((match.First, match.Last));
        return runs;
    }

    private static byte[] Write(ReadOnlySpan<byte> text, List<(int Start, int End)> window, int start, bool reachesEnd,
        List<(int First, int Last)> runs, Marks marks)
    {
        var output = new SnippetText(marks);
        if (window.Count == 0) return output.Text(text).Finish(cut: false);
        // The first window of a column starts at its first byte, so leading punctuation shows.
        var at = start == 0 ? 0 : window[0].Start;
        if (start > 0) output.Ellipsis();
        var run = 0;
        var open = false;
        for (var k = 0; k < window.Count && !output.Full; k++)
        {
            var position = start + k;
            while (run < runs.Count && runs[run].Last < position) run++;
            if (!open && run < runs.Count && runs[run].First <= position)
            {
                output.Text(text[at..window[k].Start]).Open();
                at = window[k].Start;
                open = true;
            }
            if (open && (position == runs[run].Last || k == window.Count - 1))
            {
                output.Text(text[at..window[k].End]).Close();
                at = window[k].End;
                open = false;
            }
        }
        if (output.Full) return output.Finish(cut: true);
        if (reachesEnd) return output.Text(text[at..]).Finish(cut: false);
        return output.Text(text[at..window[^1].End]).Finish(cut: true);
    }

    private static string TextOf(IntPtr value)
    {
        var text = sqlite3_value_text(value);
        return text == null ? "" : Encoding.UTF8.GetString(text, sqlite3_value_bytes(value));
    }


    /// <summary>What goes around matches and where text was left out.</summary>
    private sealed record Marks(string Open, string Close, string Ellipsis);

    /// <summary>The snippet's UTF-8 bytes, of which at most <see cref="MaxTextBytes"/> come from the row's text.</summary>
    private sealed class SnippetText(Marks marks)
    {
        private readonly ArrayBufferWriter<byte> _bytes = new(256);
        private readonly byte[] _open = Encoding.UTF8.GetBytes(marks.Open);
        private readonly byte[] _close = Encoding.UTF8.GetBytes(marks.Close);
        private readonly byte[] _ellipsis = Encoding.UTF8.GetBytes(marks.Ellipsis);
        private int _textBytes;
        private bool _isOpen;

        /// <summary>The text budget is spent: what follows is left out.</summary>
        public bool Full { get; private set; }

        public SnippetText Text(ReadOnlySpan<byte> text)
        {
            if (Full) return this;
            var room = MaxTextBytes - _textBytes;
            if (text.Length > room)
            {
                // Cut before a continuation byte, never inside a character.
                while (room > 0 && (text[room] & 0xC0) == 0x80) room--;
                text = text[..room];
                Full = true;
            }
            _bytes.Write(text);
            _textBytes += text.Length;
            return this;
        }

        public void Open()
        {
            _bytes.Write(_open);
            _isOpen = true;
        }

        public void Close()
        {
            _bytes.Write(_close);
            _isOpen = false;
        }

        public void Ellipsis() => _bytes.Write(_ellipsis);

        public byte[] Finish(bool cut)
        {
            if (_isOpen) Close();
            if (cut || Full) Ellipsis();
            return _bytes.WrittenSpan.ToArray();
        }
    }

    /// <summary>
    /// The positions of a column's tokens that start a sentence, as FTS5 finds them: the first, and each one after
    /// a '.' or ':' and some whitespace; read up to position <c>upTo</c>.
    /// </summary>
    private sealed class SentenceStarts
    {
        private readonly byte* _text;
        private readonly int _upTo;
        private int _position;
        private readonly List<int> _starts = [];

        private SentenceStarts(byte* text, int upTo)
        {
            _text = text;
            _upTo = upTo;
        }

        public static List<int> Read(Fts5ExtensionApi* api, IntPtr fts, int column, int upTo)
        {
            byte* text;
            int length;
            RankedQuery.Check(api->ColumnText(fts, column, &text, &length));
            if (text == null || length <= 0) return [];
            var finder = new SentenceStarts(text, upTo);
            var handle = GCHandle.Alloc(finder);
            try
            {
                var code = api->Tokenize(fts, text, length, GCHandle.ToIntPtr(handle), &OnToken);
                if (code != Done) RankedQuery.Check(code);
            }
            finally
            {
                handle.Free();
            }
            return finder._starts;
        }

        [UnmanagedCallersOnly]
        private static int OnToken(IntPtr state, int flags, byte* token, int length, int start, int end)
        {
            try
            {
                var finder = (SentenceStarts)GCHandle.FromIntPtr(state).Target!;
                if ((flags & TokenColocated) != 0) return Ok;
                var position = finder._position++;
                if (position > finder._upTo) return Done;
                // Each gap is walked back once, by the token after it: linear in the text.
                var before = start - 1;
                while (before >= 0 && finder._text[before] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') before--;
                if (position == 0 || (before != start - 1 && before >= 0 && finder._text[before] is (byte)'.' or (byte)':'))
                    finder._starts.Add(position);
                return Ok;
            }
            catch (Exception)
            {
                // An exception must not cross into SQLite: the tokenizer stops and the snippet fails with SQLITE_ERROR.
                return Error;
            }
        }
    }

    /// <summary>The byte offsets of the tokens at positions first..last of a text, read by the table's own tokenizer.</summary>
    private sealed class TokenWindow
    {
        private int _position;
        private readonly int _first;
        private readonly int _last;
        private readonly List<(int Start, int End)> _tokens = [];

        private TokenWindow(int first, int last)
        {
            _first = first;
            _last = last;
        }

        public static List<(int Start, int End)> Read(Fts5ExtensionApi* api, IntPtr fts, byte* text, int length, int first, int last)
        {
            var window = new TokenWindow(first, last);
            var handle = GCHandle.Alloc(window);
            try
            {
                var code = api->Tokenize(fts, text, length, GCHandle.ToIntPtr(handle), &OnToken);
                if (code != Done) RankedQuery.Check(code);
            }
            finally
            {
                handle.Free();
            }
            return window._tokens;
        }

        /// <summary>Stops the tokenizer (SQLITE_DONE) after the window's last token: the rest of the text is never read.</summary>
        [UnmanagedCallersOnly]
        private static int OnToken(IntPtr state, int flags, byte* token, int length, int start, int end)
        {
            try
            {
                var window = (TokenWindow)GCHandle.FromIntPtr(state).Target!;
                // A synonym shares its token's position (FTS5 counts positions the same way).
                if ((flags & TokenColocated) != 0) return Ok;
                var position = window._position++;
                if (position < window._first) return Ok;
                window._tokens.Add((start, end));
                return position >= window._last ? Done : Ok;
            }
            catch (Exception)
            {
                // An exception must not cross into SQLite: the tokenizer stops and the snippet fails with SQLITE_ERROR.
                return Error;
            }
        }
    }

    /// <summary>pw_snippet on one native connection: its database file and how many snippets it made.</summary>
    internal sealed class Registration(string database)
    {
        public string Database { get; } = database;

        public long Snippets;
    }
}

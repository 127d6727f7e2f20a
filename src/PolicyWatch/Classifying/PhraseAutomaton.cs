namespace PolicyWatch.Classifying;

/// <summary>
/// One Aho–Corasick automaton for every phrase of every rule, run over the folded text in a
/// single pass: each character is folded by table lookup and moves the automaton one step,
/// so the cost per item does not grow with the number of phrases.
/// </summary>
/// <remarks>
/// Patterns are folded phrases wrapped in spaces (" chat control "), and the text is read as
/// if wrapped in spaces too, so every match starts and ends on a word boundary without a
/// separate check ("dsa" never matches inside "dsar"). A pattern whose phrase ended in '*'
/// has no closing space and so matches as a word prefix ("chatkontroll*").
/// The automaton is compiled to a dense transition table over the small alphabet of letters
/// that occur in patterns; every other letter shares one class that matches nothing.
/// </remarks>
internal sealed class PhraseAutomaton
{
    private const int SpaceClass = 0;
    private const int OtherClass = 1;

    private readonly ushort[] _classOf;
    private readonly int _alphabetSize;
    private readonly int[] _next;
    private readonly int[][] _outputs;
    private readonly int[] _patternLengths;
    private readonly int[] _patternWords;
    private readonly int _start;

    /// <param name="patterns">Folded patterns, each with its word-boundary spaces; the index is the pattern id.</param>
    public PhraseAutomaton(IReadOnlyList<string> patterns)
    {
        _patternLengths = patterns.Select(p => p.Length).ToArray();
        _patternWords = patterns.Select(p => p.Trim().Count(c => c == ' ') + 1).ToArray();
        _classOf = BuildAlphabet(patterns, out _alphabetSize);
        var trie = new Trie(_alphabetSize);
        for (var id = 0; id < patterns.Count; id++) trie.Add(patterns[id].Select(c => (int)_classOf[c]), id);
        (_next, _outputs) = trie.Compile();
        _start = _next[SpaceClass];
    }

    /// <summary>
    /// Reports every pattern occurrence in <paramref name="text"/> as (pattern id, start, end) in folded
    /// positions, end exclusive, and the ordinals of its first and last words (the text's first word is 0).
    /// </summary>
    public void Scan<TSink>(string text, ref TSink sink) where TSink : struct, IMatchSink
    {
        var table = Folding.Table;
        var state = _start;
        var position = 1; // folded position; 0 is the virtual leading space
        var word = 0; // ordinal of the word being read; a match ending on the space after a word ends on that word
        var lastWasSpace = true;
        foreach (var c in text)
        {
            var folded = table[c];
            if (folded == Folding.Skip) continue;
            if (folded == Folding.Separator)
            {
                if (lastWasSpace) continue;
                lastWasSpace = true;
                state = Step(state, SpaceClass, position++, word++, ref sink);
                continue;
            }
            lastWasSpace = false;
            if (folded == Folding.Expands)
                foreach (var letter in Folding.Expansions[c]) state = Step(state, _classOf[letter], position++, word, ref sink);
            else
                state = Step(state, _classOf[folded], position++, word, ref sink);
        }
        if (!lastWasSpace) Step(state, SpaceClass, position, word, ref sink);
    }

    private int Step<TSink>(int state, int symbol, int position, int word, ref TSink sink) where TSink : struct, IMatchSink
    {
        state = _next[state * _alphabetSize + symbol];
        var outputs = _outputs[state];
        if (outputs.Length > 0)
            foreach (var id in outputs) sink.OnMatch(id, position + 1 - _patternLengths[id], position + 1, word + 1 - _patternWords[id], word);
        return state;
    }

    private static ushort[] BuildAlphabet(IReadOnlyList<string> patterns, out int size)
    {
        var classOf = new ushort[char.MaxValue + 1];
        Array.Fill(classOf, (ushort)OtherClass);
        classOf[' '] = SpaceClass;
        var next = 2;
        foreach (var c in patterns.SelectMany(p => p).Distinct().Where(c => c != ' ').Order())
            classOf[c] = (ushort)next++;
        size = next;
        return classOf;
    }

    /// <summary>The goto trie, turned into a full transition table with failure links folded in.</summary>
    private sealed class Trie(int alphabetSize)
    {
        private readonly List<int[]> _children = [NewNode(alphabetSize)];
        private readonly List<List<int>> _outputs = [[]];

        public void Add(IEnumerable<int> symbols, int patternId)
        {
            var node = 0;
            foreach (var symbol in symbols)
            {
                if (_children[node][symbol] < 0)
                {
                    _children[node][symbol] = _children.Count;
                    _children.Add(NewNode(alphabetSize));
                    _outputs.Add([]);
                }
                node = _children[node][symbol];
            }
            _outputs[node].Add(patternId);
        }

        public (int[] Next, int[][] Outputs) Compile()
        {
            var next = new int[_children.Count * alphabetSize];
            var fail = new int[_children.Count];
            var queue = new Queue<int>();
            for (var s = 0; s < alphabetSize; s++)
            {
                var child = _children[0][s];
                next[s] = child < 0 ? 0 : child;
                if (child > 0) queue.Enqueue(child);
            }
            while (queue.TryDequeue(out var node))
            {
                _outputs[node].AddRange(_outputs[fail[node]]);
                for (var s = 0; s < alphabetSize; s++)
                {
                    var child = _children[node][s];
                    var viaFailure = next[fail[node] * alphabetSize + s];
                    if (child < 0) { next[node * alphabetSize + s] = viaFailure; continue; }
                    next[node * alphabetSize + s] = child;
                    fail[child] = viaFailure;
                    queue.Enqueue(child);
                }
            }
            return (next, _outputs.Select(o => o.ToArray()).ToArray());
        }

        private static int[] NewNode(int size)
        {
            var node = new int[size];
            Array.Fill(node, -1);
            return node;
        }
    }
}

/// <summary>Receives the matches of <see cref="PhraseAutomaton.Scan"/>; a struct so the hot loop is not a delegate call.</summary>
internal interface IMatchSink
{
    void OnMatch(int patternId, int start, int end, int startWord, int endWord);
}

namespace MatchApi.Matching;

/// <summary>
/// The words of the openings' titles and descriptions, for the participant's interests: each
/// distinct lower-case word once, sorted, with the openings that use it. Swedish builds words by
/// compounding ("djurvårdare", "djursjukhus"), so an interest matches every word it starts: all
/// such words are one contiguous range of the sorted list, found by binary search.
/// </summary>
internal sealed class WordIndex
{
    private readonly string[] _words;
    /// <summary>Openings using _words[w] are _postings[_start[w] .. _start[w + 1]), ascending.</summary>
    private readonly int[] _start;
    private readonly int[] _postings;

    public static WordIndex Empty { get; } = new([], [0], []);

    private WordIndex(string[] words, int[] start, int[] postings) => (_words, _start, _postings) = (words, start, postings);

    public static WordIndex Build(IReadOnlyList<CandidateOpening> openings)
    {
        var lists = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < openings.Count; i++) Add(lists, openings[i], i);
        var words = lists.Keys.ToArray();
        Array.Sort(words, StringComparer.Ordinal);
        var start = new int[words.Length + 1];
        var postings = new int[lists.Values.Sum(l => l.Count)];
        for (int w = 0, at = 0; w < words.Length; w++)
        {
            start[w] = at;
            var list = lists[words[w]];
            list.CopyTo(postings, at);
            at += list.Count;
            start[w + 1] = at;
        }
        return new WordIndex(words, start, postings);
    }

    /// <summary>Adds opening <paramref name="i"/> to the lists of its words; openings are added in ascending order.</summary>
    private static void Add(Dictionary<string, List<int>> lists, CandidateOpening opening, int i)
    {
        var lookup = lists.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> lower = stackalloc char[64];
        foreach (var text in (ReadOnlySpan<string?>)[opening.Title, opening.Description])
        {
            var rest = text.AsSpan();
            while (Words.Next(ref rest, out var word))
            {
                if (word.Length > lower.Length) word = word[..lower.Length];
                var key = lower[..word.ToLowerInvariant(lower)];
                if (!lookup.TryGetValue(key, out var list)) lookup[key] = list = [];
                if (list.Count == 0 || list[^1] != i) list.Add(i);
            }
        }
    }

    /// <summary>
    /// The index after the openings moved: the opening at old position p is now at <paramref name="oldToNew"/>[p], or gone
    /// when that is negative (<paramref name="removed"/> of them), and <paramref name="added"/> (ascending positions) are
    /// new. Equal to the index <see cref="Build"/> gives for the new openings: one linear pass over the postings, the
    /// words of the added openings tokenised, a word no opening uses any more left out.
    /// </summary>
    public WordIndex With(int[] oldToNew, int removed, IReadOnlyList<(int Position, CandidateOpening Opening)> added)
    {
        var lists = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        foreach (var (position, opening) in added) Add(lists, opening, position);
        var fresh = lists.Keys.ToArray();
        Array.Sort(fresh, StringComparer.Ordinal);
        var dropped = 0;
        if (removed > 0)
            foreach (var p in _postings)
                if (oldToNew[p] < 0) dropped++;
        var words = new List<string>(_words.Length + fresh.Length);
        var start = new List<int>(_words.Length + fresh.Length + 1) { 0 };
        var postings = new int[_postings.Length - dropped + lists.Values.Sum(l => l.Count)];
        var at = 0;
        for (int w = 0, f = 0; w < _words.Length || f < fresh.Length;)
        {
            var order = w == _words.Length ? 1 : f == fresh.Length ? -1 : string.CompareOrdinal(_words[w], fresh[f]);
            var word = order <= 0 ? _words[w] : fresh[f];
            var mine = order <= 0 ? _postings.AsSpan(_start[w], _start[w + 1] - _start[w]) : [];
            var theirs = order >= 0 ? lists[fresh[f]] : null;
            // Both ascending (the move keeps order): merged, so the postings stay ascending.
            var k = 0;
            var before = at;
            foreach (var p in mine)
            {
                var q = oldToNew[p];
                if (q < 0) continue;
                while (theirs is not null && k < theirs.Count && theirs[k] < q) postings[at++] = theirs[k++];
                postings[at++] = q;
            }
            while (theirs is not null && k < theirs.Count) postings[at++] = theirs[k++];
            if (at > before)
            {
                words.Add(word);
                start.Add(at);
            }
            if (order <= 0) w++;
            if (order >= 0) f++;
        }
        return new WordIndex(words.ToArray(), start.ToArray(), postings);
    }

    /// <summary>Every word with its openings, in order: for the tests that compare indexes.</summary>
    internal IEnumerable<(string Word, int[] Openings)> Entries()
    {
        for (var w = 0; w < _words.Length; w++) yield return (_words[w], _postings[_start[w].._start[w + 1]]);
    }

    /// <summary>The openings with a word that starts with <paramref name="prefix"/> (lower case), once per word: an opening may repeat.</summary>
    public IEnumerable<ReadOnlyMemory<int>> Openings(string prefix)
    {
        var lo = Array.BinarySearch(_words, prefix, StringComparer.Ordinal);
        if (lo < 0) lo = ~lo;
        for (var w = lo; w < _words.Length && _words[w].StartsWith(prefix, StringComparison.Ordinal); w++)
            yield return _postings.AsMemory(_start[w], _start[w + 1] - _start[w]);
    }
}

/// <summary>Words of a text as the interest matching reads them: runs of letters and digits, compared in lower case.</summary>
public static class Words
{
    /// <summary>The next word of <paramref name="rest"/>, which is advanced past it.</summary>
    public static bool Next(ref ReadOnlySpan<char> rest, out ReadOnlySpan<char> word)
    {
        var i = 0;
        while (i < rest.Length && !char.IsLetterOrDigit(rest[i])) i++;
        var start = i;
        while (i < rest.Length && char.IsLetterOrDigit(rest[i])) i++;
        word = rest[start..i];
        rest = rest[i..];
        return word.Length > 0;
    }

    /// <summary>The lower-case words of a text.</summary>
    public static List<string> Of(string? text)
    {
        var words = new List<string>();
        var rest = text.AsSpan();
        while (Next(ref rest, out var word)) words.Add(word.ToString().ToLowerInvariant());
        return words;
    }

    /// <summary>
    /// True when every word of <paramref name="interest"/> starts a word of the text: "djur" is in
    /// "Djurvårdare sökes", "trädgård skötsel" in "Skötsel av trädgårdar".
    /// </summary>
    public static bool Mentions(string? text, string interest)
    {
        var words = Of(text);
        return Of(interest) is { Count: > 0 } wanted && wanted.All(w => words.Any(x => x.StartsWith(w, StringComparison.Ordinal)));
    }
}

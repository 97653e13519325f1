namespace MatchApi.Reference;

/// <summary>What a search hit matched: a group's own name, an everyday title, an older title kept as a synonym, or the code.</summary>
public enum MatchedBy { Code, Title, GroupName, Synonym }

/// <summary>One hit: the group (its code and level) and the text that matched.</summary>
public sealed record SearchHit(string Code, long Level, string Matched, MatchedBy By, bool NoEducation);

/// <summary>
/// Word-prefix search over every name a person may type: Swedish and English SSYK group names, JobTech's everyday titles and
/// their older synonyms, SNI names. Case-insensitive; each word of the query must begin a word of the name ("lager" finds
/// "Lagerarbetare" and "Truckförare, lager"; "under hem" finds "Undersköterska, hemtjänst"). Best first: the whole name,
/// then a name that begins with the query, then a word; titles before group names before synonyms; shorter names first.
/// Built once per reference snapshot; a search scans a few thousand precomputed word lists.
/// </summary>
public sealed class OccupationSearch
{
    private readonly Index _occupations;
    private readonly Index _industries;

    public OccupationSearch(IEnumerable<Occupation> occupations, IEnumerable<OccupationTitle> titles, IEnumerable<Industry> industries)
    {
        var entries = new List<Entry>();
        foreach (var o in occupations)
        {
            if (o.NameSv is not null) entries.Add(new Entry(o.Code, o.Level, o.NameSv, MatchedBy.GroupName, false));
            entries.Add(new Entry(o.Code, o.Level, o.NameEn, MatchedBy.GroupName, false));
        }
        foreach (var t in titles)
            entries.Add(new Entry(t.SsykCode, 4, t.Title, t.Kind == TitleKinds.Legacy ? MatchedBy.Synonym : MatchedBy.Title, t.NoEducation));
        _occupations = new Index([.. entries]);
        _industries = new Index([.. industries.Select(i => new Entry(i.Code, i.Level, i.NameSv, MatchedBy.GroupName, false))]);
    }

    public int Size => _occupations.Entries.Length + _industries.Entries.Length;

    public IReadOnlyList<SearchHit> Occupations(string query, int? level, int limit) => Find(_occupations, query, level, limit);

    public IReadOnlyList<SearchHit> Industries(string query, int? level, int limit) => Find(_industries, query, level, limit);

    private static IReadOnlyList<SearchHit> Find(Index index, string query, int? level, int limit)
    {
        var q = query.Trim().ToLowerInvariant();
        var words = Words(q);
        if (words.Length == 0) return [];
        var isCode = q.All(char.IsAsciiDigit);
        var found = new List<(Entry Entry, int Rank)>();
        var seen = new HashSet<(string, string)>();
        // Only entries with a word that begins like the query's rarest word can match; a code looks at all group names.
        var candidates = isCode ? index.Entries : index.Candidates(words);
        foreach (var e in candidates)
        {
            if (level is { } l && e.Level != l) continue;
            int rank;
            if (isCode)
            {
                // A code finds groups (by their name), never each title under them.
                if (e.By != MatchedBy.GroupName || !e.Code.StartsWith(q, StringComparison.Ordinal)) continue;
                rank = 0;
            }
            else if (e.Lower == q) rank = 1;
            else if (e.Lower.StartsWith(q, StringComparison.Ordinal)) rank = 2;
            else if (AllWordsBeginWords(words, e.Words)) rank = 3;
            else continue;
            // One hit per group and text (a group's Swedish and English names may be the same words); one per group for a code.
            if (!seen.Add((e.Code, isCode ? "" : e.Lower))) continue;
            found.Add((e, rank));
        }
        return found
            .OrderBy(f => f.Rank)
            .ThenBy(f => f.Rank == 0 ? f.Entry.Code : "", StringComparer.Ordinal)
            .ThenBy(f => f.Entry.By)
            .ThenBy(f => f.Entry.Text.Length)
            .ThenBy(f => f.Entry.Text, StringComparer.Ordinal)
            .Take(limit)
            .Select(f => new SearchHit(f.Entry.Code, f.Entry.Level, f.Entry.Text, f.Rank == 0 ? MatchedBy.Code : f.Entry.By, f.Entry.NoEducation))
            .ToList();
    }

    private static bool AllWordsBeginWords(string[] query, string[] words)
    {
        foreach (var q in query)
        {
            var any = false;
            foreach (var w in words)
                if (w.StartsWith(q, StringComparison.Ordinal)) { any = true; break; }
            if (!any) return false;
        }
        return true;
    }

    private static string[] Words(string lower)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= lower.Length; i++)
        {
            var inWord = i < lower.Length && char.IsLetterOrDigit(lower[i]);
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0) { words.Add(lower[start..i]); start = -1; }
        }
        return [.. words];
    }

    /// <summary>The entries, and for each one- and two-letter word start the entries having a word that starts so.</summary>
    private sealed class Index
    {
        private readonly Dictionary<string, Entry[]> _byStart;

        public Index(Entry[] entries)
        {
            Entries = entries;
            _byStart = entries
                .SelectMany(e => e.Words.SelectMany(w => w.Length >= 2 ? new[] { w[..1], w[..2] } : [w[..1]]).Distinct().Select(k => (Key: k, Entry: e)))
                .GroupBy(p => p.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(p => p.Entry).ToArray(), StringComparer.Ordinal);
        }

        public Entry[] Entries { get; }

        public Entry[] Candidates(string[] words)
        {
            Entry[]? best = null;
            foreach (var w in words)
            {
                var list = _byStart.GetValueOrDefault(w.Length >= 2 ? w[..2] : w[..1]) ?? [];
                if (best is null || list.Length < best.Length) best = list;
            }
            return best ?? [];
        }
    }

    private sealed class Entry(string code, long level, string text, MatchedBy by, bool noEducation)
    {
        public string Code { get; } = code;
        public long Level { get; } = level;
        public string Text { get; } = text;
        public string Lower { get; } = text.ToLowerInvariant();
        public string[] Words { get; } = OccupationSearch.Words(text.ToLowerInvariant());
        public MatchedBy By { get; } = by;
        public bool NoEducation { get; } = noEducation;
    }
}

/// <summary>The kinds of title rows the taxonomy import writes.</summary>
public static class TitleKinds
{
    public const string Current = "current";
    public const string Legacy = "legacy";
}

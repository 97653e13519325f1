namespace MatchApi.Matching;

// Selection: which candidates are returned, and in what order.
public static partial class Matcher
{
    /// <summary>
    /// The best <paramref name="limit"/> candidates in result order, visiting buckets by their upper
    /// bound, best first, and stopping at the first bucket whose bound lies below both the worst of
    /// the best <paramref name="limit"/> so far and the worst of the diverse top so far: nothing in
    /// it or after it could enter either. A bound equal to a threshold is still visited, because an
    /// equal score with a lower opening id ranks higher.
    /// Each visited bucket's first pass keeps only the openings that can reach the current cut, and they are
    /// scored at once, the highest bounds first (found by a histogram when there are many), so that the
    /// thresholds rise before the next bucket is looked at: the cut the next first pass works with is as
    /// high as it can be. Any order gives the same results: the thresholds only rise.
    /// </summary>
    private static List<(int Index, bool Lifted)> Select(Context context, MatchCandidateSet candidates, int limit, Scratch scratch)
    {
        var buckets = candidates.Buckets;
        var bounds = scratch.BucketBounds;
        var order = scratch.BucketOrder;
        var count = 0;
        for (var b = 0; b < buckets.Length; b++)
        {
            var bound = context.Bound(in buckets[b]);
            if (double.IsNegativeInfinity(bound)) continue; // nothing in it can be shown at all
            bounds[count] = -bound; // ascending sort gives the highest bound first
            order[count++] = b;
        }
        Array.Sort(bounds, order, 0, count);

        // Only the first `limit` results are returned, so the best `limit` overall are enough to fill
        // after the diverse top; the diverse top is the best of each employer's best two.
        var heaps = new Heaps(limit, candidates.Items, scratch.Employers);
        var upper = scratch.Upper;
        var index = scratch.UpperIndex;
        for (var n = 0; n < count; n++)
        {
            if (-bounds[n] < heaps.Cut) break;
            // Only the openings that can still enter: below the cut, or excluded, never will.
            var kept = context.UpperBounds(in buckets[order[n]], upper, index, heaps.Cut);
            ScoreBucket(context, heaps, upper.AsSpan(0, kept), index.AsSpan(0, kept), scratch.Histogram);
        }
        return Merge(heaps.Diverse.Sorted(), heaps.Overall.Sorted(), limit);
    }

    /// <summary>Histogram bins over the bounds 0..1 (the weights are normalised, so every bound lies there).</summary>
    internal const int HistogramBins = 512;

    /// <summary>
    /// Scores the openings of a bucket whose first-pass bound reaches the cut: first those with the highest bounds (at
    /// least enough to fill both heaps a few times over, chosen by a histogram of the bounds), then the rest against
    /// the cut those raised. Each opening is scored at most once.
    /// </summary>
    private static void ScoreBucket(Context context, Heaps heaps, Span<double> upper, Span<int> index, int[] histogram)
    {
        if (upper.Length == 0) return;
        var top = TopBoundsFrom(upper, heaps.Cut, heaps.Wanted, histogram);
        for (var k = 0; k < upper.Length; k++)
            if (upper[k] >= top) heaps.Score(context, index[k], upper[k]);
        for (var k = 0; k < upper.Length; k++)
            if (!(upper[k] >= top)) heaps.Score(context, index[k], upper[k]);
    }

    /// <summary>
    /// A bound such that at least <paramref name="wanted"/> of the bounds at or above <paramref name="cut"/> reach it
    /// (or all of them, when there are fewer): the lower edge of the histogram bin where the count from the top reaches it.
    /// </summary>
    internal static double TopBoundsFrom(ReadOnlySpan<double> upper, double cut, int wanted, int[] histogram)
    {
        if (upper.Length <= wanted) return double.NegativeInfinity;
        Array.Clear(histogram);
        foreach (var u in upper)
            if (u >= cut) histogram[Math.Clamp((int)(u * HistogramBins), 0, HistogramBins - 1)]++;
        var seen = 0;
        for (var bin = HistogramBins - 1; bin > 0; bin--)
        {
            seen += histogram[bin];
            if (seen >= wanted) return (double)bin / HistogramBins;
        }
        return double.NegativeInfinity;
    }

    /// <summary>The two heaps of a search, each employer's best two, and the cut below which an opening can enter neither.</summary>
    private sealed class Heaps(int limit, PackedOpening[] items, EmployerSlot[] slots)
    {
        public readonly TopK Overall = new(limit), Diverse = new(Math.Min(limit, DiverseTop));

        /// <summary>How many of the highest bounds a batch scores first: enough for both heaps, with room for employers seen twice.</summary>
        public readonly int Wanted = 4 * (limit + Math.Min(limit, DiverseTop));

        /// <summary>A score below this enters neither heap: the lower of their worst kept, once both are full. It only rises.</summary>
        public double Cut { get; private set; } = double.NegativeInfinity;

        /// <summary>
        /// Scores the opening unless its bound lies below the cut. An opening whose bound is below both thresholds can
        /// enter neither the best `limit` nor the diverse top, nor push out of its employer's best two anything that
        /// could: the thresholds only rise, so a stale cut is safe.
        /// </summary>
        public void Score(Context context, int i, double bound)
        {
            if (bound < Cut || !context.TryScore(i, out var score)) return;
            var id = items[i].Id;
            Overall.Offer(score, id, i);
            KeepEmployersBestTwo(i, id, score);
            Cut = Overall.IsFull && Diverse.IsFull ? Math.Min(Overall.WorstScore, Diverse.WorstScore) : double.NegativeInfinity;
        }

        /// <summary>
        /// Keeps each employer's best two; one that drops out of them leaves the diverse top too,
        /// and the newcomer, which beat it, takes its place there.
        /// </summary>
        private void KeepEmployersBestTwo(int i, long id, double score)
        {
            ref var slot = ref slots[items[i].Employer];
            int displaced;
            if (slot.Best1 < 0 || Better(score, id, slot.Score1, items[slot.Best1].Id))
            {
                displaced = slot.Best2;
                (slot.Best2, slot.Score2) = (slot.Best1, slot.Score1);
                (slot.Best1, slot.Score1) = (i, score);
            }
            else if (slot.Best2 < 0 || Better(score, id, slot.Score2, items[slot.Best2].Id))
            {
                displaced = slot.Best2;
                (slot.Best2, slot.Score2) = (i, score);
            }
            else return;
            if (displaced < 0 || !Diverse.Replace(displaced, score, id, i)) Diverse.Offer(score, id, i);
        }
    }

    /// <summary>Scores every candidate; the reference for <see cref="Select"/>.</summary>
    private static List<(int Index, bool Lifted)> SelectExhaustive(Context context, MatchCandidateSet candidates, int limit)
    {
        var items = candidates.Items;
        var employerCount = candidates.Employers.Length;
        var overall = new TopK(limit + DiverseTop);
        var best1 = new int[employerCount];
        var best2 = new int[employerCount];
        var score1 = new double[employerCount];
        var score2 = new double[employerCount];
        Array.Fill(best1, -1);
        Array.Fill(best2, -1);
        for (var i = 0; i < items.Length; i++)
        {
            if (!context.TryScore(i, out var score)) continue;
            ref readonly var o = ref items[i];
            overall.Offer(score, o.Id, i);

            var e = o.Employer;
            if (best1[e] < 0 || Better(score, o.Id, score1[e], items[best1[e]].Id))
            {
                best2[e] = best1[e]; score2[e] = score1[e];
                best1[e] = i; score1[e] = score;
            }
            else if (best2[e] < 0 || Better(score, o.Id, score2[e], items[best2[e]].Id))
            {
                best2[e] = i; score2[e] = score;
            }
        }

        var diverse = new TopK(DiverseTop);
        for (var e = 0; e < employerCount; e++)
        {
            if (best1[e] >= 0) diverse.Offer(score1[e], items[best1[e]].Id, best1[e]);
            if (best2[e] >= 0) diverse.Offer(score2[e], items[best2[e]].Id, best2[e]);
        }
        return Merge(diverse.Sorted(), overall.Sorted(), limit);
    }

    // The greedy "best next whose employer has fewer than two" equals the best of each employer's
    // best two, in order; when those run out, the best of the rest follow. A result of the diverse
    // top was lifted there by the diversity rule when a better one is not in it: that one sits lower
    // or is cut off. The best `limit` by score hold such a better one whenever one exists.
    private static List<(int Index, bool Lifted)> Merge(Entry[] diverse, Entry[] ranked, int limit)
    {
        var top = Math.Min(limit, DiverseTop);
        var order = new List<(int, bool)>(Math.Min(limit, ranked.Length));
        var taken = new HashSet<int>();
        for (var d = 0; d < diverse.Length && d < top; d++) taken.Add(diverse[d].Index);
        var bestLeft = Array.FindIndex(ranked, e => !taken.Contains(e.Index));
        for (var d = 0; d < diverse.Length && d < top; d++)
        {
            var entry = diverse[d];
            order.Add((entry.Index, bestLeft >= 0 && Better(ranked[bestLeft].Score, ranked[bestLeft].Id, entry.Score, entry.Id)));
        }
        foreach (var entry in ranked)
        {
            if (order.Count >= limit) break;
            if (taken.Add(entry.Index)) order.Add((entry.Index, false));
        }
        return order;
    }

    /// <summary>Keeps the k best offers in a min-heap whose root is the worst kept.</summary>
    private sealed class TopK(int k)
    {
        private readonly Entry[] _heap = new Entry[Math.Max(1, k)];
        private int _count;

        public bool IsFull => _count >= k;

        /// <summary>The lowest score kept (meaningful when full).</summary>
        public double WorstScore => _heap[0].Score;

        public void Offer(double score, long id, int index)
        {
            if (_count < k)
            {
                var i = _count++;
                _heap[i] = new Entry(score, id, index);
                while (i > 0)
                {
                    var parent = (i - 1) / 2;
                    if (!Worse(_heap[i], _heap[parent])) break;
                    (_heap[i], _heap[parent]) = (_heap[parent], _heap[i]);
                    i = parent;
                }
                return;
            }
            if (k == 0 || !Better(score, id, _heap[0].Score, _heap[0].Id)) return;
            _heap[0] = new Entry(score, id, index);
            SiftDown(0);
        }

        /// <summary>Puts a better offer in the place of the one at <paramref name="oldIndex"/>, if that one is kept.</summary>
        public bool Replace(int oldIndex, double score, long id, int index)
        {
            for (var j = 0; j < _count; j++)
            {
                if (_heap[j].Index != oldIndex) continue;
                _heap[j] = new Entry(score, id, index);
                SiftDown(j); // it beat the one it replaces, so it can only move away from the root
                return true;
            }
            return false;
        }

        private void SiftDown(int j)
        {
            while (true)
            {
                int left = 2 * j + 1, right = left + 1, worst = j;
                if (left < _count && Worse(_heap[left], _heap[worst])) worst = left;
                if (right < _count && Worse(_heap[right], _heap[worst])) worst = right;
                if (worst == j) break;
                (_heap[j], _heap[worst]) = (_heap[worst], _heap[j]);
                j = worst;
            }
        }

        public Entry[] Sorted()
        {
            var result = _heap.AsSpan(0, _count).ToArray();
            Array.Sort(result, (a, b) => Better(a.Score, a.Id, b.Score, b.Id) ? -1 : Better(b.Score, b.Id, a.Score, a.Id) ? 1 : 0);
            return result;
        }

        private static bool Worse(in Entry a, in Entry b) => Better(b.Score, b.Id, a.Score, a.Id);
    }

    private readonly record struct Entry(double Score, long Id, int Index);
}

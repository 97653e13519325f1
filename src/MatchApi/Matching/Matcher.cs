using System.Globalization;
using MatchApi.Employers;
using MatchApi.Openings;
using MatchApi.Participants;

namespace MatchApi.Matching;

/// <summary>What to rank, besides the goals: how many, optional filters, and the participant's own coach.</summary>
public sealed record MatchQuery
{
    public int Limit { get; init; } = 20;
    /// <summary>The participant's own coach; their face-to-face contacts count more.</summary>
    public long? OwnCoachId { get; init; }
    public JobType? JobType { get; init; }
    public string? MunicipalityCode { get; init; }
    public Sector? Sector { get; init; }
}

public sealed record MatchResult(
    CandidateOpening Opening,
    CandidateEmployer Employer,
    double Score,
    IReadOnlyList<FactorContribution> Factors,
    IReadOnlyList<MatchReason> Reasons);

/// <summary>Points (out of 100) that one factor added to the score.</summary>
public sealed record FactorContribution(string Name, double Contribution);

/// <summary>A reason a coach can read aloud, in Swedish and English.</summary>
public sealed record MatchReason(string Sv, string En);

/// <summary>
/// Ranks openings by the participant's own goals. Pure: no I/O, clock or randomness; the same
/// input gives the same output. The score is a weighted mean of factor values in 0..1, so
/// improving one factor of an opening can only raise it. Only the participant's own exclusions
/// (avoided occupations, industries, employers, job types they did not choose, a hard travel
/// limit) and closed or expired openings remove a candidate; there is no input for work
/// ability or diagnosis, so nothing else can. Cost is at most linear in the candidates: table
/// look-ups, bounded heaps for the top results, and text only for the results returned. Most
/// candidates are not even scored: openings are grouped by SSYK code, each group's best possible
/// score is bounded, and groups that cannot reach the results are skipped. The results are
/// exactly those of scoring every candidate (a test compares both on generated data).
/// </summary>
public static class Matcher
{
    /// <summary>The factors of a score, in the order they are reported.</summary>
    public static readonly IReadOnlyList<string> FactorNames =
        ["occupation", "place", "hours", "schedule", "employmentForm", "startDate", "jobType", "sector", "knownEmployer"];

    /// <summary>IPS values a diversity of employers: within the top results, at most this many per employer when others exist.</summary>
    public const int DiverseTop = 10, MaxPerEmployerInTop = 2;

    /// <summary>Reasons count contacts of this many recent days.</summary>
    public const int RecentContactDays = 90;

    public static IReadOnlyList<MatchResult> Match(ParticipantGoals goals, MatchCandidateSet candidates, MatchWeights weights,
        MatchQuery query, DateOnly today, Func<string, string?>? occupationNameEn = null) =>
        Match(goals, candidates, weights, query, today, occupationNameEn, exhaustive: false);

    /// <summary>
    /// <paramref name="exhaustive"/> scores every candidate and picks the results the plain way; it is
    /// kept as the reference the bounded search is tested against (they must give identical results).
    /// </summary>
    internal static IReadOnlyList<MatchResult> Match(ParticipantGoals goals, MatchCandidateSet candidates, MatchWeights weights,
        MatchQuery query, DateOnly today, Func<string, string?>? occupationNameEn, bool exhaustive)
    {
        ArgumentNullException.ThrowIfNull(goals);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Max(0, query.Limit);
        if (limit == 0 || candidates.Count == 0) return [];

        var scratch = Scratch.Rent();
        try
        {
            var context = new Context(goals, candidates, weights, query, today, scratch);
            var order = exhaustive ? SelectExhaustive(context, candidates, limit) : Select(context, candidates, limit, scratch);
            var results = new List<MatchResult>(order.Count);
            foreach (var i in order) results.Add(context.Explain(i, occupationNameEn));
            return results;
        }
        finally
        {
            Scratch.Return(scratch);
        }
    }

    /// <summary>
    /// The best <paramref name="limit"/> candidates in result order, visiting buckets by their upper
    /// bound, best first, and stopping at the first bucket whose bound lies below both the worst of
    /// the best <paramref name="limit"/> so far and the worst of the diverse top so far: nothing in
    /// it or after it could enter either. A bound equal to a threshold is still visited, because an
    /// equal score with a lower opening id ranks higher.
    /// </summary>
    private static List<int> Select(Context context, MatchCandidateSet candidates, int limit, Scratch scratch)
    {
        var items = candidates.Items;
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
        var overall = new TopK(limit);
        var diverse = new TopK(Math.Min(limit, DiverseTop));
        var slots = scratch.Employers;
        for (var n = 0; n < count; n++)
        {
            var bound = -bounds[n];
            if (overall.IsFull && bound < overall.WorstScore && diverse.IsFull && bound < diverse.WorstScore) break;
            ref readonly var bucket = ref buckets[order[n]];
            for (var i = bucket.Start; i < bucket.End; i++)
            {
                ref readonly var o = ref items[i];
                if (!context.TryScore(in o, out var score)) continue;
                overall.Offer(score, o.Id, i);

                // Keep each employer's best two; one that drops out of them leaves the diverse top too,
                // and the newcomer, which beat it, takes its place there.
                ref var slot = ref slots[o.Employer];
                int displaced;
                if (slot.Best1 < 0 || Better(score, o.Id, slot.Score1, items[slot.Best1].Id))
                {
                    displaced = slot.Best2;
                    (slot.Best2, slot.Score2) = (slot.Best1, slot.Score1);
                    (slot.Best1, slot.Score1) = (i, score);
                }
                else if (slot.Best2 < 0 || Better(score, o.Id, slot.Score2, items[slot.Best2].Id))
                {
                    displaced = slot.Best2;
                    (slot.Best2, slot.Score2) = (i, score);
                }
                else continue;
                if (displaced < 0 || !diverse.Replace(displaced, score, o.Id, i)) diverse.Offer(score, o.Id, i);
            }
        }
        return Merge(diverse.Sorted(), overall.Sorted(), limit);
    }

    /// <summary>Scores every candidate; the reference for <see cref="Select"/>.</summary>
    private static List<int> SelectExhaustive(Context context, MatchCandidateSet candidates, int limit)
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
            ref readonly var o = ref items[i];
            if (!context.TryScore(in o, out var score)) continue;
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
    // best two, in order; when those run out, the best of the rest follow.
    private static List<int> Merge(Entry[] diverse, Entry[] ranked, int limit)
    {
        var order = new List<int>(Math.Min(limit, ranked.Length));
        var taken = new HashSet<int>();
        foreach (var entry in diverse)
        {
            if (order.Count >= Math.Min(limit, DiverseTop)) break;
            order.Add(entry.Index);
            taken.Add(entry.Index);
        }
        foreach (var entry in ranked)
        {
            if (order.Count >= limit) break;
            if (taken.Add(entry.Index)) order.Add(entry.Index);
        }
        return order;
    }

    /// <summary>Higher score first; equal scores by the lower opening id, so the order never depends on input order.</summary>
    internal static bool Better(double score, long id, double otherScore, long otherId) =>
        score > otherScore || (score == otherScore && id < otherId);

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

    /// <summary>Per-employer state of one match: its points (computed when first needed) and its best two candidates.</summary>
    private struct EmployerSlot
    {
        public int Stamp;
        public int Best1, Best2;
        /// <summary>Sector and known-employer points; NaN when the participant avoids the employer.</summary>
        public double Points;
        public double Known;
        public double Score1, Score2;
    }

    /// <summary>
    /// Working memory of one match, reused by later matches so that a match allocates nothing in
    /// proportion to the candidates or employers. A per-employer slot belongs to the current match
    /// only when its stamp equals the match's, so nothing needs clearing between matches.
    /// </summary>
    private sealed class Scratch
    {
        // A few, for concurrent matches; more are created when all are in use and dropped afterwards.
        private static readonly Scratch?[] Pool = new Scratch?[Math.Max(2, Environment.ProcessorCount)];

        public EmployerSlot[] Employers = [];
        public double[] BucketBounds = [];
        public int[] BucketOrder = [];
        public readonly float[] OccupationTable = new float[Context.TableSize];
        public int Stamp;
        public double DecayHalfLife = double.NaN;
        public readonly double[] Decay = new double[MatchWeights.ContactWindowDays + 1];

        public static Scratch Rent()
        {
            for (var i = 0; i < Pool.Length; i++)
                if (Interlocked.Exchange(ref Pool[i], null) is { } scratch) return scratch;
            return new Scratch();
        }

        public static void Return(Scratch scratch)
        {
            for (var i = 0; i < Pool.Length; i++)
                if (Interlocked.CompareExchange(ref Pool[i], scratch, null) is null) return;
        }

        /// <summary>Starts a match: room for the set, a fresh stamp, an empty occupation table.</summary>
        public int Begin(int employers, int buckets)
        {
            if (Employers.Length < employers) Employers = new EmployerSlot[employers];
            if (BucketBounds.Length < buckets)
            {
                BucketBounds = new double[buckets];
                BucketOrder = new int[buckets];
            }
            if (++Stamp == int.MaxValue)
            {
                Array.Clear(Employers);
                Stamp = 1;
            }
            Array.Fill(OccupationTable, float.NaN);
            return Stamp;
        }
    }

    private enum OccupationLevel { Unrelated, MajorGroup, Field, Group, Exact }

    /// <summary>Everything derived from the goals once per match, so that scoring a candidate is look-ups and arithmetic.</summary>
    private sealed class Context
    {
        private const int FactorCount = 9;
        private const double EarthRadiusKm = 6371.0088;
        private static readonly int[] Pow10 = [1, 10, 100, 1000, 10000];
        // Table slots per code length: 4-digit codes first, then 3, 2 and 1 digits.
        private static readonly int[] TableOffset = [0, 11100, 11000, 10000, 0];
        public const int TableSize = 11110;

        private readonly MatchCandidateSet _set;
        private readonly ParticipantGoals _goals;
        private readonly MatchQuery _query;
        private readonly int _today;
        private readonly double[] _w = new double[FactorCount];
        private readonly (int Code, int Length)[] _desired;
        private readonly (int Code, int Length)[] _avoided;
        private readonly float[] _occupationTable;
        private readonly int[] _acceptable;
        private readonly bool _hasHome;
        private readonly double _homeLat, _homeLon, _cosHome;
        private readonly double? _maxTravel;
        private readonly double _minHours, _maxHours;
        private readonly bool _hasHoursGoal;
        private readonly double[] _scheduleValue = new double[4];
        private readonly double[] _formValue = new double[5];
        private readonly double[] _jobTypeValue = new double[3];
        private readonly int _earliestStart;
        private readonly int _municipalityFilter;
        private readonly EmployerSlot[] _employers;
        private readonly int _stamp;
        private readonly double[] _decay;
        private readonly double _ownCoachMultiplier;
        private readonly long _ownCoach;

        public Context(ParticipantGoals goals, MatchCandidateSet set, MatchWeights weights, MatchQuery query, DateOnly today, Scratch scratch)
        {
            _set = set;
            _goals = goals;
            _query = query;
            _today = today.DayNumber;

            var total = weights.TotalWeight();
            double[] raw = [weights.Occupation, weights.Place, weights.Hours, weights.Schedule, weights.EmploymentForm,
                weights.StartDate, weights.JobType, weights.Sector, weights.KnownEmployer];
            for (var f = 0; f < FactorCount; f++) _w[f] = total > 0 ? raw[f] / total : 0;

            _stamp = scratch.Begin(set.Employers.Length, set.Buckets.Length);
            _employers = scratch.Employers;
            _occupationTable = scratch.OccupationTable;
            _desired = goals.DesiredOccupations.Select(c => MatchCandidateSet.ParseCode(c, 4)).ToArray();
            _avoided = goals.Avoid.Occupations.Select(c => MatchCandidateSet.ParseCode(c, 4)).Where(c => c.Length > 0).ToArray();

            _acceptable = goals.AcceptableMunicipalities.Select(c => MatchCandidateSet.ParseCode(c, 4).Value).Where(c => c >= 0).ToArray();
            if (goals.HomeLocation is { } home)
            {
                _hasHome = true;
                _homeLat = home.Latitude * Math.PI / 180;
                _homeLon = home.Longitude * Math.PI / 180;
                _cosHome = Math.Cos(_homeLat);
            }
            _maxTravel = goals.MaxTravelKm;

            _hasHoursGoal = goals.MinHoursPerWeek is not null || goals.MaxHoursPerWeek is not null;
            _minHours = goals.MinHoursPerWeek ?? 0;
            _maxHours = goals.MaxHoursPerWeek ?? double.PositiveInfinity;

            for (var s = 0; s < 4; s++) _scheduleValue[s] = ScheduleFit(goals.Schedules, (Openings.Schedule)s);
            for (var f = 0; f < 5; f++) _formValue[f] = FormFit(goals.EmploymentForms, (Openings.EmploymentForm)f);
            for (var t = 0; t < 3; t++) _jobTypeValue[t] = JobTypeFit(goals.JobTypes, (Openings.JobType)t);
            _earliestStart = Math.Max(goals.EarliestStart?.DayNumber ?? _today, _today);
            _municipalityFilter = query.MunicipalityCode is null ? -1 : MatchCandidateSet.ParseCode(query.MunicipalityCode, 4).Value;

            _decay = scratch.Decay;
            if (!scratch.DecayHalfLife.Equals(weights.KnownEmployerHalfLifeDays))
            {
                for (var age = 0; age < _decay.Length; age++) _decay[age] = Math.Pow(0.5, age / weights.KnownEmployerHalfLifeDays);
                scratch.DecayHalfLife = weights.KnownEmployerHalfLifeDays;
            }
            _ownCoachMultiplier = weights.OwnCoachMultiplier;
            _ownCoach = query.OwnCoachId ?? long.MinValue;
        }

        /// <summary>
        /// The employer's slot, with its sector and known-employer points worked out the first time a
        /// match needs them: most employers have no candidate worth scoring.
        /// </summary>
        private ref EmployerSlot Employer(int e)
        {
            ref var slot = ref _employers[e];
            if (slot.Stamp == _stamp) return ref slot;
            slot.Stamp = _stamp;
            slot.Best1 = slot.Best2 = -1;
            slot.Known = 0;
            var employer = _set.Employers[e];
            if (Contains(_goals.Avoid.EmployerIds, employer.Id) || AvoidsIndustry(_goals.Avoid.Industries, employer.SniCode)
                || (_query.Sector is { } sector && employer.Sector != sector))
            {
                slot.Points = double.NaN;
                return ref slot;
            }
            var known = 0.0;
            if (_w[8] > 0)
            {
                var contacts = _set.Contacts;
                for (var c = _set.ContactStart[e]; c < _set.ContactStart[e + 1]; c++)
                {
                    var age = _today - contacts[c].Day;
                    if (age > MatchWeights.ContactWindowDays) continue;
                    var weight = _decay[Math.Max(0, age)] * contacts[c].Count;
                    known += contacts[c].Coach == _ownCoach ? weight * _ownCoachMultiplier : weight;
                }
            }
            // Saturates: a few recent meetings make an employer "known"; many more add little.
            slot.Known = 1 - Math.Exp(-known / 2);
            slot.Points = _w[7] * SectorFit(_set.EmployerSector[e]) + _w[8] * slot.Known;
            return ref slot;
        }

        /// <summary>The score in 0..1, or false when the opening is excluded.</summary>
        public bool TryScore(in PackedOpening o, out double score)
        {
            score = 0;
            if (!o.Open || o.ExpiresDay < _today) return false;
            var jobType = _jobTypeValue[o.JobType];
            if (jobType < 0) return false;
            if (_query.JobType is { } wanted && o.JobType != (byte)wanted) return false;
            if (_municipalityFilter >= 0 && o.Municipality != _municipalityFilter) return false;
            var occupation = OccupationValue(o.Ssyk, o.SsykLength);
            if (occupation < 0) return false;
            var employerPoints = Employer(o.Employer).Points;
            if (double.IsNaN(employerPoints)) return false;
            var place = PlaceValue(in o, out _);
            if (place < 0) return false;

            score = _w[0] * occupation + _w[1] * place + _w[2] * HoursValue(o.Hours) + _w[3] * ScheduleValue(o.Schedule)
                + _w[4] * _formValue[o.Form] + _w[5] * StartValue(o.StartDay) + _w[6] * jobType + employerPoints;
            return true;
        }

        /// <summary>
        /// No opening in the bucket can score more than this; negative infinity when none can be shown.
        /// Each term is the most its factor can give in the bucket (exact for the occupation, which is
        /// the same for the whole bucket), summed in the same order as in <see cref="TryScore"/>: with
        /// rounding that never decreases a sum of larger terms, the bound holds in floating point too.
        /// </summary>
        public double Bound(in CandidateBucket b)
        {
            var occupation = OccupationValue(b.Ssyk, b.SsykLength);
            if (occupation < 0) return double.NegativeInfinity;

            var jobTypes = b.JobTypes;
            if (_query.JobType is { } wanted) jobTypes &= (byte)(1 << (int)wanted);
            var jobType = MaxOver(jobTypes, _jobTypeValue);
            if (jobType < 0) return double.NegativeInfinity;

            var sectors = b.Sectors;
            if (_query.Sector is { } sector) sectors &= (byte)(1 << (int)sector);
            if (sectors == 0) return double.NegativeInfinity;
            var sectorFit = double.NegativeInfinity;
            for (var s = 0; s < 3; s++)
                if ((sectors & (1 << s)) != 0) sectorFit = Math.Max(sectorFit, SectorFit((byte)s));

            var schedule = 1.0;
            if (_goals.Schedules.Count > 0)
            {
                schedule = MaxOver((byte)(b.Schedules & 0b1111), _scheduleValue);
                if ((b.Schedules & (1 << CandidateBucket.NoSchedule)) != 0) schedule = Math.Max(schedule, 0.5);
            }
            var form = MaxOver(b.Forms, _formValue);
            var known = b.AnyContacts ? 1.0 : 0.0;

            return _w[0] * occupation + _w[1] * PlaceBound(in b) + _w[2] * 1.0 + _w[3] * schedule
                + _w[4] * form + _w[5] * 1.0 + _w[6] * jobType + (_w[7] * sectorFit + _w[8] * known);
        }

        private static double MaxOver(byte bits, double[] values)
        {
            var max = double.NegativeInfinity;
            for (var v = 0; v < values.Length; v++)
                if ((bits & (1 << v)) != 0) max = Math.Max(max, values[v]);
            return max;
        }

        /// <summary>The most <see cref="PlaceValue"/> can give in the bucket, from the distance to its bounding box.</summary>
        private double PlaceBound(in CandidateBucket b)
        {
            if (b.AnyRemote && _goals.PrefersRemote) return 1;
            // Unknown distance counts as half near (see PlaceValue).
            var proximity = b.AnyUnlocated || !_hasHome ? 0.5 : double.NegativeInfinity;
            var nearest = double.NaN;
            if (b.AnyLocated && _hasHome)
            {
                // The same formula as PlaceValue at the box's point nearest home: never farther than any opening inside.
                var dLat = Math.Clamp(_homeLat, b.MinLat, b.MaxLat) - _homeLat;
                var dLon = (Math.Clamp(_homeLon, b.MinLon, b.MaxLon) - _homeLon) * _cosHome;
                nearest = EarthRadiusKm * Math.Sqrt(dLat * dLat + dLon * dLon);
                proximity = Math.Max(proximity, 1 / (1 + nearest / 15));
            }
            // Municipalities are not summarised per bucket, so any chosen municipality may be inside.
            var inside = _acceptable.Length > 0 || _maxTravel is null || nearest <= _maxTravel;
            return inside ? 0.5 + 0.5 * proximity : 0.5 * proximity;
        }

        public MatchResult Explain(int index, Func<string, string?>? occupationNameEn)
        {
            ref readonly var o = ref _set.Items[index];
            var opening = _set.Openings[index];
            var employer = _set.Employers[o.Employer];
            Span<double> values =
            [
                OccupationValue(o.Ssyk, o.SsykLength), PlaceValue(in o, out var distance), HoursValue(o.Hours),
                ScheduleValue(o.Schedule), _formValue[o.Form], StartValue(o.StartDay), _jobTypeValue[o.JobType],
                SectorFit(_set.EmployerSector[o.Employer]), Employer(o.Employer).Known,
            ];
            var factors = new List<FactorContribution>(FactorCount);
            var score = 0.0;
            for (var f = 0; f < FactorCount; f++)
            {
                var points = _w[f] * values[f] * 100;
                score += points;
                factors.Add(new FactorContribution(FactorNames[f], Math.Round(points, 1)));
            }
            var reasons = Reasons(in o, opening, employer, distance, occupationNameEn);
            return new MatchResult(opening, employer, Math.Round(Math.Clamp(score, 0, 100), 1), factors, reasons);
        }

        private float OccupationValue(int code, int length)
        {
            if (length == 0) return 0;
            var slot = TableOffset[length] + code;
            var cached = _occupationTable[slot];
            if (!float.IsNaN(cached)) return cached;
            return _occupationTable[slot] = IsAvoided(code, length) ? -1
                : _desired.Length == 0 ? 1 // open to any occupation
                : (float)BestChoice(code, length).Value;
        }

        // A loop, not a lambda: a closure over the parameters would be allocated on every call, cached or not.
        private bool IsAvoided(int code, int length)
        {
            foreach (var (avoided, avoidedLength) in _avoided)
                if (length >= avoidedLength && Prefix(code, length, avoidedLength) == avoided) return true;
            return false;
        }

        /// <summary>The desired occupation that fits best, weighing closeness by the participant's own rank order.</summary>
        private (double Value, int Rank, OccupationLevel Level) BestChoice(int code, int length)
        {
            var best = (Value: 0.0, Rank: -1, Level: OccupationLevel.Unrelated);
            for (var rank = 0; rank < _desired.Length; rank++)
            {
                var (wanted, wantedLength) = _desired[rank];
                if (wantedLength == 0) continue;
                var level = Level(code, length, wanted, wantedLength);
                var value = LevelValue(level) / (1 + 0.25 * rank);
                if (value > best.Value) best = (value, rank, level);
            }
            return best;
        }

        private static OccupationLevel Level(int code, int length, int wanted, int wantedLength)
        {
            // A shorter desired code (a group) is matched exactly by every occupation in it.
            if (length >= wantedLength && Prefix(code, length, wantedLength) == wanted) return OccupationLevel.Exact;
            for (var common = Math.Min(length, wantedLength); common >= 1; common--)
            {
                if (Prefix(code, length, common) != Prefix(wanted, wantedLength, common)) continue;
                return common switch { >= 3 => OccupationLevel.Group, 2 => OccupationLevel.Field, _ => OccupationLevel.MajorGroup };
            }
            return OccupationLevel.Unrelated;
        }

        private static double LevelValue(OccupationLevel level) => level switch
        {
            OccupationLevel.Exact => 1.0,
            OccupationLevel.Group => 0.6,
            OccupationLevel.Field => 0.35,
            OccupationLevel.MajorGroup => 0.1,
            _ => 0,
        };

        private static int Prefix(int code, int length, int digits) => code / Pow10[length - digits];

        /// <summary>Place value in 0..1 (-1 beyond the participant's hard travel limit); distance in km or NaN.</summary>
        private double PlaceValue(in PackedOpening o, out double distance)
        {
            distance = double.NaN;
            if (_hasHome && !double.IsNaN(o.Lat))
            {
                // Equirectangular approximation: well under 0.1 % off a great circle at commuting distances, and no trigonometry per candidate.
                var dLat = o.Lat - _homeLat;
                var dLon = (o.Lon - _homeLon) * _cosHome;
                distance = EarthRadiusKm * Math.Sqrt(dLat * dLat + dLon * dLon);
            }
            if (o.Remote && _goals.PrefersRemote) return 1;
            if (_goals.TravelLimitIsHard && _maxTravel is { } limit && distance > limit) return -1;

            var inside = (_acceptable.Length == 0 && _maxTravel is null)
                || Array.IndexOf(_acceptable, o.Municipality) >= 0
                || (_maxTravel is { } max && distance <= max);
            var proximity = double.IsNaN(distance) ? 0.5 : 1 / (1 + distance / 15);
            return inside ? 0.5 + 0.5 * proximity : 0.5 * proximity;
        }

        private double HoursValue(double hours)
        {
            if (!_hasHoursGoal) return 1;
            if (double.IsNaN(hours)) return 0.5;
            var gap = hours < _minHours ? _minHours - hours : hours > _maxHours ? hours - _maxHours : 0;
            return gap <= 0 ? 1 : 0.8 / (1 + gap / 5);
        }

        private double ScheduleValue(sbyte schedule) =>
            _goals.Schedules.Count == 0 ? 1 : schedule < 0 ? 0.5 : _scheduleValue[schedule];

        private double StartValue(int startDay)
        {
            if (startDay == int.MinValue) return 1; // start by agreement
            var start = Math.Max(startDay, _today);
            if (start < _earliestStart) return 0.8 / (1 + (_earliestStart - start) / 14.0);
            var wait = start - _earliestStart;
            return wait <= 30 ? 1 : 1 / (1 + (wait - 30) / 60.0);
        }

        private static double ScheduleFit(IReadOnlyList<Openings.Schedule> wanted, Openings.Schedule offered)
        {
            if (wanted.Count == 0 || wanted.Contains(offered)) return 1;
            // Neighbouring times of day are a near miss; day versus night a far miss.
            return wanted.Max(w => (w, offered) switch
            {
                (Openings.Schedule.Day, Openings.Schedule.Evening) or (Openings.Schedule.Evening, Openings.Schedule.Day)
                    or (Openings.Schedule.Evening, Openings.Schedule.Night) or (Openings.Schedule.Night, Openings.Schedule.Evening)
                    or (Openings.Schedule.Weekend, Openings.Schedule.Day) or (Openings.Schedule.Day, Openings.Schedule.Weekend)
                    or (Openings.Schedule.Weekend, Openings.Schedule.Evening) or (Openings.Schedule.Evening, Openings.Schedule.Weekend) => 0.5,
                _ => 0.15,
            });
        }

        private static double FormFit(IReadOnlyList<Openings.EmploymentForm> wanted, Openings.EmploymentForm offered)
        {
            if (wanted.Count == 0 || wanted.Contains(offered)) return 1;
            return wanted.Max(w => (w, offered) switch
            {
                (Openings.EmploymentForm.Permanent, Openings.EmploymentForm.Temporary or Openings.EmploymentForm.Substitute) => 0.5,
                (Openings.EmploymentForm.Temporary or Openings.EmploymentForm.Substitute,
                    Openings.EmploymentForm.Temporary or Openings.EmploymentForm.Substitute or Openings.EmploymentForm.Permanent) => 0.6,
                (Openings.EmploymentForm.Temporary or Openings.EmploymentForm.Substitute or Openings.EmploymentForm.Seasonal or Openings.EmploymentForm.Hourly,
                    Openings.EmploymentForm.Temporary or Openings.EmploymentForm.Seasonal or Openings.EmploymentForm.Substitute or Openings.EmploymentForm.Hourly) => 0.4,
                _ => 0.2,
            });
        }

        /// <summary>The participant's own order when they gave one (unlisted types excluded: their choice); otherwise ordinary jobs first.</summary>
        private static double JobTypeFit(IReadOnlyList<Openings.JobType> chosen, Openings.JobType offered)
        {
            if (chosen.Count == 0)
                return offered switch { Openings.JobType.Competitive => 1, Openings.JobType.Subsidised => 0.6, _ => 0.3 };
            var position = chosen.Distinct().ToList().IndexOf(offered);
            return position < 0 ? -1 : 1 - 0.25 * position;
        }

        private static double SectorFit(byte sector) => (Employers.Sector)sector switch
        {
            Employers.Sector.Private => 1,
            Employers.Sector.Public => 0.6,
            _ => 0.5,
        };

        private static bool Contains(IReadOnlyList<long> ids, long id)
        {
            for (var i = 0; i < ids.Count; i++) if (ids[i] == id) return true;
            return false;
        }

        private static bool AvoidsIndustry(IReadOnlyList<string> prefixes, string? sni)
        {
            if (sni is null) return false;
            for (var i = 0; i < prefixes.Count; i++)
                if (prefixes[i].Length > 0 && sni.StartsWith(prefixes[i], StringComparison.Ordinal)) return true;
            return false;
        }

        private List<MatchReason> Reasons(in PackedOpening o, CandidateOpening opening, CandidateEmployer employer, double distance,
            Func<string, string?>? occupationNameEn)
        {
            var reasons = new List<MatchReason>(6);
            var inv = CultureInfo.InvariantCulture;
            var nameEn = occupationNameEn?.Invoke(opening.SsykCode) ?? opening.Title;

            if (_desired.Length > 0 && o.SsykLength > 0)
            {
                var (_, rank, level) = BestChoice(o.Ssyk, o.SsykLength);
                if (rank >= 0)
                {
                    var (sv, en) = Choice(rank);
                    var wanted = _goals.DesiredOccupations[rank];
                    var wantedEn = occupationNameEn?.Invoke(wanted) ?? wanted;
                    switch (level)
                    {
                        case OccupationLevel.Exact:
                            reasons.Add(new($"Ditt {sv}: {opening.Title}", $"Your {en}: {nameEn}"));
                            break;
                        case OccupationLevel.Group:
                            reasons.Add(new($"{opening.Title} – samma yrkesgrupp som ditt {sv}", $"{nameEn} – same occupation group as your {en} ({wantedEn})"));
                            break;
                        case OccupationLevel.Field:
                            reasons.Add(new($"{opening.Title} – samma yrkesområde som ditt {sv}", $"{nameEn} – same occupational field as your {en} ({wantedEn})"));
                            break;
                    }
                }
            }

            if (o.Remote && _goals.PrefersRemote)
                reasons.Add(new("Distansarbete, som du önskar", "Remote work, as you wished"));
            else if (!double.IsNaN(distance))
            {
                var km = Math.Round(distance);
                reasons.Add(km < 1
                    ? new("Mindre än 1 km från hemmet", "Less than 1 km from home")
                    : new($"{km.ToString(inv)} km från hemmet", $"{km.ToString(inv)} km from home"));
            }
            else if (Array.IndexOf(_acceptable, o.Municipality) >= 0)
                reasons.Add(new("I en kommun du har valt", "In a municipality you chose"));

            reasons.Add(EmployerReason(in o, employer));

            reasons.Add((Openings.JobType)o.JobType switch
            {
                Openings.JobType.Competitive => new("Ett vanligt jobb på den öppna arbetsmarknaden", "An ordinary job on the open labour market"),
                Openings.JobType.Subsidised => new("Anställning med lönestöd", "Employment with a wage subsidy"),
                _ => new("Praktik", "Internship"),
            });

            if (_hasHoursGoal && !double.IsNaN(o.Hours) && HoursValue(o.Hours) >= 1)
            {
                var h = o.Hours.ToString("0.#", inv);
                reasons.Add(new($"{h} timmar i veckan, som du önskar", $"{h} hours a week, as you wished"));
            }
            if (_goals.Schedules.Count > 0 && o.Schedule >= 0 && _scheduleValue[o.Schedule] >= 1)
            {
                var (sv, en) = ScheduleText((Openings.Schedule)o.Schedule);
                reasons.Add(new($"{sv}, som du önskar", $"{en}, as you wished"));
            }
            if (_goals.EmploymentForms.Count > 0 && _formValue[o.Form] >= 1)
            {
                var (sv, en) = FormText((Openings.EmploymentForm)o.Form);
                reasons.Add(new($"{sv}, som du önskar", $"{en}, as you wished"));
            }
            if (_goals.EarliestStart is not null && o.StartDay != int.MinValue && StartValue(o.StartDay) >= 1)
            {
                var date = DateOnly.FromDayNumber(Math.Max(o.StartDay, _today)).ToString("yyyy-MM-dd", inv);
                reasons.Add(new($"Börjar {date}, när du vill", $"Starts {date}, when you want to"));
            }
            return reasons;
        }

        private MatchReason EmployerReason(in PackedOpening o, CandidateEmployer employer)
        {
            var (sectorSv, sectorEn) = employer.Sector switch
            {
                Employers.Sector.Private => ("Privat", "Private"),
                Employers.Sector.Public => ("Offentlig", "Public"),
                _ => ("Ideell", "Non-profit"),
            };
            int own = 0, all = 0, year = 0;
            var contacts = _set.Contacts;
            for (var c = _set.ContactStart[o.Employer]; c < _set.ContactStart[o.Employer + 1]; c++)
            {
                var age = _today - contacts[c].Day;
                if (age > MatchWeights.ContactWindowDays) continue;
                year += contacts[c].Count;
                if (age > RecentContactDays) continue;
                all += contacts[c].Count;
                if (_query.OwnCoachId == contacts[c].Coach) own += contacts[c].Count;
            }
            if (own > 0)
                return new($"{sectorSv} arbetsgivare som din coach träffat {Times(own)} senaste {RecentContactDays} dagarna",
                    $"{sectorEn} employer your coach has met {TimesEn(own)} in the last {RecentContactDays} days");
            if (all > 0)
                return new($"{sectorSv} arbetsgivare som coacherna träffat {Times(all)} senaste {RecentContactDays} dagarna",
                    $"{sectorEn} employer the coaches have met {TimesEn(all)} in the last {RecentContactDays} days");
            if (year > 0)
                return new($"{sectorSv} arbetsgivare som coacherna träffat {Times(year)} senaste året",
                    $"{sectorEn} employer the coaches have met {TimesEn(year)} in the last year");
            return new($"{sectorSv} arbetsgivare", $"{sectorEn} employer");
        }

        private static string Times(int n) => n == 1 ? "1 gång" : $"{n} gånger";
        private static string TimesEn(int n) => n == 1 ? "once" : $"{n} times";

        private static (string Sv, string En) Choice(int rank) => rank switch
        {
            0 => ("förstahandsval", "first choice"),
            1 => ("andrahandsval", "second choice"),
            2 => ("tredjehandsval", "third choice"),
            _ => ($"val nummer {rank + 1}", $"choice number {rank + 1}"),
        };

        private static (string Sv, string En) ScheduleText(Openings.Schedule s) => s switch
        {
            Openings.Schedule.Day => ("Dagtid", "Daytime"),
            Openings.Schedule.Evening => ("Kvällar", "Evenings"),
            Openings.Schedule.Night => ("Nätter", "Nights"),
            _ => ("Helger", "Weekends"),
        };

        private static (string Sv, string En) FormText(Openings.EmploymentForm f) => f switch
        {
            Openings.EmploymentForm.Permanent => ("Tillsvidareanställning", "Permanent employment"),
            Openings.EmploymentForm.Temporary => ("Visstidsanställning", "Fixed-term employment"),
            Openings.EmploymentForm.Substitute => ("Vikariat", "Substitute position"),
            Openings.EmploymentForm.Seasonal => ("Säsongsanställning", "Seasonal employment"),
            _ => ("Timanställning", "Hourly employment"),
        };
    }
}

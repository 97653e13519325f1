using MatchApi.Participants;

namespace MatchApi.Matching;

/// <summary>What to rank, besides the goals: how many, optional filters, and the participant's own coach.</summary>
public sealed record MatchQuery
{
    public int Limit { get; init; } = 20;
    /// <summary>The participant's own coach; their face-to-face contacts count more.</summary>
    public long? OwnCoachId { get; init; }
    public Openings.JobType? JobType { get; init; }
    public string? MunicipalityCode { get; init; }
    public Employers.Sector? Sector { get; init; }
}

/// <param name="LiftedByDiversity">
/// In the diverse top only because of the employer-diversity rule: by score alone it would not be
/// among the first results, where an employer with better-scoring openings already has two.
/// </param>
public sealed record MatchResult(
    CandidateOpening Opening,
    CandidateEmployer Employer,
    double Score,
    IReadOnlyList<FactorContribution> Factors,
    IReadOnlyList<MatchReason> Reasons,
    bool LiftedByDiversity = false);

/// <summary>Points (out of 100) that one factor added to the score.</summary>
public sealed record FactorContribution(string Name, double Contribution);

/// <summary>How a reason bears on the participant's goals.</summary>
public enum ReasonKind
{
    /// <summary>The opening is as the participant wished.</summary>
    Fits,
    /// <summary>The opening is not as the participant wished.</summary>
    DoesNotFit,
    /// <summary>The opening does not say; the factor scored the neutral value.</summary>
    NotGiven,
    /// <summary>A fact about the opening or employer that the participant stated no wish about.</summary>
    Info,
}

/// <summary>A reason a coach can read aloud, in Swedish and English, and the factor it explains.</summary>
public sealed record MatchReason(Factor Factor, ReasonKind Kind, string Sv, string En);

/// <summary>
/// Ranks openings by the participant's own goals. Pure: no I/O, clock or randomness; the same
/// input gives the same output. The score is a weighted mean of factor values in 0..1 (one per
/// <see cref="Factor"/>), so improving one factor of an opening can only raise it. Only the
/// participant's own exclusions (avoided occupations, industries, employers and schedules, job
/// types they did not choose, firm limits on hours, schedules and travel), closed or expired
/// openings and inactive employers remove a candidate; there is no input for work ability or
/// diagnosis, so nothing else can. Cost is at most linear in the candidates: table look-ups,
/// bounded heaps for the top results, and text only for the results returned. Most candidates are
/// not even scored: openings are grouped by SSYK code, each group's best possible score is
/// bounded, and groups that cannot reach the results are skipped. The results are exactly those
/// of scoring every candidate (a test compares both on generated data).
/// The code is split by concern: selection (Matcher.Selection.cs), scoring and bucket bounds
/// (Matcher.Scoring.cs), the per-opening first pass (Matcher.FirstPass.cs), reasons
/// (Matcher.Reasons.cs) and pooled working memory (Matcher.Scratch.cs).
/// </summary>
public static partial class Matcher
{
    /// <summary>The factors of a score, in the order they are reported.</summary>
    public static IReadOnlyList<string> FactorNames => Factors.Names;

    /// <summary>IPS values a diversity of employers: within the top results, at most this many per employer when others exist.</summary>
    public const int DiverseTop = 10, MaxPerEmployerInTop = 2;

    /// <summary>Reasons count contacts of this many recent days.</summary>
    public const int RecentContactDays = 90;

    public static IReadOnlyList<MatchResult> Match(ParticipantGoals goals, MatchCandidateSet candidates, MatchWeights weights,
        MatchQuery query, DateOnly today, Func<string, OccupationNames>? occupationNames = null) =>
        Match(goals, candidates, weights, query, today, occupationNames, exhaustive: false);

    /// <summary>
    /// <paramref name="exhaustive"/> scores every candidate and picks the results the plain way; it is
    /// kept as the reference the bounded search is tested against (they must give identical results).
    /// </summary>
    internal static IReadOnlyList<MatchResult> Match(ParticipantGoals goals, MatchCandidateSet candidates, MatchWeights weights,
        MatchQuery query, DateOnly today, Func<string, OccupationNames>? occupationNames, bool exhaustive)
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
            foreach (var (i, lifted) in order) results.Add(context.Explain(i, lifted, occupationNames));
            return results;
        }
        finally
        {
            Scratch.Return(scratch);
        }
    }

    /// <summary>Higher score first; equal scores by the lower opening id, so the order never depends on input order.</summary>
    internal static bool Better(double score, long id, double otherScore, long otherId) =>
        score > otherScore || (score == otherScore && id < otherId);

    /// <summary>
    /// For tests: each factor's value for every candidate the matcher would score and the bound terms of
    /// its bucket, so that a test can check that every factor has both and that no value exceeds its bound.
    /// </summary>
    internal static List<(long OpeningId, double[] Values, double[] Bounds)> ValuesAndBounds(ParticipantGoals goals,
        MatchCandidateSet candidates, MatchWeights weights, MatchQuery query, DateOnly today)
    {
        var scratch = Scratch.Rent();
        try
        {
            var context = new Context(goals, candidates, weights, query, today, scratch);
            var result = new List<(long, double[], double[])>();
            foreach (ref readonly var bucket in candidates.Buckets.AsSpan())
            {
                var bounds = new double[Factors.Count];
                if (!context.BoundTerms(in bucket, bounds)) Array.Fill(bounds, double.NegativeInfinity);
                for (var i = bucket.Start; i < bucket.End; i++)
                {
                    var values = new double[Factors.Count];
                    if (context.Values(i, values, out _)) result.Add((candidates.Items[i].Id, values, bounds));
                }
            }
            return result;
        }
        finally
        {
            Scratch.Return(scratch);
        }
    }

    /// <summary>
    /// For tests: every candidate of every bucket, with the first pass's upper bound when the first pass keeps it (null when
    /// it leaves it out: below <paramref name="cut"/> or excluded) and its exact score (null when the candidate is
    /// excluded), so that a test can check that no score exceeds its bound and that nothing reaching the cut is left out.
    /// </summary>
    internal static List<(long OpeningId, double? Upper, double? Score)> UpperBoundsAndScores(ParticipantGoals goals,
        MatchCandidateSet candidates, MatchWeights weights, MatchQuery query, DateOnly today, double cut = double.NegativeInfinity)
    {
        var scratch = Scratch.Rent();
        try
        {
            var context = new Context(goals, candidates, weights, query, today, scratch);
            var result = new List<(long, double?, double?)>();
            foreach (ref readonly var bucket in candidates.Buckets.AsSpan())
            {
                var upper = new double[bucket.End - bucket.Start];
                var index = new int[upper.Length];
                var kept = new Dictionary<int, double>();
                var count = context.UpperBounds(in bucket, upper, index, cut);
                for (var k = 0; k < count; k++) kept.Add(index[k], upper[k]);
                for (var i = bucket.Start; i < bucket.End; i++)
                    result.Add((candidates.Items[i].Id, kept.TryGetValue(i, out var u) ? u : null, context.TryScore(i, out var score) ? score : null));
            }
            return result;
        }
        finally
        {
            Scratch.Return(scratch);
        }
    }

    /// <summary>For tests: the size of each look-up table the scorer indexes by an enum, and that enum.</summary>
    internal static IReadOnlyList<(Type Enum, int Length)> LookupTables(ParticipantGoals goals, MatchCandidateSet candidates)
    {
        var scratch = Scratch.Rent();
        try
        {
            return new Context(goals, candidates, MatchWeights.Default, new MatchQuery(), DateOnly.MinValue, scratch).Tables();
        }
        finally
        {
            Scratch.Return(scratch);
        }
    }
}

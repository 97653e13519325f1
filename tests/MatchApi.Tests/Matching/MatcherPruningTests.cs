using MatchApi.Common;
using MatchApi.Employers;
using MatchApi.Matching;
using MatchApi.Openings;
using MatchApi.Participants;

namespace MatchApi.Tests.Matching;

/// <summary>
/// The matcher skips groups of openings whose best possible score cannot reach the results. That
/// must never change a result: on generated data, with many ties, exclusions, filters and limits,
/// the bounded search returns exactly what scoring every candidate returns.
/// </summary>
public sealed class MatcherPruningTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly GeoPoint Home = new(57.7089, 11.9746);

    // Few values of everything, so that many openings tie and occupations meet at every level.
    private static readonly string[] Codes = ["5223", "5222", "5221", "5241", "5120", "5311", "9111", "9112", "2512", "4111", "8332", "522", "52", "1"];
    private static readonly string[] GoalCodes = ["5223", "5222", "5241", "9111", "2512", "522", "52", "5", "9", "4111", "8332"];
    private static readonly string[] Municipalities = ["1480", "1401", "1402", "0180"];
    private static readonly string[] Industries = ["47111", "47190", "86101", "56100", "84110"];
    // Titles and descriptions sharing compound beginnings, so that interests hit some openings of a bucket and miss others.
    private static readonly string[] Texts = ["Djurvårdare", "Djursjukhus söker", "Trädgårdsarbetare", "Lager och truck", "Butik med djurmat",
        "Bilmekaniker", "Kock i kök", "Trädgård och djur", "Städ"];
    private static readonly string[] InterestWords = ["djur", "trädgård", "bil", "kök", "trädgård djur", "lager truck", "zz"];

    [Fact]
    public void Bounded_search_returns_exactly_the_results_of_scoring_every_candidate()
    {
        for (var seed = 1; seed <= 400; seed++)
        {
            var random = new Random(seed);
            var (set, openings) = Candidates(random, openingCount: random.Next(0, 700), employerCount: random.Next(1, 60));
            for (var round = 0; round < 4; round++)
            {
                var goals = Goals(random, openings);
                var weights = random.Next(3) == 0 ? Weights(random) : MatchWeights.Default;
                var query = Query(random);
                AssertSame(goals, set, weights, query, $"seed {seed}, round {round}");
            }
        }
    }

    [Fact]
    public void Bounded_search_breaks_ties_like_the_full_scan_when_every_opening_scores_the_same()
    {
        var employers = Enumerable.Range(1, 7).Select(e => new CandidateEmployer { Id = e, Name = $"E{e}", Location = Home }).ToList();
        // Ids out of order and spread over the employers, all identical otherwise.
        var openings = Enumerable.Range(0, 3000).Select(i => new CandidateOpening
        {
            Id = (i * 7919L) % 100_003 + 1, EmployerId = i % 7 + 1, Title = "Jobb", SsykCode = i % 2 == 0 ? "5223" : "5222",
            MunicipalityCode = "1480", Location = Home,
        }).ToList();
        var set = new MatchCandidateSet(openings, employers, []);
        foreach (var limit in new[] { 1, 2, 9, 10, 11, 20, 57, 100 })
        {
            AssertSame(new ParticipantGoals(), set, MatchWeights.Default, new MatchQuery { Limit = limit }, $"open goals, limit {limit}");
            AssertSame(new ParticipantGoals { DesiredOccupations = ["522"] }, set, MatchWeights.Default, new MatchQuery { Limit = limit },
                $"group goal, limit {limit}");
            // Every factor at its best, so each bucket's bound equals the score of every opening in it.
            AssertSame(new ParticipantGoals { DesiredOccupations = ["522"], HomeLocation = Home, MaxTravelKm = 5 }, set,
                MatchWeights.Default, new MatchQuery { Limit = limit }, $"at home, limit {limit}");
        }
    }

    [Fact]
    public void Bounded_search_matches_the_full_scan_at_benchmark_shape()
    {
        var random = new Random(77);
        var (set, codes) = BenchmarkShape(random);
        for (var i = 0; i < 40; i++)
        {
            var goals = new ParticipantGoals
            {
                DesiredOccupations = Enumerable.Range(0, random.Next(1, 4)).Select(_ => codes[random.Next(codes.Length)]).ToList(),
                AcceptableMunicipalities = ["1480"], HomeLocation = Near(random, 12), MaxTravelKm = random.Next(5, 40),
                TravelLimitIsHard = random.Next(4) == 0, MinHoursPerWeek = 20, MaxHoursPerWeek = 35, Schedules = [Schedule.Day],
                EarliestStart = Today.AddDays(random.Next(0, 60)),
                Interests = i % 4 == 0 ? ["jobb 1"] : [],
            };
            AssertSame(goals, set, MatchWeights.Default, new MatchQuery { Limit = random.Next(1, 101), OwnCoachId = random.Next(1, 40) }, $"goals {i}");
        }
    }

    [Fact]
    public void Without_an_occupation_goal_the_search_returns_exactly_the_results_of_scoring_every_candidate()
    {
        // No occupation goal: every bucket's bound is the same at the top, so the per-opening first pass does the pruning.
        for (var seed = 1; seed <= 250; seed++)
        {
            var random = new Random(10_000 + seed);
            var (set, openings) = Candidates(random, openingCount: random.Next(0, 1500), employerCount: random.Next(1, 80));
            for (var round = 0; round < 3; round++)
            {
                var goals = Goals(random, openings) with { DesiredOccupations = [] };
                var weights = random.Next(2) == 0 ? Weights(random) : MatchWeights.Default;
                AssertSame(goals, set, weights, Query(random), $"seed {seed}, round {round}");
            }
        }
    }

    [Fact]
    public void Without_an_occupation_goal_the_search_matches_the_full_scan_at_benchmark_shape()
    {
        var random = new Random(78);
        var (set, codes) = BenchmarkShape(random);
        for (var i = 0; i < 24; i++)
        {
            var goals = new ParticipantGoals
            {
                Avoid = new Avoidances { Occupations = i % 3 == 0 ? [codes[random.Next(codes.Length)][..2]] : [] },
                AcceptableMunicipalities = ["1480"], HomeLocation = Near(random, 12), MaxTravelKm = random.Next(5, 40),
                TravelLimitIsHard = random.Next(4) == 0, MinHoursPerWeek = random.Next(2) == 0 ? null : 20, MaxHoursPerWeek = 35,
                Schedules = random.Next(2) == 0 ? [] : [(Schedule)random.Next(4)], EarliestStart = Today.AddDays(random.Next(0, 60)),
                Interests = i % 4 == 0 ? ["jobb 1"] : [],
            };
            var weights = i % 2 == 0 ? MatchWeights.Default : Weights(random);
            AssertSame(goals, set, weights, new MatchQuery { Limit = random.Next(1, 101), OwnCoachId = random.Next(1, 40) }, $"goals {i}");
        }
    }

    [Fact]
    public void The_first_pass_bound_of_an_opening_is_never_below_its_score()
    {
        var (checkedScores, leftOut) = (0, 0);
        for (var seed = 1; seed <= 150; seed++)
        {
            var random = new Random(20_000 + seed);
            var (set, openings) = Candidates(random, openingCount: random.Next(1, 600), employerCount: random.Next(1, 40));
            var goals = Goals(random, openings);
            if (random.Next(2) == 0) goals = goals with { DesiredOccupations = [] };
            var weights = random.Next(2) == 0 ? Weights(random) : MatchWeights.Default;
            // With a cut, the first pass leaves out what cannot reach it (whole runs of one kind, or one by one), and
            // must keep everything that can.
            var cut = random.Next(3) == 0 ? double.NegativeInfinity : random.NextDouble();
            foreach (var (id, upper, score) in Matcher.UpperBoundsAndScores(goals, set, weights, Query(random), Today, cut))
            {
                if (upper is { } kept) Assert.True(kept >= cut, $"seed {seed}, opening {id}: kept with a bound {kept} below the cut {cut}");
                if (score is not { } s) continue;
                if (upper is null)
                {
                    Assert.True(s < cut, $"seed {seed}, opening {id}: left out with the exact score {s} at or above the cut {cut}");
                    leftOut++;
                }
                else Assert.True(upper >= s, $"seed {seed}, opening {id}, cut {cut}: first-pass bound {upper} below the exact score {s}");
                checkedScores++;
            }
        }
        // The generated goals must leave many openings shown, and the cuts must leave many out, or the checks check nothing.
        Assert.True(checkedScores > 5_000, $"only {checkedScores} scores checked");
        Assert.True(leftOut > 1_000, $"only {leftOut} openings left out by a cut");
    }

    [Fact]
    public void Without_the_employer_factors_the_first_pass_bound_of_an_opening_is_its_score_but_for_a_hair()
    {
        // Every term of the bound but the employer's (a per-employer bound) and preferred employer (the bucket's best) is the
        // opening's own, place from a distance shaved by 1e-9 of itself: with those weighted zero, only openings that can
        // reach the results are scored exactly.
        var checkedScores = 0;
        for (var seed = 1; seed <= 150; seed++)
        {
            var random = new Random(25_000 + seed);
            var (set, openings) = Candidates(random, openingCount: random.Next(1, 600), employerCount: random.Next(1, 40));
            var goals = Goals(random, openings) with { DesiredOccupations = [] };
            var weights = (random.Next(2) == 0 ? Weights(random) : MatchWeights.Default) with { Sector = 0, KnownEmployer = 0, PreferredEmployer = 0 };
            if (weights.TotalWeight() == 0) weights = weights with { Place = 1 };
            foreach (var (id, upper, score) in Matcher.UpperBoundsAndScores(goals, set, weights, Query(random), Today))
            {
                if (score is not { } s) continue;
                Assert.True(upper is { } u && u >= s && u - s <= 1e-6, $"seed {seed}, opening {id}: first-pass bound {upper}, exact score {s}");
                checkedScores++;
            }
        }
        Assert.True(checkedScores > 5_000, $"only {checkedScores} scores checked");
    }

    [Fact]
    public void The_first_pass_place_bound_holds_anywhere_on_earth()
    {
        // Homes and openings all over the globe (poles, both sides of the antimeridian, antipodes) and travel limits,
        // hard or not, of any size: the distance's lower bound must stay below the haversine distance everywhere.
        var checkedScores = 0;
        for (var seed = 1; seed <= 60; seed++)
        {
            var random = new Random(30_000 + seed);
            var (set, openings) = Candidates(random, openingCount: random.Next(1, 400), employerCount: random.Next(1, 30));
            set = new MatchCandidateSet(openings.Select(o => o with { Location = random.Next(8) == 0 ? null : Anywhere(random) }),
                set.Employers.Select(e => e with { Location = Anywhere(random) }), []);
            var home = Anywhere(random);
            if (random.Next(3) == 0 && openings.Count > 0 && set.Openings.FirstOrDefault(o => o.Location is not null)?.Location is { } there)
                home = random.Next(2) == 0 ? there : new GeoPoint(-there.Latitude, there.Longitude > 0 ? there.Longitude - 180 : there.Longitude + 180);
            var goals = Goals(random, openings) with
            {
                DesiredOccupations = [],
                HomeLocation = home,
                MaxTravelKm = random.Next(4) == 0 ? null : random.Next(0, 20_100),
                TravelLimitIsHard = random.Next(2) == 0,
            };
            var weights = random.Next(2) == 0 ? new MatchWeights
            {
                Place = 1, Occupation = 0, Hours = 0, Schedule = 0, EmploymentForm = 0,
                StartDate = 0, JobType = 0, Sector = 0, KnownEmployer = 0, Interests = 0, PreferredEmployer = 0
            } : Weights(random);
            var query = Query(random) with { MunicipalityCode = null, Sector = null };
            foreach (var (id, upper, score) in Matcher.UpperBoundsAndScores(goals, set, weights, query, Today))
            {
                if (score is not { } s) continue;
                Assert.True(upper is { } u && u >= s, $"seed {seed}, opening {id}: first-pass bound {upper} below the exact score {s}");
                checkedScores++;
            }
            AssertSame(goals, set, weights, query, $"seed {seed}");
        }
        Assert.True(checkedScores > 2_000, $"only {checkedScores} scores checked");

        static GeoPoint Anywhere(Random random) => random.Next(10) switch
        {
            0 => new GeoPoint(random.Next(2) == 0 ? 90 : -90, random.NextDouble() * 360 - 180),
            1 => new GeoPoint(random.NextDouble() * 180 - 90, random.Next(2) == 0 ? 180 : -180 + random.NextDouble() * 1e-3),
            _ => new GeoPoint(random.NextDouble() * 180 - 90, random.NextDouble() * 360 - 180),
        };
    }

    [Fact]
    public void The_first_pass_look_up_tables_agree_with_the_full_scan_for_any_hours_and_start_date()
    {
        // The first pass reads hours and start dates as slots into the set's distinct values, each worked out once per
        // match: quarter hours, more than a week's hours, none given, starts long past or far ahead must all bound the
        // score and leave the results as the full scan gives them.
        double?[] hours = [null, 0, 0.5, 17.5, 37.25, 40, 167.5, 168, 168.5, 200, 1e9];
        var checkedScores = 0;
        for (var seed = 1; seed <= 60; seed++)
        {
            var random = new Random(30_000 + seed);
            var (_, generated) = Candidates(random, openingCount: random.Next(1, 2500), employerCount: random.Next(1, 60));
            var openings = generated.Select(o => o with
            {
                HoursPerWeek = hours[random.Next(hours.Length)],
                StartDate = random.Next(5) == 0 ? null : Today.AddDays(random.Next(-900, 900)),
            }).ToList();
            var employers = Enumerable.Range(1, openings.Max(o => (int)o.EmployerId)).Select(e => new CandidateEmployer
            {
                Id = e, Name = $"E{e}", Sector = (Sector)random.Next(3), Location = Spot(random),
            }).ToList();
            var set = new MatchCandidateSet(openings, employers, []);
            for (var round = 0; round < 3; round++)
            {
                var goals = Goals(random, openings) with { EarliestStart = random.Next(2) == 0 ? null : Today.AddDays(random.Next(-30, 700)) };
                if (round > 0) goals = goals with { DesiredOccupations = [] };
                var weights = random.Next(2) == 0 ? Weights(random) : MatchWeights.Default;
                var query = Query(random);
                AssertSame(goals, set, weights, query, $"seed {seed}, round {round}");
                foreach (var (id, upper, score) in Matcher.UpperBoundsAndScores(goals, set, weights, query, Today))
                {
                    if (score is not { } s) continue;
                    Assert.True(upper is { } u && u >= s, $"seed {seed}, opening {id}: first-pass bound {upper} below the exact score {s}");
                    checkedScores++;
                }
            }
        }
        Assert.True(checkedScores > 5_000, $"only {checkedScores} scores checked");
    }

    [Fact]
    public void The_per_employer_bound_kept_with_the_set_follows_the_day_the_weights_and_changed_contacts()
    {
        // The first pass reads each employer's factors from a bound worked out once per day and weights and kept with the
        // set. The same set matched on other days and with other weights, back and forth, and a set whose contacts or
        // sectors changed (which must not inherit the bound) give exactly the full scan's results.
        for (var seed = 1; seed <= 40; seed++)
        {
            var random = new Random(40_000 + seed);
            var (set, openings) = Candidates(random, openingCount: random.Next(200, 900), employerCount: random.Next(5, 60));
            MatchWeights[] weights = [MatchWeights.Default, Weights(random), Weights(random) with { KnownEmployer = 90, Sector = 0 }];
            for (var round = 0; round < 12; round++)
            {
                var day = Today.AddDays(random.Next(3) == 0 ? 0 : random.Next(-30, 400));
                var goals = Goals(random, openings) with { DesiredOccupations = [] };
                var (weight, query) = (weights[random.Next(weights.Length)], Query(random));
                AssertSame(goals, set, weight, query, $"seed {seed}, round {round}, {day}", day);
                if (round % 3 != 2) continue;
                // The same match right after an employer with openings gets many recent meetings (or none) or another sector.
                var employerId = openings[random.Next(openings.Count)].EmployerId;
                var employer = set.Employers.First(e => e.Id == employerId);
                var contacts = Enumerable.Range(0, random.Next(2) == 0 ? 0 : 12).Select(_ => new FaceToFaceContact(employer.Id,
                    random.Next(1, 4), day.AddDays(-random.Next(0, 10)), random.Next(1, 9))).ToList();
                var changedEmployers = random.Next(2) == 0 ? [employer with { Sector = (Sector)random.Next(3) }] : Array.Empty<CandidateEmployer>();
                set = set.With([], [], changedEmployers, new Dictionary<long, IReadOnlyList<FaceToFaceContact>> { [employer.Id] = contacts });
                AssertSame(goals, set, weight, query, $"seed {seed}, round {round}, {day}, after a change", day);
            }
        }
    }

    [Fact]
    public void An_openings_kind_holds_its_job_type_form_and_schedule()
    {
        // The first pass reads job type, form and schedule as one byte.
        Assert.True(CandidateColumns.Kinds <= 256, $"{CandidateColumns.Kinds} kinds do not fit a byte");
        var seen = new HashSet<int>();
        var runKeys = new List<(int Key, int JobType, int Schedule)>();
        foreach (var jobType in Enum.GetValues<JobType>())
            foreach (var form in Enum.GetValues<EmploymentForm>())
                foreach (var schedule in Enum.GetValues<Schedule>().Select(s => (int)s).Append(-1))
                {
                    var kind = CandidateColumns.KindOf((int)jobType, (int)form, schedule);
                    Assert.InRange(kind, 0, CandidateColumns.Kinds - 1);
                    Assert.Equal(((int)jobType, (int)form, schedule), CandidateColumns.KindParts(kind));
                    Assert.True(seen.Add(kind));
                    // A run shares job type and schedule, whatever the form.
                    var key = CandidateColumns.RunKeyOf(kind);
                    Assert.InRange(key, 0, CandidateColumns.RunKeys - 1);
                    Assert.Equal(CandidateColumns.RunKeyOf(CandidateColumns.KindOf((int)jobType, 0, schedule)), key);
                    runKeys.Add((key, (int)jobType, schedule));
                }
        Assert.Equal(CandidateColumns.Kinds, seen.Count);
        Assert.Equal(CandidateColumns.RunKeys, runKeys.Select(r => r.Key).Distinct().Count());
        Assert.Equal(CandidateColumns.RunKeys, runKeys.Select(r => (r.JobType, r.Schedule)).Distinct().Count());
    }

    [Fact]
    public void The_openings_of_a_code_lie_in_runs_of_one_job_type_and_schedule_that_tile_each_bucket()
    {
        // The first pass passes over a whole run by its job type and schedule: a run must never mix them or two codes.
        for (var seed = 1; seed <= 30; seed++)
        {
            var random = new Random(45_000 + seed);
            var (set, _) = Candidates(random, openingCount: random.Next(0, 900), employerCount: random.Next(1, 40));
            var columns = set.Columns;
            var runs = columns.RunStart;
            Assert.Equal(0, runs[0]);
            Assert.Equal(set.Count, runs[^1]);
            for (var r = 0; r + 1 < runs.Length; r++)
            {
                Assert.True(runs[r] < runs[r + 1], $"seed {seed}: run {r} is empty");
                var first = set.Items[runs[r]];
                for (var i = runs[r]; i < runs[r + 1]; i++)
                {
                    Assert.Equal((first.Ssyk, first.SsykLength), (set.Items[i].Ssyk, set.Items[i].SsykLength));
                    Assert.Equal(CandidateColumns.RunKeyOf(first.Kind), CandidateColumns.RunKeyOf(columns.Kind[i]));
                }
                if (r + 2 < runs.Length)
                {
                    var next = set.Items[runs[r + 1]];
                    Assert.True(next.Ssyk != first.Ssyk || next.SsykLength != first.SsykLength
                        || CandidateColumns.RunKeyOf(next.Kind) != CandidateColumns.RunKeyOf(first.Kind), $"seed {seed}: runs {r} and {r + 1} share a key");
                }
            }
            foreach (var b in set.Buckets)
            {
                Assert.Equal(b.Start, runs[b.FirstRun]);
                Assert.Equal(b.End, runs[b.EndRun]);
            }
        }
    }

    [Fact]
    public void The_highest_bounds_of_a_batch_are_found_by_their_histogram()
    {
        var histogram = new int[Matcher.HistogramBins];
        for (var seed = 1; seed <= 500; seed++)
        {
            var random = new Random(40_000 + seed);
            var bounds = Enumerable.Range(0, random.Next(0, 3000)).Select(_ => random.Next(10) switch
            {
                0 => double.NegativeInfinity,
                1 => Math.Round(random.NextDouble(), 1), // ties on bin edges
                2 => 1.0 + 1e-12, // rounding may lift a bound a hair above 1
                _ => random.NextDouble(),
            }).ToArray();
            var cut = random.Next(3) == 0 ? double.NegativeInfinity : random.NextDouble();
            var wanted = random.Next(1, 300);
            var top = Matcher.TopBoundsFrom(bounds, cut, wanted, histogram);
            var reaching = bounds.Count(u => u >= cut);
            var first = bounds.Count(u => u >= cut && u >= top);
            // At least `wanted` (or all that reach the cut) come first, and not many more than one bin's worth beyond them.
            Assert.True(first >= Math.Min(wanted, reaching), $"seed {seed}: {first} of {reaching} first, {wanted} wanted");
            // (The top bin also holds the bounds a hair above 1.)
            if (!double.IsNegativeInfinity(top) && top < (Matcher.HistogramBins - 1.0) / Matcher.HistogramBins)
                Assert.True(bounds.Count(u => u >= cut && u >= top + 1.0 / Matcher.HistogramBins) < wanted, $"seed {seed}: threshold {top} too low");
        }
    }

    private static (MatchCandidateSet Set, string[] Codes) BenchmarkShape(Random random)
    {
        var codes = Enumerable.Range(0, 300).Select(_ => random.Next(1000, 9999).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var employers = Enumerable.Range(1, 2000).Select(e => new CandidateEmployer
        {
            Id = e, Name = $"E{e}", Sector = (Sector)random.Next(3), Location = Near(random, 20),
        }).ToList();
        var openings = Enumerable.Range(1, 20_000).Select(i => new CandidateOpening
        {
            Id = i, EmployerId = random.Next(1, 2001), Title = $"Jobb {i}", SsykCode = codes[random.Next(codes.Length)],
            MunicipalityCode = Municipalities[random.Next(Municipalities.Length)], Location = Near(random, 20),
            JobType = (JobType)random.Next(3), HoursPerWeek = random.Next(10, 41), Schedule = (Schedule)random.Next(4),
            EmploymentForm = (EmploymentForm)random.Next(5), StartDate = Today.AddDays(random.Next(0, 120)),
        }).ToList();
        var contacts = Enumerable.Range(0, 20_000).Select(_ => new FaceToFaceContact(random.Next(1, 2001), random.Next(1, 40),
            Today.AddDays(-random.Next(0, 365)))).ToList();
        return (new MatchCandidateSet(openings, employers, contacts), codes);
    }

    private static void AssertSame(ParticipantGoals goals, MatchCandidateSet set, MatchWeights weights, MatchQuery query, string what,
        DateOnly? today = null)
    {
        var full = Matcher.Match(goals, set, weights, query, today ?? Today, null, exhaustive: true);
        var bounded = Matcher.Match(goals, set, weights, query, today ?? Today, null, exhaustive: false);
        Assert.True(bounded.Select(r => r.Opening.Id).SequenceEqual(full.Select(r => r.Opening.Id)), what);
        Assert.True(bounded.Select(r => r.Score).SequenceEqual(full.Select(r => r.Score)), what);
        Assert.True(bounded.SelectMany(r => r.Factors).SequenceEqual(full.SelectMany(r => r.Factors)), what);
        Assert.True(bounded.SelectMany(r => r.Reasons).SequenceEqual(full.SelectMany(r => r.Reasons)), what);
        Assert.True(bounded.Select(r => r.LiftedByDiversity).SequenceEqual(full.Select(r => r.LiftedByDiversity)), what);
    }

    private static (MatchCandidateSet, List<CandidateOpening>) Candidates(Random random, int openingCount, int employerCount)
    {
        var employers = Enumerable.Range(1, employerCount).Select(e => new CandidateEmployer
        {
            Id = e, Name = $"E{e}", Sector = (Sector)random.Next(3),
            SniCode = random.Next(4) == 0 ? null : Industries[random.Next(Industries.Length)],
            Location = random.Next(5) == 0 ? null : Spot(random),
            Active = random.Next(8) != 0,
        }).ToList();
        // A handful of employers get most openings, so that the two-per-employer rule bites.
        var openings = Enumerable.Range(0, openingCount).Select(i => new CandidateOpening
        {
            Id = random.Next(3) == 0 ? i + 1 : openingCount * 3 - i,
            EmployerId = random.Next(3) == 0 ? random.Next(1, Math.Min(3, employerCount) + 1) : random.Next(1, employerCount + 1),
            Title = random.Next(3) == 0 ? $"Jobb {i}" : Texts[random.Next(Texts.Length)],
            Description = random.Next(3) == 0 ? Texts[random.Next(Texts.Length)] : null,
            SsykCode = Codes[random.Next(Codes.Length)],
            MunicipalityCode = Municipalities[random.Next(Municipalities.Length)],
            Location = random.Next(6) == 0 ? null : Spot(random),
            Remote = random.Next(8) == 0,
            JobType = (JobType)random.Next(3),
            HoursPerWeek = random.Next(4) == 0 ? null : 10 * random.Next(1, 5),
            Schedule = random.Next(4) == 0 ? null : (Schedule)random.Next(4),
            EmploymentForm = (EmploymentForm)random.Next(5),
            StartDate = random.Next(3) == 0 ? null : Today.AddDays(15 * random.Next(-2, 8)),
            ExpiresOn = random.Next(4) == 0 ? Today.AddDays(random.Next(-2, 3)) : null,
            Status = random.Next(10) switch { 0 => OpeningStatus.Closed, 1 => OpeningStatus.Filled, _ => OpeningStatus.Open },
        }).ToList();
        var contacts = Enumerable.Range(0, random.Next(0, employerCount * 3)).Select(_ => new FaceToFaceContact(
            random.Next(1, employerCount + 1), random.Next(1, 4), Today.AddDays(-random.Next(-5, 420)), random.Next(1, 4))).ToList();
        return (new MatchCandidateSet(openings, employers, contacts), openings);
    }

    /// <summary>Locations on a coarse grid around home (many exactly equal, so bounds are often reached), sometimes far away.</summary>
    private static GeoPoint Spot(Random random) => random.Next(10) == 0
        ? new GeoPoint(Home.Latitude + random.Next(-4, 5), Home.Longitude + random.Next(-4, 5))
        : new GeoPoint(Home.Latitude + 0.05 * random.Next(-1, 2), Home.Longitude + 0.08 * random.Next(-1, 2));

    private static GeoPoint Near(Random random, double km) =>
        new(Home.Latitude + (random.NextDouble() * 2 - 1) * km / 111.0, Home.Longitude + (random.NextDouble() * 2 - 1) * km / 60.0);

    private static ParticipantGoals Goals(Random random, List<CandidateOpening> openings) => new()
    {
        DesiredOccupations = random.Next(6) == 0 ? [] : Pick(random, GoalCodes, random.Next(1, 5)),
        AcceptableMunicipalities = random.Next(3) == 0 ? [] : Pick(random, Municipalities, random.Next(1, 3)),
        HomeLocation = random.Next(5) == 0 ? null : Spot(random),
        MaxTravelKm = random.Next(3) == 0 ? null : random.Next(0, 60),
        TravelLimitIsHard = random.Next(3) == 0,
        MinHoursPerWeek = random.Next(2) == 0 ? null : 10 * random.Next(1, 4),
        MaxHoursPerWeek = random.Next(2) == 0 ? null : 10 * random.Next(3, 5),
        Schedules = random.Next(2) == 0 ? [] : Pick(random, Enum.GetValues<Schedule>(), random.Next(1, 3)),
        EmploymentForms = random.Next(2) == 0 ? [] : Pick(random, Enum.GetValues<EmploymentForm>(), random.Next(1, 3)),
        JobTypes = random.Next(3) == 0 ? Pick(random, Enum.GetValues<JobType>(), random.Next(1, 4)) : [],
        EarliestStart = random.Next(2) == 0 ? null : Today.AddDays(15 * random.Next(0, 6)),
        PrefersRemote = random.Next(4) == 0,
        Interests = random.Next(2) == 0 ? [] : Pick(random, InterestWords, random.Next(1, 3)),
        PreferredEmployerIds = random.Next(3) == 0 && openings.Count > 0
            ? Enumerable.Range(0, random.Next(1, 4)).Select(_ => openings[random.Next(openings.Count)].EmployerId).Distinct().ToList() : [],
        PreferredIndustries = random.Next(4) == 0 ? [Industries[random.Next(Industries.Length)][..random.Next(2, 6)]] : [],
        AvoidSchedules = random.Next(4) == 0 ? [(Schedule)random.Next(4)] : [],
        Firm = new FirmLimits { Hours = random.Next(3) == 0, Schedules = random.Next(3) == 0 },
        Avoid = new Avoidances
        {
            Occupations = random.Next(3) == 0 ? Pick(random, GoalCodes, random.Next(1, 3)) : [],
            Industries = random.Next(4) == 0 ? [Industries[random.Next(Industries.Length)][..random.Next(2, 6)]] : [],
            EmployerIds = random.Next(3) == 0 && openings.Count > 0
                ? Enumerable.Range(0, random.Next(1, 4)).Select(_ => openings[random.Next(openings.Count)].EmployerId).ToList() : [],
        },
    };

    private static MatchWeights Weights(Random random)
    {
        double W() => random.Next(4) == 0 ? 0 : random.Next(0, 101);
        var weights = new MatchWeights
        {
            Occupation = W(), Place = W(), Hours = W(), Schedule = W(), EmploymentForm = W(), StartDate = W(), JobType = W(),
            Sector = W(), KnownEmployer = W(), Interests = W(), PreferredEmployer = W(), KnownEmployerHalfLifeDays = random.Next(1, 731), OwnCoachMultiplier = random.Next(1, 11),
        };
        return weights.TotalWeight() > 0 ? weights : MatchWeights.Default;
    }

    private static MatchQuery Query(Random random) => new()
    {
        Limit = random.Next(4) == 0 ? random.Next(1, 12) : random.Next(1, 101),
        OwnCoachId = random.Next(3) == 0 ? null : random.Next(1, 4),
        JobType = random.Next(5) == 0 ? (JobType)random.Next(3) : null,
        MunicipalityCode = random.Next(5) == 0 ? Municipalities[random.Next(Municipalities.Length)] : null,
        Sector = random.Next(5) == 0 ? (Sector)random.Next(3) : null,
    };

    private static List<T> Pick<T>(Random random, IReadOnlyList<T> from, int count) =>
        Enumerable.Range(0, count).Select(_ => from[random.Next(from.Count)]).Distinct().ToList();
}

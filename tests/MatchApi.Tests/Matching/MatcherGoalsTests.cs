using System.Globalization;
using MatchApi.Common;
using MatchApi.Employers;
using MatchApi.Matching;
using MatchApi.Openings;
using MatchApi.Participants;

namespace MatchApi.Tests.Matching;

/// <summary>Issue 14 on the pure matcher: the participant's own words, firm limits, correct facts and reasons that tell both sides.</summary>
public sealed class MatcherGoalsTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly GeoPoint Home = new(57.7089, 11.9746); // Göteborg centre
    private static readonly GeoPoint Stockholm = new(59.3293, 18.0686);

    private static CandidateOpening Opening(long id, long? employerId = null, string ssyk = "5223", string title = "Butikssäljare") => new()
    {
        Id = id, EmployerId = employerId ?? id, Title = title, SsykCode = ssyk, MunicipalityCode = "1480", Location = Home,
        JobType = JobType.Competitive, HoursPerWeek = 30, Schedule = Schedule.Day, EmploymentForm = EmploymentForm.Permanent,
        StartDate = Today,
    };

    private static List<MatchResult> Rank(ParticipantGoals goals, IEnumerable<CandidateOpening> openings,
        IEnumerable<CandidateEmployer>? employers = null, IEnumerable<FaceToFaceContact>? contacts = null, long? coach = null)
    {
        var list = openings.ToList();
        var employerList = employers?.ToList() ?? [];
        foreach (var missing in list.Select(o => o.EmployerId).Distinct().Where(id => employerList.All(e => e.Id != id)).ToList())
            employerList.Add(new CandidateEmployer { Id = missing, Name = $"E{missing}" });
        var set = new MatchCandidateSet(list, employerList, contacts ?? []);
        return Matcher.Match(goals, set, MatchWeights.Default, new MatchQuery { Limit = 100, OwnCoachId = coach }, Today).ToList();
    }

    private static long[] Ids(IEnumerable<MatchResult> results) => results.Select(r => r.Opening.Id).ToArray();

    private static double Points(MatchResult result, Factor factor) => result.Factors.Single(f => f.Name == factor.Name()).Contribution;

    private static IEnumerable<string> Sv(MatchResult result) => result.Reasons.Select(r => r.Sv);

    [Fact]
    public void An_interest_finds_whole_words_and_the_starts_of_compound_words_in_title_and_description()
    {
        var openings = new[]
        {
            Opening(1, title: "Lagerarbetare"),
            Opening(2, title: "Djurvårdare"),
            Opening(3, title: "Lokalvårdare") with { Description = "Städning på ett DJURSJUKHUS i Mölndal" },
            Opening(4, title: "Kock") with { Description = "Vi lagar mat åt husdjur" }, // "djur" ends the word here: not a start
        };
        var results = Rank(new ParticipantGoals { Interests = ["djur"] }, openings);
        Assert.Equal([2, 3, 1, 4], Ids(results));
        Assert.Contains("Nämner ”djur”, som du är intresserad av", Sv(results[0]));
        Assert.Contains("Nämner inget av dina intressen", Sv(results[2]));
        Assert.True(Points(results[0], Factor.Interests) > Points(results[2], Factor.Interests));
        Assert.Null(results[1].Opening.Description); // read for the index, not kept
    }

    [Fact]
    public void A_phrase_interest_needs_each_of_its_words()
    {
        var openings = new[] { Opening(1, title: "Trädgårdsarbetare"), Opening(2, title: "Trädgårdsarbetare, skötsel av parker") };
        Assert.Equal([2, 1], Ids(Rank(new ParticipantGoals { Interests = ["trädgård skötsel"] }, openings)));
    }

    [Fact]
    public void Preferred_employers_and_industries_score_higher_and_say_so()
    {
        var openings = new[] { Opening(1), Opening(2), Opening(3) };
        var employers = new[]
        {
            new CandidateEmployer { Id = 1, Name = "E1", SniCode = "47111" },
            new CandidateEmployer { Id = 2, Name = "E2", SniCode = "47111" },
            new CandidateEmployer { Id = 3, Name = "E3", SniCode = "01130" },
        };
        var results = Rank(new ParticipantGoals { PreferredEmployerIds = [2], PreferredIndustries = ["01"] }, openings, employers);
        Assert.Equal([2, 3, 1], Ids(results));
        Assert.Contains("En arbetsgivare du gärna vill arbeta hos", Sv(results[0]));
        Assert.Contains("I en bransch du önskar (SNI 01)", Sv(results[1]));
        Assert.Contains("Inte bland arbetsgivarna eller branscherna du önskar", Sv(results[2]));
    }

    [Fact]
    public void Firm_limits_and_avoided_schedules_exclude_and_soft_wishes_only_score_lower_with_the_reason()
    {
        var openings = new[]
        {
            Opening(1) with { Schedule = Schedule.Evening },
            Opening(2) with { HoursPerWeek = 40 },
            Opening(3),
            Opening(4) with { HoursPerWeek = null, Schedule = null },
        };
        var soft = new ParticipantGoals { MaxHoursPerWeek = 20, MinHoursPerWeek = 10, Schedules = [Schedule.Day] };
        var results = Rank(soft with { MaxHoursPerWeek = 30 }, openings);
        Assert.Equal([3, 1, 4, 2], Ids(results)); // a near miss on one factor costs less than two unknowns
        Assert.Contains("Kvällsarbete – du önskade dagtid", Sv(results.Single(r => r.Opening.Id == 1)));
        Assert.Contains(results.Single(r => r.Opening.Id == 1).Reasons, r => r.En == "Evening work – you wished for daytime" && r.Kind == ReasonKind.DoesNotFit);
        Assert.Contains("40 timmar i veckan – du önskade högst 20", Sv(Rank(soft, openings).Single(r => r.Opening.Id == 2)));

        // Firm: broken limits exclude, and an opening that does not say is kept and said.
        var firm = Rank(soft with { MaxHoursPerWeek = 30, Firm = new FirmLimits { Hours = true, Schedules = true } }, openings);
        Assert.Equal([3, 4], Ids(firm));
        Assert.Contains("Arbetstid anges inte", Sv(firm[1]));
        Assert.Contains("Tid på dygnet anges inte", Sv(firm[1]));

        Assert.Equal([2, 3, 4], Ids(Rank(new ParticipantGoals { AvoidSchedules = [Schedule.Evening] }, openings)));
    }

    [Fact]
    public void Missing_opening_data_scores_the_same_neutral_value_for_every_factor_and_is_said()
    {
        var goals = new ParticipantGoals
        {
            HomeLocation = Home, MaxTravelKm = 30, MinHoursPerWeek = 20, MaxHoursPerWeek = 30, Schedules = [Schedule.Day], EarliestStart = Today,
        };
        var known = Opening(1);
        var unknown = Opening(2) with { HoursPerWeek = null, Schedule = null, StartDate = null, Location = null };
        var night = Opening(3) with { Schedule = Schedule.Night };
        var results = Rank(goals, [known, unknown, night]);
        var u = results.Single(r => r.Opening.Id == 2);
        foreach (var factor in new[] { Factor.Hours, Factor.Schedule, Factor.StartDate, Factor.Place })
            Assert.True(Points(u, factor) == Math.Round(MatchWeights.Default[factor] * Factors.Unknown, 1), $"{factor}");
        Assert.Contains("Arbetstid anges inte", Sv(u));
        Assert.Contains("Tid på dygnet anges inte", Sv(u));
        Assert.Contains("Startdatum anges inte", Sv(u));
        Assert.Contains("Arbetsplatsens läge anges inte", Sv(u));
        Assert.Equal(4, u.Reasons.Where(r => r.Kind == ReasonKind.NotGiven).Count());
        // Not saying the hours and the schedule costs less than a night shift, and an unknown start is not a full fit.
        var n = results.Single(r => r.Opening.Id == 3);
        Assert.True((Points(u, Factor.Hours) + Points(u, Factor.Schedule)) > Points(n, Factor.Hours) + Points(n, Factor.Schedule));
        Assert.True(Points(u, Factor.StartDate) < Points(results.Single(r => r.Opening.Id == 1), Factor.StartDate));
    }

    [Fact]
    public void A_meeting_planned_for_a_later_day_is_not_a_meeting_held()
    {
        const long coach = 7;
        var results = Rank(new ParticipantGoals(), [Opening(1), Opening(2)],
            contacts: [new(1, coach, Today.AddDays(1)), new(2, coach, Today.AddDays(-5))], coach: coach);
        Assert.Equal([2, 1], Ids(results));
        Assert.Equal(0, Points(results[1], Factor.KnownEmployer));
        Assert.DoesNotContain(Sv(results[1]), s => s.Contains("träffat"));
        Assert.Contains("Din coach har ett möte inplanerat med arbetsgivaren (räknas när det har hållits)", Sv(results[1]));
        Assert.Contains(Sv(results[0]), s => s.Contains("din coach träffat 1 gång"));
    }

    [Fact]
    public void Openings_of_inactive_employers_are_not_ranked()
    {
        var employers = new[] { new CandidateEmployer { Id = 1, Name = "E1", Active = false }, new CandidateEmployer { Id = 2, Name = "E2" } };
        Assert.Equal([2], Ids(Rank(new ParticipantGoals(), [Opening(1), Opening(2)], employers)));
    }

    [Fact]
    public void Distances_are_great_circle_and_the_hard_limit_compares_the_rounded_distance_the_reason_shows()
    {
        var far = Opening(1) with { Location = Stockholm };
        var km = Math.Round(Home.DistanceKm(Stockholm), MidpointRounding.AwayFromZero);
        Assert.Equal(397, km);
        var goals = new ParticipantGoals { HomeLocation = Home, MaxTravelKm = 397, TravelLimitIsHard = true };
        Assert.Contains("397 km från hemmet", Sv(Rank(goals, [far]).Single()));
        Assert.Empty(Rank(goals with { MaxTravelKm = 396 }, [far]));
        Assert.Single(Rank(goals with { MaxTravelKm = 400 }, [far]));

        // Exactly at the limit by the shown number, though a little beyond it unrounded.
        var edge = Opening(2) with { Location = new GeoPoint(Home.Latitude + 20.3 / 111.195, Home.Longitude) };
        var shown = Math.Round(Home.DistanceKm(edge.Location!), MidpointRounding.AwayFromZero);
        var atEdge = Rank(new ParticipantGoals { HomeLocation = Home, MaxTravelKm = shown, TravelLimitIsHard = true }, [edge]).Single();
        Assert.Contains($"{shown} km från hemmet", Sv(atEdge));
    }

    [Fact]
    public void The_results_lifted_into_the_top_by_the_diversity_rule_are_marked()
    {
        var big = Enumerable.Range(1, 4).Select(i => Opening(i, 100));
        var other = Opening(20, 200) with { JobType = JobType.Internship };
        var results = Rank(new ParticipantGoals(), big.Append(other));
        Assert.Equal([1, 2, 20, 3, 4], Ids(results));
        Assert.Equal([false, false, true, false, false], results.Select(r => r.LiftedByDiversity));
        Assert.True(results[2].Score < results[3].Score, $"{results[2].Score} is not < {results[3].Score}");
        // Also when the better one is cut off by the limit.
        var three = Matcher.Match(new ParticipantGoals(), new MatchCandidateSet(big.Append(other),
            [new CandidateEmployer { Id = 100, Name = "A" }, new CandidateEmployer { Id = 200, Name = "B" }], []),
            MatchWeights.Default, new MatchQuery { Limit = 3 }, Today);
        Assert.Equal([(1L, false), (2L, false), (20L, true)], three.Select(r => (r.Opening.Id, r.LiftedByDiversity)));
        // Nothing is lifted when every employer has at most two.
        Assert.All(Rank(new ParticipantGoals(), [Opening(1, 100), Opening(2, 100), other]), r => Assert.True(!r.LiftedByDiversity));
    }

    [Fact]
    public void Reasons_tell_both_sides_and_the_factors_that_weigh_most_come_first()
    {
        var goals = new ParticipantGoals
        {
            DesiredOccupations = ["5120"], Schedules = [Schedule.Day], EmploymentForms = [EmploymentForm.Permanent], MaxHoursPerWeek = 20,
        };
        var result = Rank(goals, [Opening(1, ssyk: "5120", title: "Kock") with
        {
            Schedule = Schedule.Evening, EmploymentForm = EmploymentForm.Seasonal, HoursPerWeek = 40,
        }]).Single();
        Assert.Contains("Ditt förstahandsval: Kock", Sv(result));
        Assert.Contains("Kvällsarbete – du önskade dagtid", Sv(result));
        Assert.Contains("Säsongsanställning – du önskade tillsvidareanställning", Sv(result));
        Assert.Contains("40 timmar i veckan – du önskade högst 20", Sv(result));
        Assert.Equal(result.Reasons.Select(r => MatchWeights.Default[r.Factor]).OrderDescending(), result.Reasons.Select(r => MatchWeights.Default[r.Factor]));
    }

    /// <summary>Each reason, checked against the data of the opening, employer and contacts it was given for.</summary>
    [Fact]
    public void Every_reason_is_true_for_its_opening()
    {
        var inv = CultureInfo.InvariantCulture;
        var checkedReasons = 0;
        for (var seed = 1; seed <= 40; seed++)
        {
            var (openings, employers, contacts, goals) = FactorTests.WorldData(new Random(seed));
            const long coach = 1;
            var set = new MatchCandidateSet(openings, employers, contacts);
            foreach (var result in Matcher.Match(goals, set, MatchWeights.Default, new MatchQuery { Limit = 100, OwnCoachId = coach }, Today))
            {
                var o = openings.Single(x => x.Id == result.Opening.Id);
                var e = employers.Single(x => x.Id == o.EmployerId);
                foreach (var r in result.Reasons)
                {
                    var why = $"opening {o.Id}: {r.Sv}";
                    Assert.False(string.IsNullOrWhiteSpace(r.En));
                    switch (r.Factor)
                    {
                        case Factor.Occupation:
                            Assert.Contains(o.Title, r.Sv);
                            Assert.True((r.Kind == ReasonKind.Fits) == (o.SsykCode[..2] == "52" || o.SsykCode[..2] == "91"), why);
                            break;
                        case Factor.Place when r.Sv.EndsWith("km från hemmet", StringComparison.Ordinal) || r.Sv.Contains("km från hemmet –"):
                            var km = Math.Round(Home.DistanceKm((o.Location ?? e.Location)!), MidpointRounding.AwayFromZero);
                            Assert.True(r.Sv.StartsWith(km < 1 ? "Mindre än 1 km" : $"{km.ToString(inv)} km", StringComparison.Ordinal), userMessage: why);
                            Assert.True((r.Kind == ReasonKind.DoesNotFit) == (km > goals.MaxTravelKm && o.MunicipalityCode != "1480"), why);
                            break;
                        case Factor.Place:
                            if (r.Kind == ReasonKind.NotGiven) Assert.True((o.Location ?? e.Location) is null, why);
                            else if (r.Sv == "I en kommun du har valt") Assert.True(o.MunicipalityCode == "1480", why);
                            else Assert.True(r.Sv == "Distansarbete, som du önskar", why);
                            break;
                        case Factor.Hours:
                            if (o.HoursPerWeek is not { } h) { Assert.True(r.Sv == "Arbetstid anges inte", why); break; }
                            Assert.True(r.Sv.StartsWith($"{h.ToString("0.#", inv)} timmar i veckan", StringComparison.Ordinal), userMessage: why);
                            Assert.True((r.Kind == ReasonKind.Fits) == (h is >= 20 and <= 30), why);
                            if (h > 30) Assert.True(r.Sv.EndsWith("högst 30", StringComparison.Ordinal), userMessage: why);
                            if (h < 20) Assert.True(r.Sv.EndsWith("minst 20", StringComparison.Ordinal), userMessage: why);
                            break;
                        case Factor.Schedule:
                            if (o.Schedule is not { } s) { Assert.True(r.Sv == "Tid på dygnet anges inte", why); break; }
                            Assert.True(r.Sv.StartsWith(s switch { Schedule.Day => "Dagtid", Schedule.Evening => "Kvällsarbete", Schedule.Night => "Nattarbete", _ => "Helgarbete" }, StringComparison.Ordinal), userMessage: why);
                            Assert.True((r.Kind == ReasonKind.Fits) == (s == Schedule.Day), why);
                            break;
                        case Factor.EmploymentForm:
                            Assert.True(r.Sv.StartsWith(o.EmploymentForm switch
                            {
                                EmploymentForm.Permanent => "Tillsvidareanställning",
                                EmploymentForm.Temporary => "Visstidsanställning",
                                EmploymentForm.Substitute => "Vikariat",
                                EmploymentForm.Seasonal => "Säsongsanställning",
                                _ => "Timanställning",
                            }, StringComparison.Ordinal), userMessage: why);
                            Assert.True((r.Kind == ReasonKind.Fits) == (o.EmploymentForm == EmploymentForm.Permanent), why);
                            break;
                        case Factor.StartDate:
                            if (o.StartDate is not { } start) { Assert.True(r.Sv == "Startdatum anges inte", why); break; }
                            Assert.True(r.Sv.StartsWith($"Börjar {(start < Today ? Today : start).ToString("yyyy-MM-dd", inv)}", StringComparison.Ordinal), userMessage: why);
                            break;
                        case Factor.JobType:
                            Assert.True(r.Sv == (o.JobType switch
                            {
                                JobType.Competitive => "Ett vanligt jobb på den öppna arbetsmarknaden",
                                JobType.Subsidised => "Anställning med lönestöd",
                                _ => "Praktik",
                            }), why);
                            break;
                        case Factor.Sector or Factor.KnownEmployer:
                            var held = contacts.Where(c => c.EmployerId == e.Id && c.Date <= Today).ToList();
                            int Count(Func<FaceToFaceContact, bool> which) => held.Where(which).Sum(c => c.Count);
                            if (r.Sv.Contains("inplanerat")) Assert.True(contacts.Any(c => c.EmployerId == e.Id && c.Date > Today), why);
                            else
                            {
                                Assert.True(r.Sv.StartsWith(e.Sector switch { Sector.Private => "Privat", Sector.Public => "Offentlig", _ => "Ideell" }, StringComparison.Ordinal), userMessage: why);
                                var own = Count(c => c.CoachId == coach && Today.DayNumber - c.Date.DayNumber <= 90);
                                var all = Count(c => Today.DayNumber - c.Date.DayNumber <= 90);
                                var year = Count(c => Today.DayNumber - c.Date.DayNumber <= 365);
                                string Times(int n) => n == 1 ? "1 gång" : $"{n} gånger";
                                if (r.Sv.Contains("din coach")) Assert.True(r.Sv.Contains($"träffat {Times(own)} senaste 90"), userMessage: why);
                                else if (r.Sv.Contains("senaste 90")) { Assert.True(own == 0, why); Assert.True(r.Sv.Contains($"träffat {Times(all)} senaste 90"), userMessage: why); }
                                else if (r.Sv.Contains("senaste året")) { Assert.True(all == 0, why); Assert.True(r.Sv.Contains($"träffat {Times(year)}"), userMessage: why); }
                                else Assert.True(year == 0, why);
                            }
                            break;
                        case Factor.Interests:
                            var text = $"{o.Title} {o.Description}";
                            if (r.Kind == ReasonKind.Fits) Assert.True(Words.Mentions(text, "djur"), why);
                            else Assert.False(Words.Mentions(text, "djur"), why);
                            break;
                        case Factor.PreferredEmployer:
                            Assert.True((r.Kind == ReasonKind.Fits) == (e.Id == 2 || e.SniCode!.StartsWith("01", StringComparison.Ordinal)), why);
                            break;
                        default:
                            throw Xunit.Sdk.FailException.ForFailure($"No check for reasons of {r.Factor}: add one.");
                    }
                    checkedReasons++;
                }
            }
        }
        Assert.True(checkedReasons > 2000, $"{checkedReasons} is not > {2000}");
    }
}

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
        Ids(results).ShouldBe([2, 3, 1, 4]);
        Sv(results[0]).ShouldContain("Nämner ”djur”, som du är intresserad av");
        Sv(results[2]).ShouldContain("Nämner inget av dina intressen");
        Points(results[0], Factor.Interests).ShouldBeGreaterThan(Points(results[2], Factor.Interests));
        results[1].Opening.Description.ShouldBeNull(); // read for the index, not kept
    }

    [Fact]
    public void A_phrase_interest_needs_each_of_its_words()
    {
        var openings = new[] { Opening(1, title: "Trädgårdsarbetare"), Opening(2, title: "Trädgårdsarbetare, skötsel av parker") };
        Ids(Rank(new ParticipantGoals { Interests = ["trädgård skötsel"] }, openings)).ShouldBe([2, 1]);
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
        Ids(results).ShouldBe([2, 3, 1]);
        Sv(results[0]).ShouldContain("En arbetsgivare du gärna vill arbeta hos");
        Sv(results[1]).ShouldContain("I en bransch du önskar (SNI 01)");
        Sv(results[2]).ShouldContain("Inte bland arbetsgivarna eller branscherna du önskar");
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
        Ids(results).ShouldBe([3, 1, 4, 2]); // a near miss on one factor costs less than two unknowns
        Sv(results.Single(r => r.Opening.Id == 1)).ShouldContain("Kvällsarbete – du önskade dagtid");
        results.Single(r => r.Opening.Id == 1).Reasons.ShouldContain(r => r.En == "Evening work – you wished for daytime" && r.Kind == ReasonKind.DoesNotFit);
        Sv(Rank(soft, openings).Single(r => r.Opening.Id == 2)).ShouldContain("40 timmar i veckan – du önskade högst 20");

        // Firm: broken limits exclude, and an opening that does not say is kept and said.
        var firm = Rank(soft with { MaxHoursPerWeek = 30, Firm = new FirmLimits { Hours = true, Schedules = true } }, openings);
        Ids(firm).ShouldBe([3, 4]);
        Sv(firm[1]).ShouldContain("Arbetstid anges inte");
        Sv(firm[1]).ShouldContain("Tid på dygnet anges inte");

        Ids(Rank(new ParticipantGoals { AvoidSchedules = [Schedule.Evening] }, openings)).ShouldBe([2, 3, 4]);
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
            Points(u, factor).ShouldBe(Math.Round(MatchWeights.Default[factor] * Factors.Unknown, 1), $"{factor}");
        Sv(u).ShouldContain("Arbetstid anges inte");
        Sv(u).ShouldContain("Tid på dygnet anges inte");
        Sv(u).ShouldContain("Startdatum anges inte");
        Sv(u).ShouldContain("Arbetsplatsens läge anges inte");
        u.Reasons.Where(r => r.Kind == ReasonKind.NotGiven).Count().ShouldBe(4);
        // Not saying the hours and the schedule costs less than a night shift, and an unknown start is not a full fit.
        var n = results.Single(r => r.Opening.Id == 3);
        (Points(u, Factor.Hours) + Points(u, Factor.Schedule)).ShouldBeGreaterThan(Points(n, Factor.Hours) + Points(n, Factor.Schedule));
        Points(u, Factor.StartDate).ShouldBeLessThan(Points(results.Single(r => r.Opening.Id == 1), Factor.StartDate));
    }

    [Fact]
    public void A_meeting_planned_for_a_later_day_is_not_a_meeting_held()
    {
        const long coach = 7;
        var results = Rank(new ParticipantGoals(), [Opening(1), Opening(2)],
            contacts: [new(1, coach, Today.AddDays(1)), new(2, coach, Today.AddDays(-5))], coach: coach);
        Ids(results).ShouldBe([2, 1]);
        Points(results[1], Factor.KnownEmployer).ShouldBe(0);
        Sv(results[1]).ShouldNotContain(s => s.Contains("träffat"));
        Sv(results[1]).ShouldContain("Din coach har ett möte inplanerat med arbetsgivaren (räknas när det har hållits)");
        Sv(results[0]).ShouldContain(s => s.Contains("din coach träffat 1 gång"));
    }

    [Fact]
    public void Openings_of_inactive_employers_are_not_ranked()
    {
        var employers = new[] { new CandidateEmployer { Id = 1, Name = "E1", Active = false }, new CandidateEmployer { Id = 2, Name = "E2" } };
        Ids(Rank(new ParticipantGoals(), [Opening(1), Opening(2)], employers)).ShouldBe([2]);
    }

    [Fact]
    public void Distances_are_great_circle_and_the_hard_limit_compares_the_rounded_distance_the_reason_shows()
    {
        var far = Opening(1) with { Location = Stockholm };
        var km = Math.Round(Home.DistanceKm(Stockholm), MidpointRounding.AwayFromZero);
        km.ShouldBe(397);
        var goals = new ParticipantGoals { HomeLocation = Home, MaxTravelKm = 397, TravelLimitIsHard = true };
        Sv(Rank(goals, [far]).Single()).ShouldContain("397 km från hemmet");
        Rank(goals with { MaxTravelKm = 396 }, [far]).ShouldBeEmpty();
        Rank(goals with { MaxTravelKm = 400 }, [far]).Count.ShouldBe(1);

        // Exactly at the limit by the shown number, though a little beyond it unrounded.
        var edge = Opening(2) with { Location = new GeoPoint(Home.Latitude + 20.3 / 111.195, Home.Longitude) };
        var shown = Math.Round(Home.DistanceKm(edge.Location!), MidpointRounding.AwayFromZero);
        var atEdge = Rank(new ParticipantGoals { HomeLocation = Home, MaxTravelKm = shown, TravelLimitIsHard = true }, [edge]).Single();
        Sv(atEdge).ShouldContain($"{shown} km från hemmet");
    }

    [Fact]
    public void The_results_lifted_into_the_top_by_the_diversity_rule_are_marked()
    {
        var big = Enumerable.Range(1, 4).Select(i => Opening(i, 100));
        var other = Opening(20, 200) with { JobType = JobType.Internship };
        var results = Rank(new ParticipantGoals(), big.Append(other));
        Ids(results).ShouldBe([1, 2, 20, 3, 4]);
        results.Select(r => r.LiftedByDiversity).ShouldBe([false, false, true, false, false]);
        results[2].Score.ShouldBeLessThan(results[3].Score);
        // Also when the better one is cut off by the limit.
        var three = Matcher.Match(new ParticipantGoals(), new MatchCandidateSet(big.Append(other),
            [new CandidateEmployer { Id = 100, Name = "A" }, new CandidateEmployer { Id = 200, Name = "B" }], []),
            MatchWeights.Default, new MatchQuery { Limit = 3 }, Today);
        three.Select(r => (r.Opening.Id, r.LiftedByDiversity)).ShouldBe([(1L, false), (2L, false), (20L, true)]);
        // Nothing is lifted when every employer has at most two.
        Rank(new ParticipantGoals(), [Opening(1, 100), Opening(2, 100), other]).ShouldAllBe(r => !r.LiftedByDiversity);
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
        Sv(result).ShouldContain("Ditt förstahandsval: Kock");
        Sv(result).ShouldContain("Kvällsarbete – du önskade dagtid");
        Sv(result).ShouldContain("Säsongsanställning – du önskade tillsvidareanställning");
        Sv(result).ShouldContain("40 timmar i veckan – du önskade högst 20");
        result.Reasons.Select(r => MatchWeights.Default[r.Factor]).ShouldBeInOrder(SortDirection.Descending);
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
                    r.En.ShouldNotBeNullOrWhiteSpace();
                    switch (r.Factor)
                    {
                        case Factor.Occupation:
                            r.Sv.ShouldContain(o.Title);
                            (r.Kind == ReasonKind.Fits).ShouldBe(o.SsykCode[..2] == "52" || o.SsykCode[..2] == "91", why);
                            break;
                        case Factor.Place when r.Sv.EndsWith("km från hemmet", StringComparison.Ordinal) || r.Sv.Contains("km från hemmet –"):
                            var km = Math.Round(Home.DistanceKm((o.Location ?? e.Location)!), MidpointRounding.AwayFromZero);
                            r.Sv.ShouldStartWith(km < 1 ? "Mindre än 1 km" : $"{km.ToString(inv)} km", customMessage: why);
                            (r.Kind == ReasonKind.DoesNotFit).ShouldBe(km > goals.MaxTravelKm && o.MunicipalityCode != "1480", why);
                            break;
                        case Factor.Place:
                            if (r.Kind == ReasonKind.NotGiven) (o.Location ?? e.Location).ShouldBeNull(why);
                            else if (r.Sv == "I en kommun du har valt") o.MunicipalityCode.ShouldBe("1480", why);
                            else r.Sv.ShouldBe("Distansarbete, som du önskar", why);
                            break;
                        case Factor.Hours:
                            if (o.HoursPerWeek is not { } h) { r.Sv.ShouldBe("Arbetstid anges inte", why); break; }
                            r.Sv.ShouldStartWith($"{h.ToString("0.#", inv)} timmar i veckan", customMessage: why);
                            (r.Kind == ReasonKind.Fits).ShouldBe(h is >= 20 and <= 30, why);
                            if (h > 30) r.Sv.ShouldEndWith("högst 30", customMessage: why);
                            if (h < 20) r.Sv.ShouldEndWith("minst 20", customMessage: why);
                            break;
                        case Factor.Schedule:
                            if (o.Schedule is not { } s) { r.Sv.ShouldBe("Tid på dygnet anges inte", why); break; }
                            r.Sv.ShouldStartWith(s switch { Schedule.Day => "Dagtid", Schedule.Evening => "Kvällsarbete", Schedule.Night => "Nattarbete", _ => "Helgarbete" }, customMessage: why);
                            (r.Kind == ReasonKind.Fits).ShouldBe(s == Schedule.Day, why);
                            break;
                        case Factor.EmploymentForm:
                            r.Sv.ShouldStartWith(o.EmploymentForm switch
                            {
                                EmploymentForm.Permanent => "Tillsvidareanställning", EmploymentForm.Temporary => "Visstidsanställning",
                                EmploymentForm.Substitute => "Vikariat", EmploymentForm.Seasonal => "Säsongsanställning", _ => "Timanställning",
                            }, customMessage: why);
                            (r.Kind == ReasonKind.Fits).ShouldBe(o.EmploymentForm == EmploymentForm.Permanent, why);
                            break;
                        case Factor.StartDate:
                            if (o.StartDate is not { } start) { r.Sv.ShouldBe("Startdatum anges inte", why); break; }
                            r.Sv.ShouldStartWith($"Börjar {(start < Today ? Today : start).ToString("yyyy-MM-dd", inv)}", customMessage: why);
                            break;
                        case Factor.JobType:
                            r.Sv.ShouldBe(o.JobType switch
                            {
                                JobType.Competitive => "Ett vanligt jobb på den öppna arbetsmarknaden", JobType.Subsidised => "Anställning med lönestöd", _ => "Praktik",
                            }, why);
                            break;
                        case Factor.Sector or Factor.KnownEmployer:
                            var held = contacts.Where(c => c.EmployerId == e.Id && c.Date <= Today).ToList();
                            int Count(Func<FaceToFaceContact, bool> which) => held.Where(which).Sum(c => c.Count);
                            if (r.Sv.Contains("inplanerat")) contacts.ShouldContain(c => c.EmployerId == e.Id && c.Date > Today, why);
                            else
                            {
                                r.Sv.ShouldStartWith(e.Sector switch { Sector.Private => "Privat", Sector.Public => "Offentlig", _ => "Ideell" }, customMessage: why);
                                var own = Count(c => c.CoachId == coach && Today.DayNumber - c.Date.DayNumber <= 90);
                                var all = Count(c => Today.DayNumber - c.Date.DayNumber <= 90);
                                var year = Count(c => Today.DayNumber - c.Date.DayNumber <= 365);
                                string Times(int n) => n == 1 ? "1 gång" : $"{n} gånger";
                                if (r.Sv.Contains("din coach")) r.Sv.ShouldContain($"träffat {Times(own)} senaste 90", customMessage: why);
                                else if (r.Sv.Contains("senaste 90")) { own.ShouldBe(0, why); r.Sv.ShouldContain($"träffat {Times(all)} senaste 90", customMessage: why); }
                                else if (r.Sv.Contains("senaste året")) { all.ShouldBe(0, why); r.Sv.ShouldContain($"träffat {Times(year)}", customMessage: why); }
                                else year.ShouldBe(0, why);
                            }
                            break;
                        case Factor.Interests:
                            var text = $"{o.Title} {o.Description}";
                            if (r.Kind == ReasonKind.Fits) Words.Mentions(text, "djur").ShouldBeTrue(why);
                            else Words.Mentions(text, "djur").ShouldBeFalse(why);
                            break;
                        case Factor.PreferredEmployer:
                            (r.Kind == ReasonKind.Fits).ShouldBe(e.Id == 2 || e.SniCode!.StartsWith("01", StringComparison.Ordinal), why);
                            break;
                        default:
                            throw new ShouldAssertException($"No check for reasons of {r.Factor}: add one.");
                    }
                    checkedReasons++;
                }
            }
        }
        checkedReasons.ShouldBeGreaterThan(2000);
    }
}

using System.Globalization;
using MatchApi.Common;
using MatchApi.Employers;
using MatchApi.Matching;
using MatchApi.Openings;
using MatchApi.Participants;

namespace MatchApi.Tests.Matching;

/// <summary>The ranking rules of issue 4, one group per numbered rule, on the pure matcher.</summary>
public sealed class MatcherTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly GeoPoint Home = new(57.7089, 11.9746); // Göteborg centre

    private static CandidateOpening Opening(long id, long? employerId = null, string ssyk = "5223") => new()
    {
        Id = id,
        EmployerId = employerId ?? id,
        Title = $"Butikssäljare {id}",
        SsykCode = ssyk,
        MunicipalityCode = "1480",
        Location = Home,
        JobType = JobType.Competitive,
        HoursPerWeek = 30,
        Schedule = Schedule.Day,
        EmploymentForm = EmploymentForm.Permanent,
    };

    private static CandidateEmployer Employer(long id, Sector sector = Sector.Private, string? sni = null) =>
        new() { Id = id, Name = $"Arbetsgivare {id}", Sector = sector, SniCode = sni };

    /// <summary>A point the given number of km north of home.</summary>
    private static GeoPoint North(double km) => new(Home.Latitude + km / 111.195, Home.Longitude);

    private static List<MatchResult> Rank(ParticipantGoals goals, IEnumerable<CandidateOpening> openings,
        IEnumerable<CandidateEmployer>? employers = null, IEnumerable<FaceToFaceContact>? contacts = null,
        MatchQuery? query = null, MatchWeights? weights = null)
    {
        var list = openings.ToList();
        var employerList = employers?.ToList() ?? [];
        foreach (var missing in list.Select(o => o.EmployerId).Distinct().Where(id => employerList.All(e => e.Id != id)).ToList())
            employerList.Add(Employer(missing));
        var set = new MatchCandidateSet(list, employerList, contacts ?? []);
        return Matcher.Match(goals, set, weights ?? MatchWeights.Default, query ?? new MatchQuery { Limit = 100 }, Today,
            code => code switch
            {
                "5223" => new OccupationNames("Butikssäljare, fackhandel", "Shop sales assistants"),
                "5222" => new OccupationNames("Butikssäljare, dagligvaror", "Shop sales, groceries"),
                "9111" => new OccupationNames(null, "Domestic cleaners"),
                _ => default,
            }).ToList();
    }

    private static long[] Ids(IEnumerable<MatchResult> results) => results.Select(r => r.Opening.Id).ToArray();

    private static double Factor(MatchResult result, string name) => result.Factors.Single(f => f.Name == name).Contribution;

    // Rule 1: own goals first
    [Fact]
    public void First_choice_occupation_outranks_third_choice()
    {
        var goals = new ParticipantGoals { DesiredOccupations = ["5223", "4111", "9111"] };
        var results = Rank(goals, [Opening(1, ssyk: "9111"), Opening(2, ssyk: "5223")]);
        Assert.Equal([2, 1], Ids(results));
        // The group's names, not the ad's own title ("Butikssäljare 2"); without a Swedish name the Swedish text keeps the title.
        Assert.Contains(("Ditt förstahandsval: Butikssäljare, fackhandel", "Your first choice: Shop sales assistants"), results[0].Reasons.Select(r => (r.Sv, r.En)));
        Assert.Contains(("Ditt tredjehandsval: Butikssäljare 1", "Your third choice: Domestic cleaners"), results[1].Reasons.Select(r => (r.Sv, r.En)));
    }

    [Fact]
    public void Exact_code_outranks_same_group_which_outranks_same_field_which_outranks_unrelated()
    {
        var goals = new ParticipantGoals { DesiredOccupations = ["5223"] };
        var results = Rank(goals, [Opening(1, ssyk: "9111"), Opening(2, ssyk: "5241"), Opening(3, ssyk: "5222"), Opening(4, ssyk: "5223")]);
        Assert.Equal([4, 3, 2, 1], Ids(results));
        Assert.Equal(0, Factor(results[3], "occupation"));
        Assert.Contains(("Butikssäljare, dagligvaror – samma yrkesgrupp som ditt förstahandsval (Butikssäljare, fackhandel)",
            "Shop sales, groceries – same occupation group as your first choice (Shop sales assistants)"), results[1].Reasons.Select(r => (r.Sv, r.En)));
        Assert.Contains(("Butikssäljare 1 – inte bland yrkena du önskar", "Domestic cleaners – not among the occupations you wished for"), results[3].Reasons.Select(r => (r.Sv, r.En)));
    }

    [Fact]
    public void A_shorter_desired_code_matches_its_whole_group()
    {
        var goals = new ParticipantGoals { DesiredOccupations = ["52"] };
        var results = Rank(goals, [Opening(1, ssyk: "5311"), Opening(2, ssyk: "5241"), Opening(3, ssyk: "5223")]);
        Assert.Equal([2, 3, 1], Ids(results)); // both in group 52 are exact matches and tie on score, then the id decides
        Assert.Equal(Factor(results[1], "occupation"), Factor(results[0], "occupation"));
        Assert.True(Factor(results[1], "occupation") > Factor(results[2], "occupation"));
    }

    // Rule 2: the participant's own exclusions are hard, and so are closed, filled and expired openings
    [Fact]
    public void Avoided_occupations_industries_and_employers_never_appear()
    {
        var goals = new ParticipantGoals
        {
            DesiredOccupations = ["5223"],
            Avoid = new Avoidances { Occupations = ["51"], Industries = ["47"], EmployerIds = [30] },
        };
        var openings = new[] { Opening(1, 10, "5120"), Opening(2, 20), Opening(3, 30), Opening(4, 40) };
        var results = Rank(goals, openings, [Employer(10), Employer(20, sni: "47111"), Employer(30), Employer(40, sni: "56100")]);
        Assert.Equal([4], Ids(results));
    }

    [Fact]
    public void Closed_filled_and_expired_openings_never_appear_but_one_expiring_today_does()
    {
        var results = Rank(new ParticipantGoals(),
        [
            Opening(1) with { Status = OpeningStatus.Closed },
            Opening(2) with { Status = OpeningStatus.Filled },
            Opening(3) with { ExpiresOn = Today.AddDays(-1) },
            Opening(4) with { ExpiresOn = Today },
            Opening(5),
        ]);
        Assert.Equal([4, 5], Ids(results));
    }

    [Fact]
    public void A_hard_travel_limit_excludes_farther_openings_and_a_soft_one_only_ranks_them_lower()
    {
        var openings = new[] { Opening(1) with { Location = North(40) }, Opening(2) with { Location = North(10) } };
        var hard = new ParticipantGoals { HomeLocation = Home, MaxTravelKm = 20, TravelLimitIsHard = true };
        Assert.Equal([2], Ids(Rank(hard, openings)));
        var soft = hard with { TravelLimitIsHard = false };
        Assert.Equal([2, 1], Ids(Rank(soft, openings)));
    }

    [Fact]
    public void Job_types_the_participant_did_not_choose_are_excluded_only_when_they_chose_some()
    {
        var openings = new[]
        {
            Opening(1) with { JobType = JobType.Internship },
            Opening(2) with { JobType = JobType.Subsidised },
            Opening(3) with { JobType = JobType.Competitive },
        };
        Assert.Equal([3, 2], Ids(Rank(new ParticipantGoals { JobTypes = [JobType.Competitive, JobType.Subsidised] }, openings)));
        Assert.Equal([3, 2, 1], Ids(Rank(new ParticipantGoals(), openings)));
    }

    // Rule 3: zero exclusion
    [Fact]
    public void Nothing_but_the_participants_own_exclusions_removes_an_opening()
    {
        var random = new Random(7);
        var openings = Enumerable.Range(1, 60).Select(i => Opening(i, i % 7 + 1, ssyk: random.Next(1000, 9999).ToString(CultureInfo.InvariantCulture)) with
        {
            Location = North(random.Next(0, 300)),
            JobType = (JobType)random.Next(3),
            HoursPerWeek = random.Next(1, 60),
            Schedule = (Schedule)random.Next(4),
            EmploymentForm = (EmploymentForm)random.Next(5),
            StartDate = Today.AddDays(random.Next(-30, 400)),
        }).ToList();
        var employers = Enumerable.Range(1, 7).Select(i => Employer(i, (Sector)(i % 3))).ToList();
        var goals = new ParticipantGoals
        {
            DesiredOccupations = ["5223"], HomeLocation = Home, MaxTravelKm = 5, MinHoursPerWeek = 20, MaxHoursPerWeek = 25,
            Schedules = [Schedule.Day], EmploymentForms = [EmploymentForm.Permanent], EarliestStart = Today.AddDays(60),
        };
        Assert.Equal(60, Rank(goals, openings, employers).Count);
    }

    [Fact]
    public void The_matchers_inputs_have_no_field_for_work_ability_diagnosis_assessment_or_health()
    {
        string[] banned = ["work", "ability", "diagnos", "assess", "health", "arbetsförmåga", "arbetsformaga", "förmåga", "formaga", "bedömning", "bedomning", "hälsa", "halsa"];
        var seen = new HashSet<Type>();
        var names = new List<string>();
        void Visit(Type type)
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (type.IsGenericType) { foreach (var arg in type.GetGenericArguments()) Visit(arg); return; }
            if (type.IsArray) { Visit(type.GetElementType()!); return; }
            if (type.Assembly != typeof(Matcher).Assembly || !seen.Add(type)) return;
            names.Add(type.Name);
            if (type.IsEnum) { names.AddRange(Enum.GetNames(type)); return; }
            foreach (var p in type.GetProperties()) { names.Add(p.Name); Visit(p.PropertyType); }
            foreach (var f in type.GetFields()) { names.Add(f.Name); Visit(f.FieldType); }
            foreach (var c in type.GetConstructors())
                foreach (var p in c.GetParameters()) { names.Add(p.Name!); Visit(p.ParameterType); }
        }
        foreach (var p in typeof(Matcher).GetMethod(nameof(Matcher.Match))!.GetParameters()) { names.Add(p.Name!); Visit(p.ParameterType); }

        Assert.Contains(typeof(ParticipantGoals), seen);
        Assert.Contains(typeof(CandidateOpening), seen);
        Assert.Contains(typeof(FaceToFaceContact), seen);
        Assert.DoesNotContain(names, n => banned.Any(b => n.Contains(b, StringComparison.OrdinalIgnoreCase)));
    }

    // Rule 4: place
    [Fact]
    public void An_acceptable_municipality_outranks_a_closer_opening_outside_it()
    {
        var goals = new ParticipantGoals { AcceptableMunicipalities = ["1480"], HomeLocation = Home };
        var results = Rank(goals, [Opening(1) with { MunicipalityCode = "1401", Location = North(3) }, Opening(2) with { Location = North(12) }]);
        Assert.Equal([2, 1], Ids(results));
        Assert.Contains(("12 km från hemmet", "12 km from home"), results[0].Reasons.Select(r => (r.Sv, r.En)));
    }

    [Fact]
    public void Within_the_stated_distance_outranks_beyond_it_and_the_score_falls_with_distance()
    {
        var goals = new ParticipantGoals { HomeLocation = Home, MaxTravelKm = 15 };
        var results = Rank(goals, [Opening(1) with { Location = North(25) }, Opening(2) with { Location = North(14) },
            Opening(3) with { Location = North(9) }, Opening(4) with { Location = North(1) }]);
        Assert.Equal([4, 3, 2, 1], Ids(results));
        Assert.Contains(("9 km från hemmet", "9 km from home"), results[1].Reasons.Select(r => (r.Sv, r.En)));
        Assert.Equal(results.Select(r => Factor(r, "place")).OrderDescending(), results.Select(r => Factor(r, "place")));
    }

    [Fact]
    public void Remote_work_ranks_first_when_the_participant_prefers_it()
    {
        var goals = new ParticipantGoals { HomeLocation = Home, MaxTravelKm = 10, TravelLimitIsHard = true, PrefersRemote = true };
        var results = Rank(goals, [Opening(1) with { Location = North(2) }, Opening(2) with { Location = North(80), Remote = true }]);
        Assert.Equal([2, 1], Ids(results));
        Assert.Contains(("Distansarbete, som du önskar", "Remote work, as you wished"), results[0].Reasons.Select(r => (r.Sv, r.En)));
    }

    // Rule 5: hours, schedule, employment form and start date; fit > near miss > far miss
    [Fact]
    public void Hours_that_fit_outrank_a_near_miss_which_outranks_a_far_miss()
    {
        var goals = new ParticipantGoals { MinHoursPerWeek = 20, MaxHoursPerWeek = 30 };
        Assert.Equal([3, 2, 1], Ids(Rank(goals, [Opening(1) with { HoursPerWeek = 40 }, Opening(2) with { HoursPerWeek = 32 }, Opening(3) with { HoursPerWeek = 25 }])));
    }

    [Fact]
    public void A_wished_schedule_outranks_a_neighbouring_one_which_outranks_a_distant_one()
    {
        var goals = new ParticipantGoals { Schedules = [Schedule.Day] };
        Assert.Equal([3, 2, 1], Ids(Rank(goals, [Opening(1) with { Schedule = Schedule.Night }, Opening(2) with { Schedule = Schedule.Evening }, Opening(3) with { Schedule = Schedule.Day }])));
    }

    [Fact]
    public void A_wished_employment_form_outranks_a_similar_one_which_outranks_a_dissimilar_one()
    {
        var goals = new ParticipantGoals { EmploymentForms = [EmploymentForm.Permanent] };
        Assert.Equal([3, 2, 1], Ids(Rank(goals, [Opening(1) with { EmploymentForm = EmploymentForm.Hourly }, Opening(2) with { EmploymentForm = EmploymentForm.Temporary },
            Opening(3) with { EmploymentForm = EmploymentForm.Permanent }])));
    }

    [Fact]
    public void A_start_on_the_wished_date_outranks_a_near_miss_which_outranks_a_far_miss()
    {
        var goals = new ParticipantGoals { EarliestStart = Today.AddDays(60) };
        Assert.Equal([3, 2, 4, 1], Ids(Rank(goals, [Opening(1) with { StartDate = Today }, Opening(2) with { StartDate = Today.AddDays(50) },
            Opening(3) with { StartDate = Today.AddDays(60) }, Opening(4) with { StartDate = Today.AddDays(400) }])));
    }

    // Rule 6: competitive employment first
    [Fact]
    public void Competitive_outranks_subsidised_which_outranks_internship()
    {
        var results = Rank(new ParticipantGoals(), [Opening(1) with { JobType = JobType.Internship }, Opening(2) with { JobType = JobType.Subsidised },
            Opening(3) with { JobType = JobType.Competitive }]);
        Assert.Equal([3, 2, 1], Ids(results));
        Assert.Contains(results[0].Reasons, r => r.Sv == "Ett vanligt jobb på den öppna arbetsmarknaden");
    }

    [Fact]
    public void The_participants_own_job_type_order_comes_first()
    {
        var goals = new ParticipantGoals { JobTypes = [JobType.Internship, JobType.Subsidised, JobType.Competitive] };
        Assert.Equal([3, 2, 1], Ids(Rank(goals, [Opening(1) with { JobType = JobType.Competitive }, Opening(2) with { JobType = JobType.Subsidised },
            Opening(3) with { JobType = JobType.Internship }])));
    }

    // Rule 7: private sector
    [Fact]
    public void A_private_employer_outranks_a_public_one_which_outranks_a_non_profit()
    {
        var results = Rank(new ParticipantGoals(), [Opening(1), Opening(2), Opening(3)],
            [Employer(1, Sector.NonProfit), Employer(2, Sector.Public), Employer(3, Sector.Private)]);
        Assert.Equal([3, 2, 1], Ids(results));
    }

    // Rule 8: known employers
    [Fact]
    public void An_employer_with_recent_face_to_face_contacts_outranks_one_without_and_the_own_coach_counts_more()
    {
        const long ownCoach = 7, otherCoach = 8;
        FaceToFaceContact[] contacts = [new(2, otherCoach, Today.AddDays(-5)), new(3, ownCoach, Today.AddDays(-5), 3)];
        var results = Rank(new ParticipantGoals(), [Opening(1), Opening(2), Opening(3), Opening(4)], contacts: contacts.Append(new(4, otherCoach, Today.AddDays(-5))),
            query: new MatchQuery { Limit = 100, OwnCoachId = ownCoach });
        Assert.Equal([3, 2, 4, 1], Ids(results));
        Assert.Contains(("Privat arbetsgivare som din coach träffat 3 gånger senaste 90 dagarna",
            "Private employer your coach has met 3 times in the last 90 days"), results[0].Reasons.Select(r => (r.Sv, r.En)));
    }

    [Fact]
    public void Own_coach_contacts_outweigh_the_same_contacts_by_another_coach()
    {
        var results = Rank(new ParticipantGoals(), [Opening(1), Opening(2)],
            contacts: [new(1, 8, Today.AddDays(-5)), new(2, 7, Today.AddDays(-5))], query: new MatchQuery { Limit = 10, OwnCoachId = 7 });
        Assert.Equal([2, 1], Ids(results));
    }

    [Fact]
    public void The_effect_of_a_contact_fades_with_its_age()
    {
        var results = Rank(new ParticipantGoals(), [Opening(1), Opening(2), Opening(3)],
            contacts: [new(1, 8, Today.AddDays(-300)), new(2, 8, Today.AddDays(-100)), new(3, 8, Today.AddDays(-2))]);
        Assert.Equal([3, 2, 1], Ids(results));
        Assert.Equal(results.Select(r => Factor(r, "knownEmployer")).OrderDescending(), results.Select(r => Factor(r, "knownEmployer")));
        Assert.True(Factor(results[2], "knownEmployer") > 0);
    }

    // Rule 9: diversity
    [Fact]
    public void No_employer_appears_more_than_twice_in_the_top_ten_when_others_are_available()
    {
        var goals = new ParticipantGoals { DesiredOccupations = ["5223"] };
        var big = Enumerable.Range(1, 12).Select(i => Opening(i, 100)); // best occupation, one employer
        var others = Enumerable.Range(20, 12).Select(i => Opening(i, i, "9111"));
        var results = Rank(goals, big.Concat(others), query: new MatchQuery { Limit = 20 });
        var top = results.Take(10).ToList();
        Assert.Equal(2, top.Count(r => r.Employer.Id == 100));
        Assert.Equal([1, 2], Ids(top).Take(2));
        Assert.Equal([3, 4, 5, 6, 7, 8, 9, 10, 11, 12], Ids(results).Skip(10)); // the rest follow by score
    }

    [Fact]
    public void One_employer_may_fill_the_top_ten_when_no_other_is_available()
    {
        var results = Rank(new ParticipantGoals(), Enumerable.Range(1, 5).Select(i => Opening(i, 100))
            .Append(Opening(9, 200) with { JobType = JobType.Internship }), query: new MatchQuery { Limit = 10 });
        Assert.Equal([1, 2, 9, 3, 4, 5], Ids(results));
    }

    [Fact]
    public void A_smaller_limit_returns_the_start_of_the_same_ranking()
    {
        var (goals, openings, employers, contacts) = Generated(new Random(3), 400, 25);
        var all = Rank(goals, openings, employers, contacts, new MatchQuery { Limit = 60, OwnCoachId = 1 });
        var few = Rank(goals, openings, employers, contacts, new MatchQuery { Limit = 15, OwnCoachId = 1 });
        Assert.Equal(Ids(all).Take(15).ToArray(), Ids(few));
        Assert.All(all.Take(10).GroupBy(r => r.Employer.Id), g => Assert.True(g.Count() <= 2));
    }

    // Rule 10: deterministic
    [Fact]
    public void The_same_data_in_any_order_gives_the_same_ranking_and_ties_break_on_the_opening_id()
    {
        var (goals, openings, employers, contacts) = Generated(new Random(11), 300, 40);
        var first = Ids(Rank(goals, openings, employers, contacts));
        var shuffled = openings.OrderBy(_ => Guid.NewGuid()).ToList();
        Assert.Equal(first, Ids(Rank(goals, shuffled, employers.AsEnumerable().Reverse(), contacts.AsEnumerable().Reverse())));

        var twins = Rank(new ParticipantGoals(), [Opening(9), Opening(3), Opening(5)]);
        Assert.Equal([3, 5, 9], Ids(twins));
    }

    [Fact]
    public void Factor_contributions_add_up_to_the_score_which_lies_between_0_and_100()
    {
        var (goals, openings, employers, contacts) = Generated(new Random(5), 200, 20);
        foreach (var r in Rank(goals, openings, employers, contacts))
        {
            Assert.InRange(r.Score, 0, 100);
            Assert.Equal(r.Score, r.Factors.Sum(f => f.Contribution), 0.5);
            Assert.Equal(Matcher.FactorNames, r.Factors.Select(f => f.Name));
            Assert.All(r.Reasons, x => Assert.True(x.Sv.Length > 0 && x.En.Length > 0));
        }
    }

    // Rule 11: monotonic
    [Fact]
    public void Improving_one_factor_of_an_opening_never_lowers_its_rank()
    {
        var random = new Random(2026);
        var checkedCases = 0;
        for (var round = 0; round < 20; round++)
        {
            var (goals, openings, employers, contacts) = Generated(random, 120, 15);
            goals = goals with { Avoid = new Avoidances(), TravelLimitIsHard = false, JobTypes = [] };
            var query = new MatchQuery { Limit = 200, OwnCoachId = 1 };
            var before = Rank(goals, openings, employers, contacts, query);
            for (var trial = 0; trial < 15; trial++)
            {
                var index = random.Next(openings.Count);
                var original = openings[index];
                var (factor, improved) = Improve(random, original, goals);
                var changed = openings.ToList();
                changed[index] = improved;
                var after = Rank(goals, changed, employers, contacts, query);

                var oldResult = before.Single(r => r.Opening.Id == original.Id);
                var newResult = after.Single(r => r.Opening.Id == original.Id);
                // Only a change that raised this factor and left the others alone is an improvement of one factor.
                if (Factor(newResult, factor) <= Factor(oldResult, factor)) continue;
                if (Matcher.FactorNames.Where(f => f != factor).Any(f => Factor(newResult, f) != Factor(oldResult, f))) continue;

                var oldRank = before.IndexOf(oldResult);
                var newRank = after.IndexOf(newResult);
                Assert.True(newRank <= oldRank, $"improving {factor} of opening {original.Id} moved it from {oldRank} to {newRank}");
                checkedCases++;
            }
        }
        Assert.True(checkedCases > 100, $"{checkedCases} is not > {100}");
    }

    private static (string Factor, CandidateOpening Improved) Improve(Random random, CandidateOpening o, ParticipantGoals goals) =>
        random.Next(7) switch
        {
            0 => ("occupation", o with { SsykCode = goals.DesiredOccupations[random.Next(goals.DesiredOccupations.Count)] }),
            1 => ("place", o with { Location = new GeoPoint((o.Location!.Latitude + Home.Latitude) / 2, (o.Location.Longitude + Home.Longitude) / 2) }),
            2 => ("hours", o with { HoursPerWeek = goals.MinHoursPerWeek }),
            3 => ("schedule", o with { Schedule = goals.Schedules[0] }),
            4 => ("employmentForm", o with { EmploymentForm = goals.EmploymentForms[0] }),
            5 => ("startDate", o with { StartDate = goals.EarliestStart }),
            _ => ("jobType", o with { JobType = JobType.Competitive }),
        };

    private static readonly string[] Codes = ["5223", "5222", "5241", "5120", "9111", "4111", "2512", "5321", "8332", "9412"];

    /// <summary>A random municipality: openings of a few employers each, contacts, and goals.</summary>
    private static (ParticipantGoals, List<CandidateOpening>, List<CandidateEmployer>, List<FaceToFaceContact>) Generated(
        Random random, int openings, int employers)
    {
        var employerList = Enumerable.Range(1, employers).Select(e => Employer(e, (Sector)random.Next(3))).ToList();
        var openingList = Enumerable.Range(1, openings).Select(i => Opening(i, random.Next(1, employers + 1), Codes[random.Next(Codes.Length)]) with
        {
            Location = new GeoPoint(Home.Latitude + random.NextDouble() * 0.6 - 0.3, Home.Longitude + random.NextDouble() * 0.8 - 0.4),
            MunicipalityCode = random.Next(2) == 0 ? "1480" : "1401",
            JobType = (JobType)random.Next(3),
            HoursPerWeek = random.Next(5, 45),
            Schedule = (Schedule)random.Next(4),
            EmploymentForm = (EmploymentForm)random.Next(5),
            StartDate = random.Next(4) == 0 ? null : Today.AddDays(random.Next(0, 200)),
        }).ToList();
        var contacts = Enumerable.Range(0, employers * 2)
            .Select(_ => new FaceToFaceContact(random.Next(1, employers + 1), random.Next(1, 4), Today.AddDays(-random.Next(0, 400)))).ToList();
        var goals = new ParticipantGoals
        {
            DesiredOccupations = ["5223", "9111", "2512"],
            AcceptableMunicipalities = ["1480"],
            HomeLocation = Home,
            MaxTravelKm = 15,
            MinHoursPerWeek = 20,
            MaxHoursPerWeek = 30,
            Schedules = [Schedule.Day],
            EmploymentForms = [EmploymentForm.Permanent],
            EarliestStart = Today.AddDays(30),
        };
        return (goals, openingList, employerList, contacts);
    }
}

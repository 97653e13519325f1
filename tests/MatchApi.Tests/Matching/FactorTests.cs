using System.Reflection;
using MatchApi.Common;
using MatchApi.Employers;
using MatchApi.Matching;
using MatchApi.Openings;
using MatchApi.Participants;

namespace MatchApi.Tests.Matching;

/// <summary>
/// The factor list is the one place a factor is added: each member must have a weight, a value, a
/// bound term that no value exceeds, and reasons; and every table indexed by an enum follows it.
/// </summary>
public sealed class FactorTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly GeoPoint Home = new(57.7089, 11.9746);

    [Fact]
    public void Every_factor_has_a_weight_property_of_its_name_a_positive_default_and_a_documented_reason_to_exist()
    {
        foreach (var factor in Factors.All)
        {
            var property = typeof(MatchWeights).GetProperty(factor.ToString());
            Assert.True(property is not null, $"MatchWeights has no weight for {factor}");
            Assert.Equal(typeof(double), property.PropertyType);
            Assert.True(property.GetCustomAttribute<System.ComponentModel.DescriptionAttribute>() is not null, $"{factor}'s weight has no description");
            Assert.True(MatchWeights.Default[factor] > 0, $"{MatchWeights.Default[factor]} is not > {0}");
            Assert.Equal((double)property.GetValue(MatchWeights.Default)!, MatchWeights.Default[factor]);
        }
        Assert.Equal(100, Factors.All.Sum(f => MatchWeights.Default[f]));
        Assert.Equal(Factors.All.Select(f => char.ToLowerInvariant(f.ToString()[0]) + f.ToString()[1..]), Matcher.FactorNames);
        // The weights without a factor are the contact settings only.
        Assert.Equivalent(new[] { "KnownEmployerHalfLifeDays", "OwnCoachMultiplier" }, typeof(MatchWeights).GetProperties().Where(p => p.PropertyType == typeof(double) && p.GetIndexParameters().Length == 0)
            .Select(p => p.Name).Except(Factors.All.Select(f => f.ToString())), strict: true);
    }

    [Fact]
    public void A_weight_of_each_factor_out_of_range_is_refused_by_name()
    {
        var validator = new MatchWeightsValidator();
        foreach (var factor in Factors.All)
        {
            var weights = (MatchWeights)typeof(MatchWeights).GetMethod("<Clone>$")!.Invoke(MatchWeights.Default, null)!;
            typeof(MatchWeights).GetProperty(factor.ToString())!.SetValue(weights, 101.0);
            Assert.Equal([factor.ToString()], validator.Validate(weights).Errors.Select(e => e.PropertyName));
        }
    }

    [Fact]
    public void Every_factor_has_a_value_and_a_bound_term_and_no_value_exceeds_its_bound()
    {
        var checkedValues = 0;
        for (var seed = 1; seed <= 60; seed++)
        {
            var random = new Random(seed);
            var (set, goals) = World(random);
            foreach (var (id, values, bounds) in Matcher.ValuesAndBounds(goals, set, MatchWeights.Default, new MatchQuery { OwnCoachId = 1 }, Today))
            {
                foreach (var factor in Factors.All)
                {
                    var (value, bound) = (values[(int)factor], bounds[(int)factor]);
                    Assert.False(double.IsNaN(value), $"{factor} has no value for opening {id}");
                    Assert.False(double.IsNaN(bound), $"{factor} has no bound term for opening {id}'s bucket");
                    Assert.InRange(value, 0, 1);
                    Assert.True(value <= bound, $"{factor} of opening {id} exceeds its bucket's bound");
                    checkedValues++;
                }
            }
        }
        Assert.True(checkedValues > 10_000, $"{checkedValues} is not > {10_000}");
    }

    [Fact]
    public void Every_factor_gives_reasons_and_each_reason_names_a_factor()
    {
        var seen = new HashSet<Factor>();
        for (var seed = 1; seed <= 30; seed++)
        {
            var random = new Random(seed);
            var (set, goals) = World(random);
            foreach (var result in Matcher.Match(goals, set, MatchWeights.Default, new MatchQuery { Limit = 100, OwnCoachId = 1 }, Today))
                foreach (var reason in result.Reasons)
                {
                    Assert.True(Enum.IsDefined(reason.Factor));
                    seen.Add(reason.Factor);
                }
        }
        Assert.Equivalent(Factors.All, seen, strict: true);
    }

    [Fact]
    public void Every_lookup_table_has_one_slot_per_value_of_its_enum()
    {
        var (set, goals) = World(new Random(1));
        var tables = Matcher.LookupTables(goals, set);
        Assert.Contains(typeof(Schedule), tables.Select(t => t.Enum));
        Assert.Contains(typeof(Factor), tables.Select(t => t.Enum));
        foreach (var (type, length) in tables)
        {
            var values = Enum.GetValues(type).Cast<object>().Select(Convert.ToInt32).ToArray();
            Assert.True(values.SequenceEqual(Enumerable.Range(0, values.Length)), $"{type.Name} is indexed by value, so its values must be 0..n-1");
            Assert.True(length == values.Length, $"a table indexed by {type.Name}");
        }
        // A bucket summarises schedules as bits after which comes "none given", and job types, forms and sectors as bits: all in a byte.
        Assert.Equal(Enum.GetValues<Schedule>().Length, CandidateBucket.NoSchedule);
        Assert.True((Enum.GetValues<Schedule>().Length + 1) <= 8);
        foreach (var type in new[] { typeof(JobType), typeof(EmploymentForm), typeof(Sector) })
            Assert.True(Enum.GetValues(type).Length <= 8);
        Assert.Equal(Enum.GetValues<Factor>().Length, Factors.Names.Count);
    }

    /// <summary>A small world where every goal is set, so that every factor has something to say.</summary>
    internal static (MatchCandidateSet Set, ParticipantGoals Goals) World(Random random)
    {
        var (openings, employers, contacts, goals) = WorldData(random);
        return (new MatchCandidateSet(openings, employers, contacts), goals);
    }

    internal static (List<CandidateOpening>, List<CandidateEmployer>, List<FaceToFaceContact>, ParticipantGoals) WorldData(Random random)
    {
        string[] codes = ["5223", "5222", "5241", "9111", "2512"];
        string[] texts = ["Djurvårdare", "Butikssäljare till djuraffär", "Trädgårdsarbetare", "Lagerarbetare", "Kock"];
        var employers = Enumerable.Range(1, 12).Select(e => new CandidateEmployer
        {
            Id = e, Name = $"E{e}", Sector = (Sector)random.Next(3), SniCode = e % 3 == 0 ? "01110" : "47111",
            Location = new GeoPoint(Home.Latitude + random.NextDouble() * 0.4 - 0.2, Home.Longitude + random.NextDouble() * 0.6 - 0.3),
        }).ToList();
        var openings = Enumerable.Range(1, 150).Select(i => new CandidateOpening
        {
            Id = i, EmployerId = random.Next(1, 13), Title = texts[random.Next(texts.Length)], Description = random.Next(3) == 0 ? "Vi har djur" : null,
            SsykCode = codes[random.Next(codes.Length)], MunicipalityCode = random.Next(2) == 0 ? "1480" : "1401",
            Location = random.Next(6) == 0 ? null : new GeoPoint(Home.Latitude + random.NextDouble() * 0.6 - 0.3, Home.Longitude + random.NextDouble() * 0.8 - 0.4),
            JobType = (JobType)random.Next(3), HoursPerWeek = random.Next(5) == 0 ? null : random.Next(5, 45),
            Schedule = random.Next(5) == 0 ? null : (Schedule)random.Next(4), EmploymentForm = (EmploymentForm)random.Next(5),
            StartDate = random.Next(4) == 0 ? null : Today.AddDays(random.Next(0, 200)),
        }).ToList();
        var contacts = Enumerable.Range(0, 40).Select(_ => new FaceToFaceContact(random.Next(1, 13), random.Next(1, 3), Today.AddDays(-random.Next(-20, 200)))).ToList();
        var goals = new ParticipantGoals
        {
            DesiredOccupations = ["5223", "9111"], AcceptableMunicipalities = ["1480"], HomeLocation = Home, MaxTravelKm = 15,
            MinHoursPerWeek = 20, MaxHoursPerWeek = 30, Schedules = [Schedule.Day], EmploymentForms = [EmploymentForm.Permanent],
            EarliestStart = Today.AddDays(30), Interests = ["djur"], PreferredEmployerIds = [2], PreferredIndustries = ["01"],
        };
        return (openings, employers, contacts, goals);
    }
}

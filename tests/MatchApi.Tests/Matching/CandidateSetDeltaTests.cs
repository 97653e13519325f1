using MatchApi.Common;
using MatchApi.Employers;
using MatchApi.Matching;
using MatchApi.Openings;
using MatchApi.Participants;

namespace MatchApi.Tests.Matching;

/// <summary>
/// The candidate store applies a write to the packed set with <see cref="MatchCandidateSet.With"/> instead of packing
/// every record again. After any sequence of random changes (openings added, edited and closed, employers added or
/// changed in sector, activity and place, contacts logged and withdrawn) the set must equal, in everything the matcher
/// reads and in every match, the set packed from scratch from the same records; and the set it came from must not change.
/// </summary>
public sealed class CandidateSetDeltaTests
{
    private static readonly DateOnly Today = new(2026, 11, 23);
    private static readonly GeoPoint Home = new(57.7089, 11.9746);
    private static readonly string[] Codes = ["5223", "5222", "5221", "5241", "9111", "2512", "522", "52", "1", "x"];
    private static readonly string[] Municipalities = ["1480", "1401", "0180"];
    private static readonly string[] Texts = ["Djurvårdare", "Djursjukhus söker", "Trädgårdsarbetare", "Lager och truck", "Kock i kök",
        "Trädgård och djur", "Städ", "Bilmekaniker sökes"];
    private static readonly string[] Interests = ["djur", "trädgård", "kök", "lager truck", "bil", "sökes"];

    [Fact]
    public void A_set_with_random_changes_applied_equals_the_set_packed_from_scratch_and_matches_alike()
    {
        var compared = 0;
        for (var seed = 1; seed <= 120; seed++)
        {
            var random = new Random(seed);
            var model = new Model();
            var employerCount = random.Next(1, 25);
            for (var e = 1; e <= employerCount; e++) model.Employers[e] = Employer(random, e);
            for (var i = 0; i < random.Next(0, 250); i++) model.Put(Opening(random, model.NextId++, employerCount));
            for (var i = 0; i < random.Next(0, employerCount * 3); i++) model.Log(Contact(random, random.Next(1, employerCount + 1)));
            var set = model.Pack();
            for (var step = 0; step < 12; step++)
            {
                var before = Contents(set);
                var next = set.With(Change(random, model, out var removed, out var employers, out var contacts), removed, employers, contacts);
                Assert.Equal(before, Contents(set));
                var fresh = model.Pack();
                Assert.Equal(Contents(fresh), Contents(next));
                for (var round = 0; round < 3; round++)
                {
                    var goals = Goals(random);
                    var query = new MatchQuery { Limit = random.Next(1, 40), OwnCoachId = random.Next(3) == 0 ? null : random.Next(1, 4) };
                    AssertSameResults(Matcher.Match(goals, fresh, MatchWeights.Default, query, Today),
                        Matcher.Match(goals, next, MatchWeights.Default, query, Today), $"seed {seed}, step {step}, round {round}");
                    compared++;
                }
                set = next;
            }
        }
        Assert.True(compared > 1000);
    }

    [Fact]
    public void A_set_with_nothing_changed_shares_the_packed_arrays()
    {
        var random = new Random(5);
        var model = new Model();
        for (var e = 1; e <= 5; e++) model.Employers[e] = Employer(random, e);
        for (var i = 0; i < 50; i++) model.Put(Opening(random, model.NextId++, 5));
        var set = model.Pack();
        var same = set.With([], [], [], new Dictionary<long, IReadOnlyList<FaceToFaceContact>>());
        Assert.Same(set.Items, same.Items);
        Assert.Same(set.Columns, same.Columns);
        Assert.Same(set.Buckets, same.Buckets);
        Assert.Same(set.WordIndex, same.WordIndex);
        Assert.Same(set.Contacts, same.Contacts);
        // A contact changes the contacts and the buckets' summaries, not the openings.
        var contacted = set.With([], [], [], new Dictionary<long, IReadOnlyList<FaceToFaceContact>> { [2] = [new FaceToFaceContact(2, 1, Today)] });
        Assert.Same(set.Items, contacted.Items);
        Assert.Same(set.WordIndex, contacted.WordIndex);
        Assert.NotSame(set.Contacts, contacted.Contacts);
    }

    /// <summary>One random change set, applied to the model; returns the changed openings as the store passes them.</summary>
    private static List<CandidateOpening> Change(Random random, Model model, out List<long> removed, out List<CandidateEmployer> employers,
        out Dictionary<long, IReadOnlyList<FaceToFaceContact>> contacts)
    {
        var openings = new Dictionary<long, CandidateOpening>();
        removed = [];
        var changedEmployers = new Dictionary<long, CandidateEmployer>();
        contacts = [];
        var ids = model.Openings.Keys.ToList();
        for (var n = random.Next(1, random.Next(3) == 0 ? 30 : 4); n > 0; n--)
        {
            switch (random.Next(9))
            {
                case 0 or 1: // a new opening, sometimes of an employer the set does not know yet
                    var employerId = random.Next(1, model.Employers.Count + (random.Next(6) == 0 ? 2 : 1));
                    var added = Opening(random, model.NextId++, model.Employers.Count + 1) with { EmployerId = employerId };
                    model.Put(added);
                    openings[added.Id] = added;
                    break;
                case 2 or 3 when ids.Count > 0: // an edit: anything but the id, the employer too
                    var id = ids[random.Next(ids.Count)];
                    if (!model.Openings.ContainsKey(id)) break;
                    var edited = Opening(random, id, model.Employers.Count) with
                    {
                        EmployerId = random.Next(2) == 0 ? model.Openings[id].EmployerId : random.Next(1, model.Employers.Count + 1),
                        SsykCode = random.Next(2) == 0 ? model.Openings[id].SsykCode : Codes[random.Next(Codes.Length)],
                    };
                    model.Put(edited);
                    openings[id] = edited;
                    removed.Remove(id);
                    break;
                case 4 when ids.Count > 0: // closed, filled or expired: it leaves
                    var gone = ids[random.Next(ids.Count)];
                    if (!model.Openings.Remove(gone)) break;
                    openings.Remove(gone);
                    removed.Add(gone);
                    break;
                case 5: // sector, activity or place of an employer, or a new employer
                    var e = random.Next(4) == 0 ? model.Employers.Count + 1 : random.Next(1, model.Employers.Count + 1);
                    var employer = Employer(random, e);
                    if (model.Employers.TryGetValue(e, out var old) && random.Next(2) == 0) employer = employer with { Location = old.Location };
                    // Openings left out for want of their employer come with it, as the store reads both (stamped by one write).
                    if (!model.Employers.ContainsKey(e))
                        foreach (var waiting in model.Openings.Values.Where(o => o.EmployerId == e)) openings[waiting.Id] = waiting;
                    model.Employers[e] = changedEmployers[e] = employer;
                    break;
                case 6 or 7: // a contact logged
                    var logged = Contact(random, random.Next(1, model.Employers.Count + 1));
                    model.Log(logged);
                    contacts[logged.EmployerId] = model.Contacts[logged.EmployerId].ToList();
                    break;
                default: // a contact withdrawn
                    var of = random.Next(1, model.Employers.Count + 1);
                    if (!model.Contacts.TryGetValue(of, out var list) || list.Count == 0) break;
                    list.RemoveAt(random.Next(list.Count));
                    contacts[of] = list.ToList();
                    break;
            }
        }
        employers = changedEmployers.Values.ToList();
        return openings.Values.ToList();
    }

    /// <summary>The records as the store keeps them: employers in the order first seen, contacts in the order logged.</summary>
    private sealed class Model
    {
        public readonly Dictionary<long, CandidateOpening> Openings = [];
        public readonly Dictionary<long, CandidateEmployer> Employers = [];
        public readonly Dictionary<long, List<FaceToFaceContact>> Contacts = [];
        public long NextId = 1;

        public void Put(CandidateOpening o) => Openings[o.Id] = o;

        public void Log(FaceToFaceContact c)
        {
            if (!Contacts.TryGetValue(c.EmployerId, out var list)) Contacts[c.EmployerId] = list = [];
            list.Add(c);
        }

        public MatchCandidateSet Pack() => new(Openings.Values, Employers.Values, Contacts.Values.SelectMany(c => c));
    }

    /// <summary>Everything the matcher reads, with employers by id rather than by index.</summary>
    private static string Contents(MatchCandidateSet set)
    {
        var lines = new List<string>();
        for (var i = 0; i < set.Items.Length; i++)
        {
            var o = set.Items[i];
            var employerId = set.Employers[o.Employer].Id;
            o.Employer = 0;
            lines.Add($"item {i}: {o.Id} {o.Lat} {o.Lon} {o.CosLat} {o.Hours} e{employerId} {o.Ssyk}/{o.SsykLength} {o.Municipality} {o.StartDay} "
                + $"{o.ExpiresDay} {o.JobType} {o.Form} {o.Schedule} {o.Remote} {o.Open} | {set.Openings[i]} | bucket {set.ItemBucket[i]}");
            var c = set.Columns;
            // Slots are numbered in order of first use, so the values they stand for are compared, not the numbers.
            lines.Add($"columns {i}: {c.ShownUntil[i]} e{set.Employers[c.Employer[i]].Id} {c.StartDays[c.StartSlot[i]]} {c.Municipalities[c.MunicipalitySlot[i]]} "
                + $"{c.HoursValues[c.HoursSlot[i]]} {CandidateColumns.KindParts(c.Kind[i])} {c.Lat[i]} {c.Lon[i]} {c.CosLat[i]} {c.Remote[i]}");
        }
        var columns = set.Columns;
        Assert.All(new[] { columns.ShownUntil.Length, columns.Employer.Length, columns.StartSlot.Length, columns.MunicipalitySlot.Length,
            columns.HoursSlot.Length, columns.Lat.Length, columns.Lon.Length, columns.CosLat.Length, columns.Kind.Length,
            columns.Remote.Length }, length => Assert.Equal(set.Items.Length, length));
        foreach (var b in set.Buckets) lines.Add($"bucket {b.Index}: {b.Start}..{b.End} runs {b.FirstRun}..{b.EndRun} {b.Ssyk}/{b.SsykLength}");
        lines.Add($"runs {string.Join(' ', columns.RunStart)}");
        var employers = set.Employers.Select((e, k) => (e, k)).OrderBy(x => x.e.Id);
        foreach (var (e, k) in employers)
            lines.Add($"employer {e} sector {set.EmployerSector[k]} contacts "
                + string.Join(",", set.Contacts[set.ContactStart[k]..set.ContactStart[k + 1]]));
        Assert.Equal(set.Contacts.Length, set.ContactStart[^1]);
        foreach (var (word, openings) in set.WordIndex.Entries()) lines.Add($"word {word}: {string.Join(",", openings)}");
        return string.Join("\n", lines);
    }

    private static void AssertSameResults(IReadOnlyList<MatchResult> expected, IReadOnlyList<MatchResult> actual, string what)
    {
        Assert.True(expected.Select(r => r.Opening).SequenceEqual(actual.Select(r => r.Opening)), what);
        Assert.True(expected.Select(r => r.Employer).SequenceEqual(actual.Select(r => r.Employer)), what);
        Assert.True(expected.Select(r => r.Score).SequenceEqual(actual.Select(r => r.Score)), what);
        Assert.True(expected.SelectMany(r => r.Factors).SequenceEqual(actual.SelectMany(r => r.Factors)), what);
        Assert.True(expected.SelectMany(r => r.Reasons).SequenceEqual(actual.SelectMany(r => r.Reasons)), what);
        Assert.True(expected.Select(r => r.LiftedByDiversity).SequenceEqual(actual.Select(r => r.LiftedByDiversity)), what);
    }

    private static CandidateEmployer Employer(Random random, long id) => new()
    {
        Id = id, Name = $"E{id}", Sector = (Sector)random.Next(3), SniCode = random.Next(3) == 0 ? null : "47111",
        Location = random.Next(4) == 0 ? null : Spot(random), Active = random.Next(6) != 0,
    };

    private static CandidateOpening Opening(Random random, long id, int employerCount) => new()
    {
        Id = id, EmployerId = random.Next(1, employerCount + 1),
        Title = random.Next(3) == 0 ? $"Jobb {id}" : Texts[random.Next(Texts.Length)],
        Description = random.Next(2) == 0 ? Texts[random.Next(Texts.Length)] + " " + Texts[random.Next(Texts.Length)] : null,
        SsykCode = Codes[random.Next(Codes.Length)], MunicipalityCode = Municipalities[random.Next(Municipalities.Length)],
        Location = random.Next(3) == 0 ? null : Spot(random), Remote = random.Next(6) == 0, JobType = (JobType)random.Next(3),
        HoursPerWeek = random.Next(4) == 0 ? null : 10 * random.Next(1, 5), Schedule = random.Next(4) == 0 ? null : (Schedule)random.Next(4),
        EmploymentForm = (EmploymentForm)random.Next(5), StartDate = random.Next(3) == 0 ? null : Today.AddDays(15 * random.Next(-2, 8)),
        ExpiresOn = random.Next(4) == 0 ? Today.AddDays(random.Next(0, 30)) : null, Version = random.Next(1, 9),
    };

    private static FaceToFaceContact Contact(Random random, long employerId) =>
        new(employerId, random.Next(1, 4), Today.AddDays(-random.Next(-3, 400)), random.Next(0, 3));

    private static GeoPoint Spot(Random random) =>
        new(Home.Latitude + 0.05 * random.Next(-3, 4), Home.Longitude + 0.08 * random.Next(-3, 4));

    private static ParticipantGoals Goals(Random random) => new()
    {
        DesiredOccupations = random.Next(4) == 0 ? [] : [Codes[random.Next(Codes.Length - 1)], Codes[random.Next(Codes.Length - 1)]],
        HomeLocation = random.Next(4) == 0 ? null : Spot(random),
        MaxTravelKm = random.Next(3) == 0 ? null : random.Next(1, 40),
        MinHoursPerWeek = random.Next(2) == 0 ? null : 20,
        Schedules = random.Next(2) == 0 ? [] : [(Schedule)random.Next(4)],
        EarliestStart = random.Next(2) == 0 ? null : Today.AddDays(30),
        Interests = random.Next(2) == 0 ? [] : [Interests[random.Next(Interests.Length)]],
        PreferredEmployerIds = random.Next(4) == 0 ? [random.Next(1, 10)] : [],
        Avoid = new Avoidances { EmployerIds = random.Next(4) == 0 ? [random.Next(1, 10)] : [] },
    };
}

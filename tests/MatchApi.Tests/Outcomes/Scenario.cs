using MatchApi.Employers;
using MatchApi.Openings;
using MatchApi.Placements;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Outcomes;

/// <summary>
/// A quarter of an IPS unit with known data, for checking every number of both reports by hand.
/// The period is 2025-01-01 to 2025-03-25: 84 days, exactly 12 weeks. Sweden is on UTC+1 all of it.
///
/// Participants (coach, enrolled, what they started; * = in the period):
///   Anna    a1 2024-10-01 competitive* 01-10 at E1 (opening, SSYK 5223 taken from it)
///           a2 2024-12-20 competitive* 02-01 at E1 5223
///           a3 2025-01-01 subsidised*  01-20 at E3 9111 (lönebidrag)
///           a4 2024-11-15 internship*  03-01 at E2 4321
///           a5 2025-02-01 education*   02-10 at E4
///           a6 2024-09-01 competitive 2024-11-01 at E2; exited 2025-01-01 (on from: still served)
///           a7 2024-06-01 exited 2024-12-31 (not served); competitive 01-05 at E2 must not count
///   Bertil  b1 2024-12-01 competitive* 01-01 (on from) at E2 5120
///           b2 2025-01-15 competitive* 03-25 (on to) at E5 9412
///           b3 2025-03-25 (enrolled on to) competitive 03-26 (day after) at E5
///           b4 2025-01-20 subsidised* 02-15 at E3 5321 (nystartsjobb), competitive* 03-10 at E1 5223
///           b5 2024-08-01 competitive 2024-12-31 (day before) at E1
///           b6 2025-03-26 (enrolled the day after: not served)
///   Cecilia c1 2025-01-05 competitive* 02-20 at E3 5330
///           c2 2024-11-01 internship* 01-15 at E4 9111, education* 03-01 at E4
///   Dagny   no participants, no contacts: appears nowhere.
/// Employers: E1, E2, E5 private; E3 public; E4 non-profit.
/// Face-to-face contacts in the period: Anna 72, Bertil 48, Cecilia 24 (6, 4 and 2 a week), at E1, E2, E3 (many) and E4 (once).
/// Desired occupations: a2 5223, a3 91, b1 4, c1 2512 (fits none of E3's occupations). Anna calls E1 about a2 on 02-02 and 02-20.
/// Another tenant has its own busy unit in the same period; none of it may show.
/// </summary>
public sealed class Scenario
{
    public static readonly DateOnly From = new(2025, 1, 1);
    public static readonly DateOnly To = new(2025, 3, 25);
    public const string Query = "from=2025-01-01&to=2025-03-25";

    public required TenantClient Tenant { get; init; }
    public required long Anna { get; init; }
    public required long Bertil { get; init; }
    public required long Cecilia { get; init; }
    public required long OtherTenantCoach { get; init; }
    public required IReadOnlyList<string> ExternalRefs { get; init; }

    public static async Task<Scenario> BuildAsync(MatchApiFactory api)
    {
        var otherCoach = await BuildOtherTenantAsync(api);

        var tenant = await api.NewTenantAsync();
        var d = new OutcomesData(tenant);
        var anna = await d.CoachAsync("Anna Lindqvist");
        var bertil = await d.CoachAsync("Bertil Ek");
        var cecilia = await d.CoachAsync("Cecilia Holm");
        await d.CoachAsync("Dagny Berg");

        var e1 = await d.EmployerAsync(Sector.Private, "Bergs Bygg AB");
        var e2 = await d.EmployerAsync(Sector.Private, "Kocks Café AB");
        var e3 = await d.EmployerAsync(Sector.Public, "Göteborgs Stad Park och natur");
        var e4 = await d.EmployerAsync(Sector.NonProfit, "Stadsmissionen");
        var e5 = await d.EmployerAsync(Sector.Private, "Hamnens Restaurang AB");
        var o1 = await d.OpeningAsync(e1, "5223");

        var refs = new List<string>();
        async Task<long> Participant(long coach, DateOnly enrolled)
        {
            var externalRef = $"SCENARIO-{Guid.NewGuid():N}";
            refs.Add(externalRef);
            return await d.ParticipantAsync(coach, enrolled, externalRef: externalRef);
        }

        var a1 = await Participant(anna, new(2024, 10, 1));
        var a2 = await Participant(anna, new(2024, 12, 20));
        var a3 = await Participant(anna, new(2025, 1, 1));
        var a4 = await Participant(anna, new(2024, 11, 15));
        var a5 = await Participant(anna, new(2025, 2, 1));
        var a6 = await Participant(anna, new(2024, 9, 1));
        var a7 = await Participant(anna, new(2024, 6, 1));
        var b1 = await Participant(bertil, new(2024, 12, 1));
        var b2 = await Participant(bertil, new(2025, 1, 15));
        var b3 = await Participant(bertil, new(2025, 3, 25));
        var b4 = await Participant(bertil, new(2025, 1, 20));
        var b5 = await Participant(bertil, new(2024, 8, 1));
        await Participant(bertil, new(2025, 3, 26));
        var c1 = await Participant(cecilia, new(2025, 1, 5));
        var c2 = await Participant(cecilia, new(2024, 11, 1));

        await d.PlaceAsync(a1, e1, PlacementKind.Competitive, new(2025, 1, 10), ssyk: null, openingId: o1);
        await d.PlaceAsync(a2, e1, PlacementKind.Competitive, new(2025, 2, 1), "5223");
        await d.PlaceAsync(a3, e3, PlacementKind.Subsidised, new(2025, 1, 20), "9111", SubsidyType.Lonebidrag);
        await d.PlaceAsync(a4, e2, PlacementKind.Internship, new(2025, 3, 1), "4321");
        await d.PlaceAsync(a5, e4, PlacementKind.Education, new(2025, 2, 10), ssyk: null);
        await d.PlaceAsync(a6, e2, PlacementKind.Competitive, new(2024, 11, 1), "5120");
        await d.PlaceAsync(a7, e2, PlacementKind.Competitive, new(2025, 1, 5), "5120");
        await d.PlaceAsync(b1, e2, PlacementKind.Competitive, new(2025, 1, 1), "5120");
        await d.PlaceAsync(b2, e5, PlacementKind.Competitive, new(2025, 3, 25), "9412");
        await d.PlaceAsync(b3, e5, PlacementKind.Competitive, new(2025, 3, 26), "5223");
        await d.PlaceAsync(b4, e3, PlacementKind.Subsidised, new(2025, 2, 15), "5321", SubsidyType.Nystartsjobb);
        await d.PlaceAsync(b4, e1, PlacementKind.Competitive, new(2025, 3, 10), "5223");
        await d.PlaceAsync(b5, e1, PlacementKind.Competitive, new(2024, 12, 31), "4321");
        await d.PlaceAsync(c1, e3, PlacementKind.Competitive, new(2025, 2, 20), "5330");
        await d.PlaceAsync(c2, e4, PlacementKind.Internship, new(2025, 1, 15), "9111");
        await d.PlaceAsync(c2, e4, PlacementKind.Education, new(2025, 3, 1), ssyk: null);

        await d.ExitAsync(a6, new(2025, 1, 1));
        await d.ExitAsync(a7, new(2024, 12, 31), ExitReason.Moved);

        // Contacts about participants: their first ones give the medians and rapid job search.
        await d.ContactAsync(anna, e1, ContactKind.Phone, Utc(2024, 10, 21, 10, 0), a1);
        await d.ContactAsync(anna, e1, ContactKind.FaceToFace, Utc(2025, 1, 5, 10, 0), a2);
        await d.ContactAsync(anna, e3, ContactKind.Email, Utc(2025, 1, 31, 10, 0), a3);
        await d.ContactAsync(anna, e3, ContactKind.FaceToFace, Utc(2025, 2, 15, 10, 0), a3);
        await d.ContactAsync(anna, e4, ContactKind.FaceToFace, Utc(2025, 2, 20, 10, 0), a5);
        await d.ContactAsync(bertil, e2, ContactKind.FaceToFace, Utc(2025, 1, 10, 10, 0), b1);
        await d.ContactAsync(bertil, e3, ContactKind.FaceToFace, Utc(2025, 2, 1, 10, 0), b4);
        // 00:30 on 26 March in Sweden: after the period, though still 25 March in UTC.
        await d.ContactAsync(bertil, e5, ContactKind.FaceToFace, Utc(2025, 3, 25, 23, 30), b2);
        await d.ContactAsync(cecilia, e3, ContactKind.FaceToFace, Utc(2025, 1, 20, 10, 0), c1);
        await d.ContactAsync(cecilia, e3, ContactKind.Phone, Utc(2025, 3, 25, 10, 0), c1);
        // Follow-along: a2 started at E1 on 1 February; her coach called E1 about her the next day and again on day 19.
        await d.ContactAsync(anna, e1, ContactKind.Phone, Utc(2025, 2, 2, 10, 0), a2);
        await d.ContactAsync(anna, e1, ContactKind.Phone, Utc(2025, 2, 20, 10, 0), a2);

        // Desired occupations, for individualized job search: E1 has had 5223, E2 4321 and 5120, E3 9111, 5321 and 5330.
        await d.GoalsAsync(a2, "5223");
        await d.GoalsAsync(a3, "91");
        await d.GoalsAsync(b1, "4");
        await d.GoalsAsync(c1, "2512");

        // Job development without a participant: 00:30 on 1 January in Sweden counts, 23:30 on 31 December does not.
        await d.ContactAsync(anna, e1, ContactKind.FaceToFace, Utc(2024, 12, 31, 23, 30));
        await d.ContactAsync(anna, e1, ContactKind.FaceToFace, Utc(2024, 12, 31, 22, 30));
        await d.ContactsAsync(anna, e1, ContactKind.FaceToFace, 68, new(2025, 1, 2));
        await d.ContactsAsync(bertil, e2, ContactKind.FaceToFace, 46, new(2025, 1, 2));
        await d.ContactsAsync(bertil, e2, ContactKind.Phone, 5, new(2025, 1, 2));
        await d.ContactsAsync(cecilia, e3, ContactKind.FaceToFace, 23, new(2025, 1, 2));
        await d.ContactsAsync(cecilia, e3, ContactKind.FaceToFace, 4, new(2025, 3, 26));

        return new Scenario { Tenant = tenant, Anna = anna, Bertil = bertil, Cecilia = cecilia, OtherTenantCoach = otherCoach, ExternalRefs = refs };
    }

    /// <summary>Another organisation with more, and better, results in the same period.</summary>
    private static async Task<long> BuildOtherTenantAsync(MatchApiFactory api)
    {
        var d = new OutcomesData(await api.NewTenantAsync());
        var coach = await d.CoachAsync("Anna Lindqvist");
        var employer = await d.EmployerAsync(Sector.Private);
        for (var i = 0; i < 6; i++)
        {
            var p = await d.ParticipantAsync(coach, new(2025, 1, 2));
            await d.PlaceAsync(p, employer, PlacementKind.Competitive, new(2025, 2, 1 + i), "2512");
            await d.ContactAsync(coach, employer, ContactKind.FaceToFace, Utc(2025, 1, 3, 10, 0), p);
        }
        await d.ContactsAsync(coach, employer, ContactKind.FaceToFace, 30, new(2025, 1, 2));
        return coach;
    }

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);
}

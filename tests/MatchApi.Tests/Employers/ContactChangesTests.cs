using System.Net;
using System.Text.Json.Nodes;
using MatchApi.Common;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;
using MatchApi.Tests.Security;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace MatchApi.Tests.Employers;

/// <summary>A second tap is not a second meeting; a mis-tap can be corrected or withdrawn for a day; a withdrawn contact counts nowhere.</summary>
public abstract class ContactChangesTests(MatchApiFactory api)
{
    private sealed record Setup(TenantClient Tenant, long EmployerId, long CoachId, long ParticipantId);

    private async Task<Setup> NewSetupAsync()
    {
        var tenant = await api.NewTenantAsync();
        var employerId = await tenant.Http.CreateAsync("/v1/employers", new { name = "Café Hisingen", municipalityCode = "1480" });
        var coachId = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Anna Lindqvist" });
        var participantId = await tenant.Http.CreateAsync("/v1/participants", new
        {
            externalRef = $"IPS-{Guid.NewGuid():N}"[..20].Replace('0', 'x'), coachId,
            enrolmentDate = SwedishTime.DateOf(DateTimeOffset.UtcNow).AddDays(-40),
        });
        return new Setup(tenant, employerId, coachId, participantId);
    }

    private static object Meeting(long coachId, long? participantId, DateTimeOffset at, string kind = "faceToFace", string? note = null) =>
        new { coachId, participantId, contactedAt = at, kind, note };

    private static DateTimeOffset Earlier(int hours) => DateTimeOffset.UtcNow.AddHours(-hours);

    [Fact]
    public async Task The_same_contact_within_ten_minutes_is_answered_with_the_stored_one()
    {
        var (tenant, employerId, coachId, participantId) = await NewSetupAsync();
        var at = Earlier(2);
        var first = await tenant.Http.PostJsonAsync($"/v1/employers/{employerId}/contacts", Meeting(coachId, participantId, at));
        var created = await first.ReadJsonAsync(HttpStatusCode.Created);

        var again = await tenant.Http.PostJsonAsync($"/v1/employers/{employerId}/contacts", Meeting(coachId, participantId, at.AddMinutes(9)));
        var same = await again.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((long)created["id"]!, (long)same["id"]!);
        Assert.Equal(first.Headers.Location, again.Headers.Location);

        // Another kind, another participant or a time more than ten minutes away is another contact.
        await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Meeting(coachId, participantId, at, "phone"));
        await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Meeting(coachId, null, at));
        await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Meeting(coachId, participantId, at.AddMinutes(11)));

        var list = await (await tenant.Http.GetAsync($"/v1/participants/{participantId}/contacts")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, (long)list["total"]!);
    }

    [Fact]
    public async Task Participant_contacts_list_only_that_participants_contacts_newest_first()
    {
        var (tenant, employerId, coachId, participantId) = await NewSetupAsync();
        var other = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "IPS-other-a", coachId, enrolmentDate = "2025-01-02" });
        var older = await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Meeting(coachId, participantId, Earlier(48)));
        var newer = await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Meeting(coachId, participantId, Earlier(1), "phone"));
        await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Meeting(coachId, other, Earlier(1)));

        var list = await (await tenant.Http.GetAsync($"/v1/participants/{participantId}/contacts")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([newer, older], list["items"]!.AsArray().Select(c => (long)c!["id"]!));
        Assert.Equal("Café Hisingen", (string)list["items"]![0]!["employerName"]!);

        var otherTenant = await api.NewTenantAsync();
        await (await otherTenant.Http.GetAsync($"/v1/participants/{participantId}/contacts")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Http.GetAsync($"/v1/participants/{participantId}/contacts?pageSize=0")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Whoever_logged_a_contact_can_correct_it_and_the_correction_is_audited()
    {
        var (tenant, employerId, coachId, participantId) = await NewSetupAsync();
        var url = $"/v1/employers/{employerId}/contacts/" +
            await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Meeting(coachId, participantId, Earlier(1), "phone"));
        var fetched = await (await tenant.Http.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.NotNull(fetched["changeableUntil"]);

        var corrected = await (await tenant.Http.PutJsonAsync(url, Meeting(coachId, participantId, Earlier(1), "faceToFace", "Träffade chefen")))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("faceToFace", (string)corrected["kind"]!);
        Assert.Equal("Träffade chefen", (string)corrected["note"]!);
        Assert.NotNull(corrected["correctedAt"]);

        var audit = await (await tenant.Http.GetAsync($"/v1/participants/{participantId}/audit")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(audit["items"]!.AsArray(), e => (string)e!["action"]! == "update" && (string)e["resource"]! == "contacts");
    }

    [Fact]
    public async Task A_withdrawn_contact_counts_nowhere()
    {
        var (tenant, employerId, coachId, participantId) = await NewSetupAsync();
        var id = await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Meeting(coachId, participantId, Earlier(3)));
        var url = $"/v1/employers/{employerId}/contacts/{id}";

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Http.DeleteAsync(url)).StatusCode);

        var fetched = await (await tenant.Http.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.NotNull(fetched["withdrawnAt"]);
        Assert.Null(fetched["changeableUntil"]);
        foreach (var list in new[] { $"/v1/participants/{participantId}/contacts", $"/v1/employers/{employerId}/contacts", $"/v1/coaches/{coachId}/contacts" })
            Assert.Equal(0, (long)(await (await tenant.Http.GetAsync(list)).ReadJsonAsync(HttpStatusCode.OK))["total"]!);
        var caseload = await (await tenant.Http.GetAsync($"/v1/coaches/{coachId}/caseload")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Null(caseload["participants"]![0]!["lastEmployerContactAt"]);

        // Withdrawn once is withdrawn: a second DELETE or a correction finds nothing to change.
        await (await tenant.Http.DeleteAsync(url)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Http.PutJsonAsync(url, Meeting(coachId, participantId, Earlier(3)))).ReadProblemAsync(HttpStatusCode.NotFound);
        // And logging the meeting again is a new contact, not the withdrawn one.
        var again = await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Meeting(coachId, participantId, Earlier(3)));
        Assert.NotEqual(id, again);
    }

    [Fact]
    public async Task Only_whoever_logged_a_contact_may_change_it()
    {
        var (tenant, employerId, coachId, participantId) = await NewSetupAsync();
        var url = $"/v1/employers/{employerId}/contacts/" +
            await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Meeting(coachId, participantId, Earlier(1)));
        var colleague = await tenant.WithScopesAsync(Scopes.EmployersRead, Scopes.EmployersWrite);

        Assert.Null((await (await colleague.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK))["changeableUntil"]);
        await (await colleague.DeleteAsync(url)).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await colleague.PutJsonAsync(url, Meeting(coachId, participantId, Earlier(1), "email"))).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal("faceToFace", (string)(await (await tenant.Http.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK))["kind"]!);
    }

    [Fact]
    public async Task After_twenty_four_hours_a_contact_is_part_of_the_record()
    {
        var (tenant, employerId, coachId, participantId) = await NewSetupAsync();
        var clock = new TestClock(DateTimeOffset.UtcNow);
        await using var app = api.WithSettings([], b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var (client, _) = await app.KeyClientAsync(api, tenant.TenantId);
        var url = $"/v1/employers/{employerId}/contacts/" +
            await client.CreateAsync($"/v1/employers/{employerId}/contacts", Meeting(coachId, participantId, Earlier(1)));

        clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(HttpStatusCode.OK, (await client.PutJsonAsync(url, Meeting(coachId, participantId, Earlier(1), "phone"))).StatusCode);
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        await (await client.DeleteAsync(url)).ReadProblemAsync(HttpStatusCode.Conflict);
        await (await client.PutJsonAsync(url, Meeting(coachId, participantId, Earlier(1)))).ReadProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_correction_is_validated_like_a_new_contact()
    {
        var (tenant, employerId, coachId, participantId) = await NewSetupAsync();
        var url = $"/v1/employers/{employerId}/contacts/" +
            await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Meeting(coachId, participantId, Earlier(1)));
        var errors = await (await tenant.Http.PutJsonAsync(url, Meeting(coachId, participantId, Earlier(1), note: "Personnr 850709-9805")))
            .ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("note"));
        var unknown = await (await tenant.Http.PutJsonAsync(url, Meeting(999999999, participantId, Earlier(1)))).ReadValidationErrorsAsync();
        Assert.True(unknown.ContainsKey("coachId"));
        Assert.Null((await (await tenant.Http.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK))["note"]);
    }
}

/// <summary>Reports, caseload and matching count contacts through one condition; a new query that forgets it fails here.</summary>
public sealed class CountedContactsTests
{
    // The look-up of one contact by id, which shows a withdrawn one as withdrawn; and the employers whose contacts
    // changed since a candidate snapshot, where a withdrawal is the change (their counted contacts are read again).
    private static readonly HashSet<string> Exempt =
        ["MatchApi.Employers.ContactsApi+Sqls.Get", "MatchApi.Matching.CandidateStore+Sqls.ChangedContactEmployers"];

    [Fact]
    public void Every_query_that_reads_employer_contacts_leaves_withdrawn_ones_out()
    {
        var reading = SqlSources.Statements()
            .Where(s => s.Sql.Sqlite.Contains("FROM employer_contacts", StringComparison.OrdinalIgnoreCase)
                && !s.Sql.Sqlite.TrimStart().StartsWith("INSERT", StringComparison.OrdinalIgnoreCase)
                && !s.Sql.Sqlite.TrimStart().StartsWith("UPDATE", StringComparison.OrdinalIgnoreCase)
                && !Exempt.Contains(s.ToString()))
            .ToList();
        Assert.True(reading.Count >= 8, $"{reading.Count} is not >= {8}");
        var forgetful = reading.Where(s => !s.Sql.Sqlite.Contains(MatchApi.Employers.CountedContacts.Condition)
            || !s.Sql.SqlServer.Contains(MatchApi.Employers.CountedContacts.Condition)).Select(s => s.ToString()).ToList();
        Assert.True(forgetful.Count == 0, "Queries that count withdrawn contacts: " + string.Join(", ", forgetful));
    }
}

public sealed class ContactChangesTestsOnSqlite(SqliteApiFactory api) : ContactChangesTests(api);
public sealed class ContactChangesTestsOnSqlServer(SqlServerApiFactory api) : ContactChangesTests(api);

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using MatchApi.Data;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Employers;

public abstract class ContactsTests(MatchApiFactory api)
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 10, 9, 30, 0, TimeSpan.Zero);

    // Participants have no endpoint on this branch yet, so the suite stores one directly.
    private static readonly Sql InsertParticipant = new(
        Sqlite: """
            INSERT INTO participants (tenant_id, external_ref, enrolment_date, status, created_at, updated_at)
            VALUES (@TenantId, @ExternalRef, @Today, 'Active', @Now, @Now)
            RETURNING id;
            """,
        SqlServer: """
            INSERT INTO participants (tenant_id, external_ref, enrolment_date, status, created_at, updated_at)
            OUTPUT INSERTED.id
            VALUES (@TenantId, @ExternalRef, @Today, 'Active', @Now, @Now);
            """);

    private sealed record Setup(TenantClient Tenant, long EmployerId, long CoachId);

    private async Task<Setup> NewSetupAsync()
    {
        var tenant = await api.NewTenantAsync();
        var employerId = await tenant.Http.CreateAsync("/v1/employers", new { name = "Coop Hisingen", municipalityCode = "1480" });
        var coachId = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Anna Lindqvist" });
        return new Setup(tenant, employerId, coachId);
    }

    private async Task<long> NewParticipantAsync(long tenantId)
    {
        await using var connection = await api.Db.OpenAsync(default);
        var now = DateTimeOffset.UtcNow;
        return await connection.ExecuteScalarAsync<long>(api.Db.Text(InsertParticipant), new
        {
            TenantId = tenantId,
            ExternalRef = $"p-{Guid.NewGuid():N}",
            Today = DateOnly.FromDateTime(now.UtcDateTime),
            Now = now,
        });
    }

    private static object Contact(long coachId, DateTimeOffset? contactedAt = null, string kind = "faceToFace", long? participantId = null) => new
    {
        coachId,
        contactedAt = contactedAt ?? Monday,
        kind,
        purpose = "Presentera IPS och fråga om lagerjobb",
        participantId,
        outcome = "Välkomna på studiebesök",
        note = "Butikschefen heter Lisa",
    };

    private static async Task<JsonNode> ListAsync(HttpClient http, string url) =>
        await (await http.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK);

    [Fact]
    public async Task Logged_contact_can_be_read_back()
    {
        var (tenant, employerId, coachId) = await NewSetupAsync();
        var participantId = await NewParticipantAsync(tenant.TenantId);

        var created = await tenant.Http.PostJsonAsync($"/v1/employers/{employerId}/contacts", Contact(coachId, participantId: participantId));
        var body = await created.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/v1/employers/{employerId}/contacts/{body["id"]}", created.Headers.Location?.OriginalString);

        var contact = await (await tenant.Http.GetAsync(created.Headers.Location)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(employerId, (long)contact["employerId"]!);
        Assert.Equal("Coop Hisingen", (string)contact["employerName"]!);
        Assert.Equal(coachId, (long)contact["coachId"]!);
        Assert.Equal(Monday, DateTimeOffset.Parse((string)contact["contactedAt"]!, CultureInfo.InvariantCulture));
        Assert.Equal("faceToFace", (string)contact["kind"]!);
        Assert.Equal("Presentera IPS och fråga om lagerjobb", (string)contact["purpose"]!);
        Assert.Equal(participantId, (long)contact["participantId"]!);
        Assert.Equal("Välkomna på studiebesök", (string)contact["outcome"]!);
        Assert.Equal("Butikschefen heter Lisa", (string)contact["note"]!);
        Assert.Equal((string)body["createdAt"]!, (string)contact["createdAt"]!);
        Assert.Null(contact["tenantId"]);
    }

    [Fact]
    public async Task Only_coach_time_and_kind_are_required()
    {
        var (tenant, employerId, coachId) = await NewSetupAsync();
        var body = await (await tenant.Http.PostJsonAsync($"/v1/employers/{employerId}/contacts",
            new { coachId, contactedAt = Monday, kind = "phone" })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("phone", (string)body["kind"]!);
        Assert.Null(body["participantId"]);
        Assert.Null(body["purpose"]);
    }

    [Fact]
    public async Task A_meeting_up_to_one_day_ahead_can_be_logged()
    {
        var (tenant, employerId, coachId) = await NewSetupAsync();
        await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Contact(coachId, DateTimeOffset.UtcNow.AddHours(23)));
    }

    [Fact]
    public async Task Employer_contacts_are_listed_newest_first_and_paged()
    {
        var (tenant, employerId, coachId) = await NewSetupAsync();
        var otherEmployer = await tenant.Http.CreateAsync("/v1/employers", new { name = "Ahlsell" });
        var middle = await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Contact(coachId, Monday));
        var newest = await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Contact(coachId, Monday.AddDays(2), "email"));
        var oldest = await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Contact(coachId, Monday.AddDays(-7), "phone"));
        await tenant.Http.CreateAsync($"/v1/employers/{otherEmployer}/contacts", Contact(coachId, Monday.AddDays(1)));

        var page1 = await ListAsync(tenant.Http, $"/v1/employers/{employerId}/contacts?pageSize=2");
        Assert.Equal(3, (long)page1["total"]!);
        Assert.Equal([newest, middle], page1["items"]!.AsArray().Select(c => (long)c!["id"]!));
        var page2 = await ListAsync(tenant.Http, $"/v1/employers/{employerId}/contacts?pageSize=2&page=2");
        Assert.Equal([oldest], page2["items"]!.AsArray().Select(c => (long)c!["id"]!));
        Assert.Equal("phone", (string)page2["items"]![0]!["kind"]!);
    }

    [Fact]
    public async Task Coach_contacts_span_employers_newest_first_with_employer_names()
    {
        var (tenant, employerId, coachId) = await NewSetupAsync();
        var ahlsell = await tenant.Http.CreateAsync("/v1/employers", new { name = "Ahlsell" });
        var colleague = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Björn Ek" });
        await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Contact(coachId, Monday));
        await tenant.Http.CreateAsync($"/v1/employers/{ahlsell}/contacts", Contact(coachId, Monday.AddDays(1)));
        await tenant.Http.CreateAsync($"/v1/employers/{ahlsell}/contacts", Contact(colleague, Monday.AddDays(2)));

        var list = await ListAsync(tenant.Http, $"/v1/coaches/{coachId}/contacts");
        Assert.Equal(2, (long)list["total"]!);
        Assert.Equal(["Ahlsell", "Coop Hisingen"], list["items"]!.AsArray().Select(c => (string)c!["employerName"]!));
        Assert.All(list["items"]!.AsArray(), c => Assert.Equal(coachId, (long)c!["coachId"]!));

        var page2 = await ListAsync(tenant.Http, $"/v1/coaches/{coachId}/contacts?pageSize=1&page=2");
        Assert.Equal(["Coop Hisingen"], page2["items"]!.AsArray().Select(c => (string)c!["employerName"]!));

        var none = await ListAsync(tenant.Http, $"/v1/coaches/{await tenant.Http.CreateAsync("/v1/coaches", new { name = "Ny" })}/contacts");
        Assert.Equal(0, (long)none["total"]!);
    }

    [Theory]
    [InlineData("employers")]
    [InlineData("coaches")]
    public async Task Out_of_range_paging_is_a_validation_problem(string owner)
    {
        var (tenant, employerId, coachId) = await NewSetupAsync();
        var id = owner == "employers" ? employerId : coachId;
        var errors = await (await tenant.Http.GetAsync($"/v1/{owner}/{id}/contacts?pageSize=201&page=0")).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("pageSize"));
        Assert.True(errors.ContainsKey("page"));
    }

    [Fact]
    public async Task Missing_required_fields_are_each_reported_and_nothing_is_written()
    {
        var (tenant, employerId, _) = await NewSetupAsync();
        var errors = await (await tenant.Http.PostJsonAsync($"/v1/employers/{employerId}/contacts", new { purpose = "Hej" }))
            .ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("coachId"));
        Assert.True(errors.ContainsKey("contactedAt"));
        Assert.True(errors.ContainsKey("kind"));
        Assert.Equal(0, (long)(await ListAsync(tenant.Http, $"/v1/employers/{employerId}/contacts"))["total"]!);
    }

    [Fact]
    public async Task Too_long_texts_and_a_far_future_time_are_each_reported()
    {
        var (tenant, employerId, coachId) = await NewSetupAsync();
        var errors = await (await tenant.Http.PostJsonAsync($"/v1/employers/{employerId}/contacts", new
        {
            coachId,
            contactedAt = DateTimeOffset.UtcNow.AddDays(2),
            kind = "email",
            purpose = new string('p', 501),
            outcome = new string('o', 501),
            note = new string('n', 2001),
        })).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("contactedAt"));
        Assert.True(errors.ContainsKey("purpose"));
        Assert.True(errors.ContainsKey("outcome"));
        Assert.True(errors.ContainsKey("note"));
        Assert.False(errors.ContainsKey("coachId"));
        Assert.Equal(0, (long)(await ListAsync(tenant.Http, $"/v1/coaches/{coachId}/contacts"))["total"]!);
    }

    [Fact]
    public async Task Texts_at_their_limits_are_accepted()
    {
        var (tenant, employerId, coachId) = await NewSetupAsync();
        var body = await (await tenant.Http.PostJsonAsync($"/v1/employers/{employerId}/contacts", new
        {
            coachId,
            contactedAt = Monday,
            kind = "email",
            purpose = new string('p', 500),
            outcome = new string('o', 500),
            note = new string('n', 2000),
        })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(2000, ((string)body["note"]!).Length);
    }

    [Fact]
    public async Task Unknown_kind_is_400()
    {
        var (tenant, employerId, coachId) = await NewSetupAsync();
        var response = await tenant.Http.SendRawJsonAsync(HttpMethod.Post, $"/v1/employers/{employerId}/contacts",
            $$"""{"coachId":{{coachId}},"contactedAt":"2025-03-10T09:30:00Z","kind":"carrierPigeon"}""");
        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Unknown_coach_and_participant_are_validation_errors()
    {
        var (tenant, employerId, _) = await NewSetupAsync();
        var errors = await (await tenant.Http.PostJsonAsync($"/v1/employers/{employerId}/contacts", Contact(987654321, participantId: 987654322)))
            .ReadValidationErrorsAsync();
        Assert.Contains("987654321", (string)errors["coachId"]![0]!);
        Assert.Contains("987654322", (string)errors["participantId"]![0]!);
        Assert.Equal(0, (long)(await ListAsync(tenant.Http, $"/v1/employers/{employerId}/contacts"))["total"]!);
    }

    [Fact]
    public async Task Another_tenants_coach_or_participant_in_the_body_is_400_and_nothing_is_written()
    {
        var (tenant, employerId, coachId) = await NewSetupAsync();
        var other = await NewSetupAsync();
        var otherParticipant = await NewParticipantAsync(other.Tenant.TenantId);

        var coachErrors = await (await tenant.Http.PostJsonAsync($"/v1/employers/{employerId}/contacts", Contact(other.CoachId)))
            .ReadValidationErrorsAsync();
        Assert.True(coachErrors.ContainsKey("coachId"));
        var participantErrors = await (await tenant.Http.PostJsonAsync($"/v1/employers/{employerId}/contacts",
            Contact(coachId, participantId: otherParticipant))).ReadValidationErrorsAsync();
        Assert.True(participantErrors.ContainsKey("participantId"));
        Assert.False(participantErrors.ContainsKey("coachId"));

        Assert.Equal(0, (long)(await ListAsync(tenant.Http, $"/v1/employers/{employerId}/contacts"))["total"]!);
        Assert.Equal(0, (long)(await ListAsync(other.Tenant.Http, $"/v1/coaches/{other.CoachId}/contacts"))["total"]!);
    }

    [Fact]
    public async Task Missing_employer_or_coach_is_404_problem()
    {
        var (tenant, _, coachId) = await NewSetupAsync();
        var problem = await (await tenant.Http.PostJsonAsync("/v1/employers/987654321/contacts", Contact(coachId)))
            .ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("987654321", (string)problem["detail"]!);
        await (await tenant.Http.GetAsync("/v1/employers/987654321/contacts")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Http.GetAsync("/v1/coaches/987654321/contacts")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (long)(await ListAsync(tenant.Http, $"/v1/coaches/{coachId}/contacts"))["total"]!);
    }

    [Fact]
    public async Task A_contact_is_found_only_under_its_own_employer()
    {
        var (tenant, employerId, coachId) = await NewSetupAsync();
        var ahlsell = await tenant.Http.CreateAsync("/v1/employers", new { name = "Ahlsell" });
        var contactId = await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Contact(coachId));
        await (await tenant.Http.GetAsync($"/v1/employers/{ahlsell}/contacts/{contactId}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Http.GetAsync($"/v1/employers/{employerId}/contacts/987654321")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_tenants_employer_coach_and_contacts_are_not_found()
    {
        var owner = await NewSetupAsync();
        var other = await NewSetupAsync();
        var contactId = await owner.Tenant.Http.CreateAsync($"/v1/employers/{owner.EmployerId}/contacts", Contact(owner.CoachId));

        // Even with its own coach in the body, the caller cannot log against another organisation's employer.
        await (await other.Tenant.Http.PostJsonAsync($"/v1/employers/{owner.EmployerId}/contacts", Contact(other.CoachId)))
            .ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.Tenant.Http.GetAsync($"/v1/employers/{owner.EmployerId}/contacts")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.Tenant.Http.GetAsync($"/v1/employers/{owner.EmployerId}/contacts/{contactId}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.Tenant.Http.GetAsync($"/v1/coaches/{owner.CoachId}/contacts")).ReadProblemAsync(HttpStatusCode.NotFound);
        // Nor see the contact through an employer of its own.
        await (await other.Tenant.Http.GetAsync($"/v1/employers/{other.EmployerId}/contacts/{contactId}")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, (long)(await ListAsync(other.Tenant.Http, $"/v1/coaches/{other.CoachId}/contacts"))["total"]!);

        var ownerList = await ListAsync(owner.Tenant.Http, $"/v1/employers/{owner.EmployerId}/contacts");
        Assert.Equal([contactId], ownerList["items"]!.AsArray().Select(c => (long)c!["id"]!));
    }

    [Fact]
    public async Task Without_a_key_every_contact_route_is_401()
    {
        var client = api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostJsonAsync("/v1/employers/1/contacts", Contact(1))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/employers/1/contacts")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/employers/1/contacts/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/coaches/1/contacts")).StatusCode);
    }

    [Fact]
    public async Task A_read_only_key_can_list_but_not_log()
    {
        var (tenant, employerId, coachId) = await NewSetupAsync();
        var reader = await tenant.WithScopesAsync(Scopes.EmployersRead);
        await (await reader.PostJsonAsync($"/v1/employers/{employerId}/contacts", Contact(coachId))).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/employers/{employerId}/contacts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/coaches/{coachId}/contacts")).StatusCode);
        Assert.Equal(0, (long)(await ListAsync(tenant.Http, $"/v1/employers/{employerId}/contacts"))["total"]!);
    }

    [Fact]
    public async Task A_key_without_employer_scopes_cannot_list_contacts()
    {
        var (tenant, employerId, coachId) = await NewSetupAsync();
        var contactId = await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", Contact(coachId));
        var coachesOnly = await tenant.WithScopesAsync(Scopes.CoachesRead);
        await (await coachesOnly.GetAsync($"/v1/coaches/{coachId}/contacts")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await coachesOnly.GetAsync($"/v1/employers/{employerId}/contacts")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await coachesOnly.GetAsync($"/v1/employers/{employerId}/contacts/{contactId}")).ReadProblemAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class ContactsTestsOnSqlite(SqliteApiFactory api) : ContactsTests(api);
public sealed class ContactsTestsOnSqlServer(SqlServerApiFactory api) : ContactsTests(api);

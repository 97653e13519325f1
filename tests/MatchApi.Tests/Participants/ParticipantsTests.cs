using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Participants;

public abstract class ParticipantsTests(MatchApiFactory api)
{
    private static readonly object Kim = new { externalRef = "IPS-2024-0042", enrolmentDate = "2024-03-15" };

    private static string Today(int plusDays = 0) => DateOnly.FromDateTime(DateTime.UtcNow).AddDays(plusDays).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<long> TotalAsync(HttpClient client, string query = "")
    {
        var list = await (await client.GetAsync($"/v1/participants{query}")).ReadJsonAsync(HttpStatusCode.OK);
        return (long)list["total"]!;
    }

    [Fact]
    public async Task Created_participant_can_be_read_back_with_an_etag()
    {
        var tenant = await api.NewTenantAsync();
        var coachId = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Anna Lindqvist" });
        var created = await tenant.Http.PostJsonAsync("/v1/participants",
            new { externalRef = "IPS-2024-0042", coachId, enrolmentDate = "2024-03-15", status = "paused" });
        var body = await created.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/v1/participants/{body["id"]}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);

        var fetched = await tenant.Http.GetAsync(created.Headers.Location);
        var participant = await fetched.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("IPS-2024-0042", (string)participant["externalRef"]!);
        Assert.Equal(coachId, (long)participant["coachId"]!);
        Assert.Equal("2024-03-15", (string)participant["enrolmentDate"]!);
        Assert.Equal("paused", (string)participant["status"]!);
        Assert.False((bool)participant["hasGoals"]!);
        Assert.Equal((string)body["createdAt"]!, (string)participant["createdAt"]!);
        Assert.Equal("\"1\"", fetched.Headers.ETag?.Tag);
        Assert.Null(participant["tenantId"]);
        Assert.Null(participant["version"]);
    }

    [Fact]
    public async Task Status_defaults_to_active_and_coach_is_optional()
    {
        var tenant = await api.NewTenantAsync();
        var body = await (await tenant.Http.PostJsonAsync("/v1/participants", Kim)).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("active", (string)body["status"]!);
        Assert.Null(body["coachId"]);
    }

    [Fact]
    public async Task List_is_ordered_by_enrolment_date_then_id_and_paged()
    {
        var tenant = await api.NewTenantAsync();
        var late = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "C", enrolmentDate = "2024-05-01" });
        var early = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "A", enrolmentDate = "2023-01-10" });
        var sameDayFirst = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "B1", enrolmentDate = "2024-02-01" });
        var sameDaySecond = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "B2", enrolmentDate = "2024-02-01" });

        var page1 = await (await tenant.Http.GetAsync("/v1/participants?pageSize=3")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, (long)page1["total"]!);
        Assert.Equal(1, (int)page1["page"]!);
        Assert.Equal(3, (int)page1["pageSize"]!);
        Assert.Equal([early, sameDayFirst, sameDaySecond], Ids(page1));
        var page2 = await (await tenant.Http.GetAsync("/v1/participants?pageSize=3&page=2")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([late], Ids(page2));
    }

    [Fact]
    public async Task List_filters_by_coach_and_by_status()
    {
        var tenant = await api.NewTenantAsync();
        var anna = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Anna" });
        var bo = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Bo" });
        var annasActive = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "1", coachId = anna, enrolmentDate = "2024-01-01" });
        var annasExited = await tenant.Http.CreateAsync("/v1/participants",
            new { externalRef = "2", coachId = anna, enrolmentDate = "2024-01-02", status = "exited" });
        var bosActive = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "3", coachId = bo, enrolmentDate = "2024-01-03" });
        var unassigned = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "4", enrolmentDate = "2024-01-04" });

        var annas = await (await tenant.Http.GetAsync($"/v1/participants?coachId={anna}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([annasActive, annasExited], Ids(annas));
        Assert.Equal(2, (long)annas["total"]!);
        var active = await (await tenant.Http.GetAsync("/v1/participants?status=active")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([annasActive, bosActive, unassigned], Ids(active));
        var both = await (await tenant.Http.GetAsync($"/v1/participants?coachId={anna}&status=exited")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([annasExited], Ids(both));
        Assert.Equal(1, (long)both["total"]!);
    }

    [Theory]
    [InlineData("sleeping")]
    [InlineData("1")]
    [InlineData("")]
    public async Task Unknown_status_filter_is_a_validation_problem(string status)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.GetAsync($"/v1/participants?status={status}")).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("status"));
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task Out_of_range_paging_is_a_validation_problem(string query, string field)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.GetAsync($"/v1/participants?{query}")).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey(field));
    }

    [Fact]
    public async Task Invalid_fields_are_each_reported_and_nothing_is_written()
    {
        var tenant = await api.NewTenantAsync();
        var response = await tenant.Http.PostJsonAsync("/v1/participants", new { externalRef = "", coachId = 0 });
        var errors = await response.ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("externalRef"));
        Assert.True(errors.ContainsKey("coachId"));
        Assert.True(errors.ContainsKey("enrolmentDate"));
        Assert.Equal(0, await TotalAsync(tenant.Http));
    }

    [Fact]
    public async Task External_ref_may_have_100_characters_but_not_101()
    {
        var tenant = await api.NewTenantAsync();
        await tenant.Http.CreateAsync("/v1/participants", new { externalRef = new string('x', 100), enrolmentDate = "2024-01-01" });
        var errors = await (await tenant.Http.PostJsonAsync("/v1/participants",
            new { externalRef = new string('y', 101), enrolmentDate = "2024-01-01" })).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("externalRef"));
        Assert.Equal(1, await TotalAsync(tenant.Http));
    }

    [Theory]
    [InlineData("19900101-1234")]
    [InlineData("900101-1234")]
    [InlineData("9001011234")]
    [InlineData("199001011234")]
    [InlineData("900101+1234")]
    [InlineData("900161-1234")] // samordningsnummer
    [InlineData("pnr 900101-1234")]
    [InlineData("IPS/19900101-1234")]
    public async Task External_ref_with_a_personal_identity_number_is_refused_and_not_stored(string externalRef)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.PostJsonAsync("/v1/participants",
            new { externalRef, enrolmentDate = "2024-01-01" })).ReadValidationErrorsAsync();
        var message = (string)errors["externalRef"]![0]!;
        Assert.Contains("personal identity numbers must not be stored", message);
        Assert.DoesNotContain(externalRef, message);
        Assert.Equal(0, await TotalAsync(tenant.Http));
    }

    [Fact]
    public async Task A_personal_identity_number_cannot_be_put_in_by_an_update_either()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/participants", Kim);
        var errors = await (await tenant.Http.PutJsonAsync($"/v1/participants/{id}",
            new { externalRef = "19900101-1234", enrolmentDate = "2024-03-15" })).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("externalRef"));
        var unchanged = await (await tenant.Http.GetAsync($"/v1/participants/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("IPS-2024-0042", (string)unchanged["externalRef"]!);
    }

    [Theory]
    [InlineData("IPS-2024-0042")]
    [InlineData("KS 2023/118")]
    [InlineData("556123-4567")] // an organisation number is not a person
    [InlineData("Ärende 2024-000117")]
    public async Task Ordinary_case_references_are_accepted(string externalRef)
    {
        var tenant = await api.NewTenantAsync();
        var body = await (await tenant.Http.PostJsonAsync("/v1/participants",
            new { externalRef, enrolmentDate = "2024-01-01" })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(externalRef, (string)body["externalRef"]!);
    }

    [Fact]
    public async Task Enrolment_date_is_between_2000_and_30_days_ahead()
    {
        var tenant = await api.NewTenantAsync();
        await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "first", enrolmentDate = "2000-01-01" });
        await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "ahead", enrolmentDate = Today(30) });

        foreach (var enrolmentDate in new[] { "1999-12-31", Today(32) })
        {
            var errors = await (await tenant.Http.PostJsonAsync("/v1/participants",
                new { externalRef = $"bad {enrolmentDate}", enrolmentDate })).ReadValidationErrorsAsync();
            Assert.True(errors.ContainsKey("enrolmentDate"), enrolmentDate);
        }
        Assert.Equal(2, await TotalAsync(tenant.Http));
    }

    [Fact]
    public async Task Unknown_status_is_a_400_problem()
    {
        var tenant = await api.NewTenantAsync();
        var response = await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/participants",
            """{"externalRef":"IPS-1","enrolmentDate":"2024-01-01","status":"sleeping"}""");
        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await TotalAsync(tenant.Http));
    }

    [Fact]
    public async Task Unknown_property_is_rejected_with_its_name()
    {
        var tenant = await api.NewTenantAsync();
        var response = await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/participants",
            """{"externalRef":"IPS-1","enrolmentDate":"2024-01-01","diagnosis":"F32"}""");
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("diagnosis", (string)problem["detail"]!);
        Assert.Equal(0, await TotalAsync(tenant.Http));
    }

    [Fact]
    public async Task Duplicate_external_ref_is_a_409_problem_and_only_the_first_is_kept()
    {
        var tenant = await api.NewTenantAsync();
        await tenant.Http.CreateAsync("/v1/participants", Kim);
        var problem = await (await tenant.Http.PostJsonAsync("/v1/participants", new { externalRef = "IPS-2024-0042", enrolmentDate = "2024-06-01" }))
            .ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("IPS-2024-0042", (string)problem["detail"]!);
        Assert.Equal(1, await TotalAsync(tenant.Http));
    }

    [Fact]
    public async Task The_same_external_ref_may_be_used_by_another_organisation()
    {
        var one = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        await one.Http.CreateAsync("/v1/participants", Kim);
        await other.Http.CreateAsync("/v1/participants", Kim);
    }

    [Fact]
    public async Task Update_to_another_participants_external_ref_is_a_409_problem()
    {
        var tenant = await api.NewTenantAsync();
        await tenant.Http.CreateAsync("/v1/participants", Kim);
        var id = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "IPS-2024-0043", enrolmentDate = "2024-03-16" });

        await (await tenant.Http.PutJsonAsync($"/v1/participants/{id}", Kim)).ReadProblemAsync(HttpStatusCode.Conflict);
        var unchanged = await (await tenant.Http.GetAsync($"/v1/participants/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("IPS-2024-0043", (string)unchanged["externalRef"]!);

        // Keeping one's own reference is no conflict.
        await (await tenant.Http.PutJsonAsync($"/v1/participants/{id}",
            new { externalRef = "IPS-2024-0043", enrolmentDate = "2024-03-17" })).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Coach_of_another_organisation_is_a_validation_error_on_create_and_update()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var foreignCoach = await other.Http.CreateAsync("/v1/coaches", new { name = "Someone Else" });

        var errors = await (await tenant.Http.PostJsonAsync("/v1/participants",
            new { externalRef = "IPS-1", coachId = foreignCoach, enrolmentDate = "2024-01-01" })).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("coachId"));
        Assert.Equal(0, await TotalAsync(tenant.Http));

        var id = await tenant.Http.CreateAsync("/v1/participants", Kim);
        errors = await (await tenant.Http.PutJsonAsync($"/v1/participants/{id}",
            new { externalRef = "IPS-2024-0042", coachId = foreignCoach, enrolmentDate = "2024-03-15" })).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("coachId"));
        var unchanged = await (await tenant.Http.GetAsync($"/v1/participants/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Null(unchanged["coachId"]);
        Assert.Equal("\"1\"", (await tenant.Http.GetAsync($"/v1/participants/{id}")).Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Coach_that_does_not_exist_is_a_validation_error()
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.PostJsonAsync("/v1/participants",
            new { externalRef = "IPS-1", coachId = 987654321, enrolmentDate = "2024-01-01" })).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("coachId"));
    }

    [Fact]
    public async Task Update_replaces_every_field_and_bumps_the_etag()
    {
        var tenant = await api.NewTenantAsync();
        var coachId = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Anna" });
        var id = await tenant.Http.CreateAsync("/v1/participants", Kim);

        var updated = await tenant.Http.PutJsonAsync($"/v1/participants/{id}",
            new { externalRef = "IPS-2024-0042-B", coachId, enrolmentDate = "2024-04-01", status = "exited" }, "\"1\"");
        var body = await updated.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", updated.Headers.ETag?.Tag);
        Assert.Equal("IPS-2024-0042-B", (string)body["externalRef"]!);
        Assert.Equal(coachId, (long)body["coachId"]!);
        Assert.Equal("2024-04-01", (string)body["enrolmentDate"]!);
        Assert.Equal("exited", (string)body["status"]!);

        var current = await (await tenant.Http.GetAsync($"/v1/participants/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("exited", (string)current["status"]!);
        Assert.True(DateTimeOffset.Parse((string)current["updatedAt"]!, CultureInfo.InvariantCulture) >= DateTimeOffset.Parse((string)current["createdAt"]!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Update_with_stale_etag_is_412_and_changes_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/participants", Kim);
        await (await tenant.Http.PutJsonAsync($"/v1/participants/{id}",
            new { externalRef = "IPS-2024-0042", enrolmentDate = "2024-03-15", status = "paused" }, "\"1\"")).ReadJsonAsync(HttpStatusCode.OK);

        var stale = await tenant.Http.PutJsonAsync($"/v1/participants/{id}",
            new { externalRef = "IPS-2024-0042", enrolmentDate = "2024-03-15", status = "exited" }, "\"1\"");
        await stale.ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        var current = await tenant.Http.GetAsync($"/v1/participants/{id}");
        Assert.Equal("paused", (string)(await current.ReadJsonAsync(HttpStatusCode.OK))["status"]!);
        Assert.Equal("\"2\"", current.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Malformed_if_match_is_400()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/participants", Kim);
        await (await tenant.Http.PutJsonAsync($"/v1/participants/{id}", Kim, "yesterday")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Missing_participant_is_404_problem_for_read_and_write()
    {
        var tenant = await api.NewTenantAsync();
        var problem = await (await tenant.Http.GetAsync("/v1/participants/987654321")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("987654321", (string)problem["detail"]!);
        await (await tenant.Http.PutJsonAsync("/v1/participants/987654321", Kim)).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await TotalAsync(tenant.Http));
    }

    [Fact]
    public async Task Another_tenants_participant_is_not_found_for_read_or_write()
    {
        var owner = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var id = await owner.Http.CreateAsync("/v1/participants", Kim);

        await (await other.Http.GetAsync($"/v1/participants/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.Http.PutJsonAsync($"/v1/participants/{id}",
            new { externalRef = "Hijacked", enrolmentDate = "2024-01-01" })).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.Http.PutJsonAsync($"/v1/participants/{id}",
            new { externalRef = "Hijacked", enrolmentDate = "2024-01-01" }, "\"1\"")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await TotalAsync(other.Http));

        var unchanged = await owner.Http.GetAsync($"/v1/participants/{id}");
        Assert.Equal("IPS-2024-0042", (string)(await unchanged.ReadJsonAsync(HttpStatusCode.OK))["externalRef"]!);
        Assert.Equal("\"1\"", unchanged.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Without_a_key_every_participant_route_is_401()
    {
        var client = api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/participants")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/participants/1")).StatusCode);
        await (await client.PostJsonAsync("/v1/participants", Kim)).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await client.PutJsonAsync("/v1/participants/1", Kim)).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_read_only_key_cannot_write()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/participants", Kim);
        var reader = await tenant.WithScopesAsync(Scopes.ParticipantsRead);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/v1/participants")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/participants/{id}")).StatusCode);
        await (await reader.PostJsonAsync("/v1/participants", new { externalRef = "new", enrolmentDate = "2024-01-01" }))
            .ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.PutJsonAsync($"/v1/participants/{id}", new { externalRef = "changed", enrolmentDate = "2024-01-01" }))
            .ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(1, await TotalAsync(tenant.Http));
    }

    [Fact]
    public async Task A_key_without_participant_scopes_cannot_read()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/participants", Kim);
        var coachesOnly = await tenant.WithScopesAsync(Scopes.CoachesRead, Scopes.CoachesWrite);
        await (await coachesOnly.GetAsync("/v1/participants")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await coachesOnly.GetAsync($"/v1/participants/{id}")).ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    private static long[] Ids(JsonNode page) => page["items"]!.AsArray().Select(p => (long)p!["id"]!).ToArray();
}

public sealed class ParticipantsTestsOnSqlite(SqliteApiFactory api) : ParticipantsTests(api);
public sealed class ParticipantsTestsOnSqlServer(SqlServerApiFactory api) : ParticipantsTests(api);

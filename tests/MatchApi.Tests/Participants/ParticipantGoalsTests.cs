using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using MatchApi.Data;
using MatchApi.Reference;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MatchApi.Tests.Participants;

public abstract class ParticipantGoalsTests(MatchApiFactory api)
{
    // A participant who wants kitchen or cleaning work near Göteborg, daytime, 20–30 hours.
    private static JsonObject Goals() => JsonNode.Parse("""
        {
          "ownWords": "Jag vill jobba i ett kök, gärna på dagtid.",
          "desiredOccupations": ["9412", "5120", "9111"],
          "acceptableMunicipalities": ["1480", "1481"],
          "homeLocation": { "latitude": 57.7089, "longitude": 11.9746 },
          "maxTravelKm": 25,
          "travelLimitIsHard": true,
          "minHoursPerWeek": 20,
          "maxHoursPerWeek": 30,
          "schedules": ["day", "weekend"],
          "employmentForms": ["permanent", "hourly"],
          "jobTypes": ["competitive", "subsidised"],
          "earliestStart": "2025-02-01",
          "prefersRemote": false,
          "avoid": { "occupations": ["5321"], "industries": ["47", "56101"], "employerIds": [] },
          "interests": ["djur", "trädgård skötsel"],
          "preferredEmployerIds": [],
          "preferredIndustries": ["01", "8130"],
          "avoidSchedules": ["night"],
          "firm": { "hours": true, "schedules": false }
        }
        """)!.AsObject();

    private static async Task<long> NewParticipantAsync(TenantClient tenant, string externalRef = "IPS-2024-0042") =>
        await tenant.Http.CreateAsync("/v1/participants", new { externalRef, enrolmentDate = "2024-03-15" });

    private static Task<HttpResponseMessage> PutGoalsAsync(HttpClient client, long participantId, JsonNode goals, string? ifMatch = null) =>
        client.PutJsonAsync($"/v1/participants/{participantId}/goals", goals, ifMatch);

    // The employers capability is built separately; a row is enough for the tenant check.
    private static readonly Sql InsertEmployer = new(
        Sqlite: """
            INSERT INTO employers (tenant_id, name, sector, created_at, updated_at)
            VALUES (@TenantId, @Name, 'Private', @Now, @Now)
            RETURNING id;
            """,
        SqlServer: """
            INSERT INTO employers (tenant_id, name, sector, created_at, updated_at)
            OUTPUT INSERTED.id
            VALUES (@TenantId, @Name, 'Private', @Now, @Now);
            """);

    private async Task<long> NewEmployerAsync(TenantClient tenant, string name)
    {
        await using var connection = await api.Db.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>(api.Db.Text(InsertEmployer), new { tenant.TenantId, Name = name, Now = DateTimeOffset.UtcNow });
    }

    [Fact]
    public async Task Goals_round_trip_with_enums_as_camel_case_strings_and_own_words()
    {
        var tenant = await api.NewTenantAsync();
        var id = await NewParticipantAsync(tenant);
        var employerId = await NewEmployerAsync(tenant, "Kvarnens Kök AB");
        var goals = Goals();
        goals["avoid"]!["employerIds"] = new JsonArray(employerId);

        var put = await PutGoalsAsync(tenant.Http, id, goals);
        var stored = await put.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", put.Headers.ETag?.Tag);
        Assert.True(JsonNode.DeepEquals(goals, stored), stored.ToJsonString());

        var get = await tenant.Http.GetAsync($"/v1/participants/{id}/goals");
        var fetched = await get.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", get.Headers.ETag?.Tag);
        Assert.Equal("Jag vill jobba i ett kök, gärna på dagtid.", (string)fetched["ownWords"]!);
        Assert.Equal(["day", "weekend"], fetched["schedules"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(["permanent", "hourly"], fetched["employmentForms"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(["competitive", "subsidised"], fetched["jobTypes"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(["9412", "5120", "9111"], fetched["desiredOccupations"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(employerId, (long)fetched["avoid"]!["employerIds"]![0]!);
        Assert.True(JsonNode.DeepEquals(goals, fetched), fetched.ToJsonString());

        var participant = await (await tenant.Http.GetAsync($"/v1/participants/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.True((bool)participant["hasGoals"]!);
    }

    [Fact]
    public async Task Own_words_are_stored_apart_from_the_structured_goals()
    {
        var tenant = await api.NewTenantAsync();
        var id = await NewParticipantAsync(tenant);
        await (await PutGoalsAsync(tenant.Http, id, Goals())).ReadJsonAsync(HttpStatusCode.OK);

        await using var connection = await api.Db.OpenAsync(default);
        var row = await connection.QuerySingleAsync<(string? OwnWords, string GoalsJson)>(
            "SELECT own_words AS OwnWords, goals_json AS GoalsJson FROM participant_goals WHERE participant_id = @Id", new { Id = id });
        Assert.Equal("Jag vill jobba i ett kök, gärna på dagtid.", row.OwnWords);
        Assert.DoesNotContain("ownWords", row.GoalsJson);
        Assert.DoesNotContain("kök", row.GoalsJson);
        Assert.Contains("\"subsidised\"", row.GoalsJson);
    }

    [Fact]
    public async Task Minimal_goals_are_accepted_and_returned_with_empty_lists()
    {
        var tenant = await api.NewTenantAsync();
        var id = await NewParticipantAsync(tenant);
        var stored = await (await PutGoalsAsync(tenant.Http, id, new JsonObject())).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Empty(stored["desiredOccupations"]!.AsArray());
        Assert.Empty(stored["avoid"]!["employerIds"]!.AsArray());
        Assert.False((bool)stored["travelLimitIsHard"]!);
        Assert.Null(stored["ownWords"]);
    }

    [Fact]
    public async Task Put_replaces_the_goals_and_bumps_their_etag()
    {
        var tenant = await api.NewTenantAsync();
        var id = await NewParticipantAsync(tenant);
        await (await PutGoalsAsync(tenant.Http, id, Goals())).ReadJsonAsync(HttpStatusCode.OK);

        var replacement = new JsonObject { ["desiredOccupations"] = new JsonArray("2512"), ["ownWords"] = "Programmera!" };
        var put = await PutGoalsAsync(tenant.Http, id, replacement, "\"1\"");
        var stored = await put.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", put.Headers.ETag?.Tag);
        Assert.Equal(["2512"], stored["desiredOccupations"]!.AsArray().Select(s => (string)s!));
        Assert.Empty(stored["schedules"]!.AsArray());
        Assert.Null(stored["homeLocation"]);

        var get = await tenant.Http.GetAsync($"/v1/participants/{id}/goals");
        Assert.Equal("Programmera!", (string)(await get.ReadJsonAsync(HttpStatusCode.OK))["ownWords"]!);
        Assert.Equal("\"2\"", get.Headers.ETag?.Tag);

        // Goals are versioned on their own; the participant's own ETag is untouched.
        Assert.Equal("\"1\"", (await tenant.Http.GetAsync($"/v1/participants/{id}")).Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Stale_if_match_on_goals_is_412_and_changes_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var id = await NewParticipantAsync(tenant);
        await (await PutGoalsAsync(tenant.Http, id, Goals())).ReadJsonAsync(HttpStatusCode.OK);
        await (await PutGoalsAsync(tenant.Http, id, Goals(), "\"1\"")).ReadJsonAsync(HttpStatusCode.OK);

        var stale = new JsonObject { ["ownWords"] = "Lost update" };
        await (await PutGoalsAsync(tenant.Http, id, stale, "\"1\"")).ReadProblemAsync(HttpStatusCode.PreconditionFailed);

        var get = await tenant.Http.GetAsync($"/v1/participants/{id}/goals");
        Assert.Equal("Jag vill jobba i ett kök, gärna på dagtid.", (string)(await get.ReadJsonAsync(HttpStatusCode.OK))["ownWords"]!);
        Assert.Equal("\"2\"", get.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task If_match_on_goals_not_yet_recorded_is_412_and_creates_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var id = await NewParticipantAsync(tenant);
        await (await PutGoalsAsync(tenant.Http, id, Goals(), "\"1\"")).ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        await (await tenant.Http.GetAsync($"/v1/participants/{id}/goals")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Malformed_if_match_on_goals_is_400()
    {
        var tenant = await api.NewTenantAsync();
        var id = await NewParticipantAsync(tenant);
        await (await PutGoalsAsync(tenant.Http, id, Goals(), "latest")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("desiredOccupations", """["1","2","3","4","5","6","7","8","9","0","11"]""", "desiredOccupations")]
    [InlineData("desiredOccupations", """["9412","99999"]""", "desiredOccupations[1]")]
    [InlineData("desiredOccupations", """["9999"]""", "desiredOccupations[0]")]
    [InlineData("desiredOccupations", """["9412","9412"]""", "desiredOccupations")]
    [InlineData("desiredOccupations", "null", "desiredOccupations")]
    [InlineData("acceptableMunicipalities", """["1480","0000"]""", "acceptableMunicipalities[1]")]
    [InlineData("acceptableMunicipalities", """["1480","1480"]""", "acceptableMunicipalities")]
    [InlineData("homeLocation", """{"latitude":54.9,"longitude":13}""", "homeLocation.latitude")]
    [InlineData("homeLocation", """{"latitude":70.1,"longitude":20}""", "homeLocation.latitude")]
    [InlineData("homeLocation", """{"latitude":59,"longitude":9.9}""", "homeLocation.longitude")]
    [InlineData("homeLocation", """{"latitude":59,"longitude":25.1}""", "homeLocation.longitude")]
    [InlineData("maxTravelKm", "0", "maxTravelKm")]
    [InlineData("maxTravelKm", "-5", "maxTravelKm")]
    [InlineData("maxTravelKm", "500.5", "maxTravelKm")]
    [InlineData("maxTravelKm", "null", "maxTravelKm")] // travelLimitIsHard needs a limit
    [InlineData("homeLocation", "null", "homeLocation")] // travelLimitIsHard needs a starting point
    [InlineData("minHoursPerWeek", "-1", "minHoursPerWeek")]
    [InlineData("minHoursPerWeek", "31", "minHoursPerWeek")] // more than maxHoursPerWeek (30)
    [InlineData("maxHoursPerWeek", "81", "maxHoursPerWeek")]
    [InlineData("ownWords", "null", null)]
    [InlineData("schedules", """["day","day"]""", "schedules")]
    [InlineData("avoid", "null", "avoid")]
    [InlineData("avoid.occupations", """["9999"]""", "avoid.occupations[0]")]
    [InlineData("avoid.industries", """["4"]""", "avoid.industries[0]")]
    [InlineData("avoid.industries", """["47","561011"]""", "avoid.industries[1]")]
    [InlineData("avoid.industries", """["4a"]""", "avoid.industries[0]")]
    [InlineData("avoid.employerIds", "[0]", "avoid.employerIds[0]")]
    [InlineData("avoid.employerIds", "[987654321]", "avoid.employerIds[0]")]
    public async Task Each_invalid_goal_field_is_named_and_nothing_is_stored(string path, string json, string? expectedKey)
    {
        var tenant = await api.NewTenantAsync();
        var id = await NewParticipantAsync(tenant);
        var goals = Goals();
        var parent = path.Contains('.') ? goals[path.Split('.')[0]]!.AsObject() : goals;
        parent[path.Split('.')[^1]] = JsonNode.Parse(json);

        var response = await PutGoalsAsync(tenant.Http, id, goals);
        if (expectedKey is null)
        {
            // Control case: the base goals with only this change are valid.
            await response.ReadJsonAsync(HttpStatusCode.OK);
            return;
        }
        var errors = await response.ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey(expectedKey), errors.ToJsonString());
        await (await tenant.Http.GetAsync($"/v1/participants/{id}/goals")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Limits_are_inclusive()
    {
        var tenant = await api.NewTenantAsync();
        var id = await NewParticipantAsync(tenant);
        var reference = api.Services.GetRequiredService<ReferenceData>();
        var goals = Goals();
        goals["ownWords"] = new string('o', 2000);
        goals["desiredOccupations"] = new JsonArray(reference.Occupations.Keys.Order().Take(10).Select(c => (JsonNode)c).ToArray());
        goals["acceptableMunicipalities"] = new JsonArray(reference.Municipalities.Keys.Order().Take(50).Select(c => (JsonNode)c).ToArray());
        goals["homeLocation"] = new JsonObject { ["latitude"] = 55, ["longitude"] = 25 };
        goals["maxTravelKm"] = 500;
        goals["minHoursPerWeek"] = 0;
        goals["maxHoursPerWeek"] = 80;
        goals["avoid"]!["industries"] = new JsonArray("01", "47111");
        await (await PutGoalsAsync(tenant.Http, id, goals)).ReadJsonAsync(HttpStatusCode.OK);

        goals["homeLocation"] = new JsonObject { ["latitude"] = 70, ["longitude"] = 10 };
        goals["minHoursPerWeek"] = 80;
        await (await PutGoalsAsync(tenant.Http, id, goals)).ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Limits_are_exceeded_by_one()
    {
        var tenant = await api.NewTenantAsync();
        var id = await NewParticipantAsync(tenant);
        var reference = api.Services.GetRequiredService<ReferenceData>();
        var goals = Goals();
        goals["ownWords"] = new string('o', 2001);
        goals["desiredOccupations"] = new JsonArray(reference.Occupations.Keys.Order().Take(11).Select(c => (JsonNode)c).ToArray());
        goals["acceptableMunicipalities"] = new JsonArray(reference.Municipalities.Keys.Order().Take(51).Select(c => (JsonNode)c).ToArray());
        goals["avoid"]!["employerIds"] = new JsonArray(Enumerable.Range(1, 101).Select(i => (JsonNode)i).ToArray());

        var errors = await (await PutGoalsAsync(tenant.Http, id, goals)).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("ownWords"));
        Assert.True(errors.ContainsKey("desiredOccupations"));
        Assert.True(errors.ContainsKey("acceptableMunicipalities"));
        Assert.True(errors.ContainsKey("avoid.employerIds"));
        await (await tenant.Http.GetAsync($"/v1/participants/{id}/goals")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Own_words_with_a_personal_identity_number_are_refused()
    {
        var tenant = await api.NewTenantAsync();
        var id = await NewParticipantAsync(tenant);
        var goals = Goals();
        goals["ownWords"] = "Jag heter Kim, 900101-1234, och vill jobba i kök.";
        var errors = await (await PutGoalsAsync(tenant.Http, id, goals)).ReadValidationErrorsAsync();
        Assert.Contains("personal identity numbers must not be stored", (string)errors["ownWords"]![0]!);
    }

    [Fact]
    public async Task Avoided_employer_of_another_organisation_is_a_validation_error_and_changes_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var id = await NewParticipantAsync(tenant);
        var ours = await NewEmployerAsync(tenant, "Vårt Bageri");
        var theirs = await NewEmployerAsync(other, "Deras Bageri");
        await (await PutGoalsAsync(tenant.Http, id, Goals())).ReadJsonAsync(HttpStatusCode.OK);

        var goals = Goals();
        goals["avoid"]!["employerIds"] = new JsonArray(ours, theirs);
        var errors = await (await PutGoalsAsync(tenant.Http, id, goals)).ReadValidationErrorsAsync();
        Assert.Equal(["avoid.employerIds[1]"], errors.Select(e => e.Key));
        Assert.DoesNotContain("Deras", errors.ToJsonString());

        var get = await tenant.Http.GetAsync($"/v1/participants/{id}/goals");
        Assert.Empty((await get.ReadJsonAsync(HttpStatusCode.OK))["avoid"]!["employerIds"]!.AsArray());
        Assert.Equal("\"1\"", get.Headers.ETag?.Tag);
    }

    [Theory]
    [InlineData("""{"workAbility":"low"}""", "workAbility")]
    [InlineData("""{"diagnosis":"F32"}""", "diagnosis")]
    [InlineData("""{"avoid":{"assessment":"x"}}""", "assessment")]
    public async Task Unknown_properties_such_as_work_ability_are_rejected(string json, string property)
    {
        var tenant = await api.NewTenantAsync();
        var id = await NewParticipantAsync(tenant);
        var response = await tenant.Http.SendRawJsonAsync(HttpMethod.Put, $"/v1/participants/{id}/goals", json);
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(property, (string)problem["detail"]!);
        await (await tenant.Http.GetAsync($"/v1/participants/{id}/goals")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unknown_enum_value_is_a_400_problem()
    {
        var tenant = await api.NewTenantAsync();
        var id = await NewParticipantAsync(tenant);
        var response = await tenant.Http.SendRawJsonAsync(HttpMethod.Put, $"/v1/participants/{id}/goals", """{"schedules":["morning"]}""");
        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Goals_not_yet_recorded_are_404_problem()
    {
        var tenant = await api.NewTenantAsync();
        var id = await NewParticipantAsync(tenant);
        var problem = await (await tenant.Http.GetAsync($"/v1/participants/{id}/goals")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("no goals", (string)problem["detail"]!);
    }

    [Fact]
    public async Task Goals_of_a_missing_participant_are_404_problem_for_read_and_write()
    {
        var tenant = await api.NewTenantAsync();
        var problem = await (await tenant.Http.GetAsync("/v1/participants/987654321/goals")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("987654321", (string)problem["detail"]!);
        await (await PutGoalsAsync(tenant.Http, 987654321, Goals())).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_tenants_participant_goals_are_not_found_for_read_or_write()
    {
        var owner = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var id = await NewParticipantAsync(owner);
        var withoutGoals = await NewParticipantAsync(owner, "IPS-2024-0043");
        await (await PutGoalsAsync(owner.Http, id, Goals())).ReadJsonAsync(HttpStatusCode.OK);

        var problem = await (await other.Http.GetAsync($"/v1/participants/{id}/goals")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.DoesNotContain("no goals", (string)problem["detail"]!);
        var overwrite = new JsonObject { ["ownWords"] = "Hijacked" };
        await (await PutGoalsAsync(other.Http, id, overwrite)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await PutGoalsAsync(other.Http, id, overwrite, "\"1\"")).ReadProblemAsync(HttpStatusCode.NotFound);
        // Nor can goals be created for another organisation's participant who has none.
        await (await PutGoalsAsync(other.Http, withoutGoals, overwrite)).ReadProblemAsync(HttpStatusCode.NotFound);

        var get = await owner.Http.GetAsync($"/v1/participants/{id}/goals");
        Assert.Equal("Jag vill jobba i ett kök, gärna på dagtid.", (string)(await get.ReadJsonAsync(HttpStatusCode.OK))["ownWords"]!);
        Assert.Equal("\"1\"", get.Headers.ETag?.Tag);
        await (await owner.Http.GetAsync($"/v1/participants/{withoutGoals}/goals")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Without_a_key_goal_routes_are_401()
    {
        var client = api.Anonymous();
        await (await client.GetAsync("/v1/participants/1/goals")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await PutGoalsAsync(client, 1, Goals())).ReadProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_read_only_key_can_read_goals_but_not_put_them()
    {
        var tenant = await api.NewTenantAsync();
        var id = await NewParticipantAsync(tenant);
        await (await PutGoalsAsync(tenant.Http, id, Goals())).ReadJsonAsync(HttpStatusCode.OK);
        var reader = await tenant.WithScopesAsync(Scopes.ParticipantsRead);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/participants/{id}/goals")).StatusCode);
        await (await PutGoalsAsync(reader, id, new JsonObject { ["ownWords"] = "Changed" })).ReadProblemAsync(HttpStatusCode.Forbidden);
        var get = await tenant.Http.GetAsync($"/v1/participants/{id}/goals");
        Assert.Equal("\"1\"", get.Headers.ETag?.Tag);
    }
}

public sealed class ParticipantGoalsTestsOnSqlite(SqliteApiFactory api) : ParticipantGoalsTests(api);
public sealed class ParticipantGoalsTestsOnSqlServer(SqlServerApiFactory api) : ParticipantGoalsTests(api);

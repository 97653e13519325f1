using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MatchApi.Common;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.NextSteps;

public abstract class NextStepsTests(MatchApiFactory api)
{
    private static DateOnly Today => SwedishTime.DateOf(DateTimeOffset.UtcNow);

    private sealed record Setup(TenantClient Tenant, long CoachId, long ParticipantId)
    {
        public string Url => $"/v1/participants/{ParticipantId}/next-steps";
    }

    private async Task<Setup> NewSetupAsync()
    {
        var tenant = await api.NewTenantAsync();
        var coachId = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Anna Lindqvist" });
        var participantId = await tenant.Http.CreateAsync("/v1/participants",
            new { externalRef = "IPS-next-" + Guid.NewGuid().ToString("N")[..8].Replace('1', 'a'), coachId, enrolmentDate = Today.AddDays(-10) });
        return new Setup(tenant, coachId, participantId);
    }

    private static async Task<JsonArray> ItemsAsync(HttpClient http, string url) =>
        (await (await http.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray();

    [Fact]
    public async Task A_next_step_is_added_read_back_marked_done_and_deleted()
    {
        var setup = await NewSetupAsync();
        var created = await setup.Tenant.Http.PostJsonAsync(setup.Url, new { what = "Ring tillbaka på måndag", dueOn = Today.AddDays(3), coachId = setup.CoachId });
        var step = await created.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"{setup.Url}/{step["id"]}", created.Headers.Location?.OriginalString);
        Assert.Equal("Ring tillbaka på måndag", (string)step["what"]!);
        Assert.Equal(Today.AddDays(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), (string)step["dueOn"]!);
        Assert.False((bool)step["done"]!);
        Assert.Equal(setup.CoachId, (long)step["coachId"]!);
        Assert.Null(step["tenantId"]);

        var url = created.Headers.Location!.OriginalString;
        var done = await (await setup.Tenant.Http.PutJsonAsync(url, new { what = "Ring tillbaka på måndag", dueOn = Today.AddDays(3), done = true }, "\"1\""))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.True((bool)done["done"]!);
        Assert.NotNull(done["doneAt"]);
        await (await setup.Tenant.Http.PutJsonAsync(url, new { what = "x", dueOn = Today }, "\"1\"")).ReadProblemAsync(HttpStatusCode.PreconditionFailed);

        Assert.Single(await ItemsAsync(setup.Tenant.Http, setup.Url + "?done=true"));
        Assert.Empty(await ItemsAsync(setup.Tenant.Http, setup.Url + "?done=false"));

        Assert.Equal(HttpStatusCode.NoContent, (await setup.Tenant.Http.DeleteAsync(url)).StatusCode);
        await (await setup.Tenant.Http.DeleteAsync(url)).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty(await ItemsAsync(setup.Tenant.Http, setup.Url));
    }

    [Fact]
    public async Task Open_steps_come_first_by_due_date_then_done_ones()
    {
        var setup = await NewSetupAsync();
        var http = setup.Tenant.Http;
        var later = await http.CreateAsync(setup.Url, new { what = "Besök lagret", dueOn = Today.AddDays(7) });
        var done = await http.CreateAsync(setup.Url, new { what = "Skicka CV", dueOn = Today.AddDays(-7), done = true });
        var sooner = await http.CreateAsync(setup.Url, new { what = "Ring Coop", dueOn = Today.AddDays(1) });

        Assert.Equal([sooner, later, done], (await ItemsAsync(http, setup.Url)).Select(s => (long)s!["id"]!));
    }

    [Fact]
    public async Task A_signed_in_coach_is_the_default_coach_of_a_step()
    {
        var setup = await NewSetupAsync();
        var browser = await api.SignedInAsync(setup.Tenant.TenantId, Role.Coach, setup.CoachId);
        await browser.UseAntiforgeryAsync();
        var step = await (await browser.PostJsonAsync(setup.Url, new { what = "Följ upp på jobbet", dueOn = Today })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(setup.CoachId, (long)step["coachId"]!);
    }

    [Theory]
    [InlineData("""{"dueOn":"2025-01-01"}""", "what")]
    [InlineData("""{"what":"","dueOn":"2025-01-01"}""", "what")]
    [InlineData("""{"what":"Ring"}""", "dueOn")]
    [InlineData("""{"what":"Ring","dueOn":"1999-12-31"}""", "dueOn")]
    [InlineData("""{"what":"Ring","dueOn":"2199-01-01"}""", "dueOn")]
    [InlineData("""{"what":"Ring om personnummer 850709-9805","dueOn":"2025-01-01"}""", "what")]
    [InlineData("""{"what":"Ring","dueOn":"2025-01-01","coachId":0}""", "coachId")]
    [InlineData("""{"what":"Ring","dueOn":"2025-01-01","coachId":999999999}""", "coachId")]
    public async Task Bad_steps_are_refused_and_nothing_is_stored(string json, string field)
    {
        var setup = await NewSetupAsync();
        var response = await setup.Tenant.Http.SendRawJsonAsync(HttpMethod.Post, setup.Url, json);
        Assert.True((await response.ReadValidationErrorsAsync()).ContainsKey(field));
        Assert.Empty(await ItemsAsync(setup.Tenant.Http, setup.Url));
    }

    [Fact]
    public async Task Too_long_text_is_refused()
    {
        var setup = await NewSetupAsync();
        var response = await setup.Tenant.Http.PostJsonAsync(setup.Url, new { what = new string('a', 501), dueOn = Today });
        Assert.True((await response.ReadValidationErrorsAsync()).ContainsKey("what"));
    }

    [Fact]
    public async Task Another_organisation_sees_and_changes_nothing()
    {
        var setup = await NewSetupAsync();
        var url = $"{setup.Url}/{await setup.Tenant.Http.CreateAsync(setup.Url, new { what = "Ring", dueOn = Today })}";
        var other = await api.NewTenantAsync();

        await (await other.Http.GetAsync(setup.Url)).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.Http.PostJsonAsync(setup.Url, new { what = "Ring", dueOn = Today })).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.Http.PutJsonAsync(url, new { what = "Ändrad", dueOn = Today })).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.Http.DeleteAsync(url)).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Ring", (string)(await ItemsAsync(setup.Tenant.Http, setup.Url))[0]!["what"]!);
    }

    [Fact]
    public async Task Reading_needs_participants_read_and_writing_participants_write()
    {
        var setup = await NewSetupAsync();
        var reader = await setup.Tenant.WithScopesAsync(Scopes.ParticipantsRead);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(setup.Url)).StatusCode);
        await (await reader.PostJsonAsync(setup.Url, new { what = "Ring", dueOn = Today })).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().GetAsync(setup.Url)).StatusCode);
    }

    [Fact]
    public async Task Next_steps_are_audited()
    {
        var setup = await NewSetupAsync();
        await setup.Tenant.Http.CreateAsync(setup.Url, new { what = "Ring", dueOn = Today });
        var audit = await (await setup.Tenant.Http.GetAsync($"/v1/participants/{setup.ParticipantId}/audit")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Contains(audit["items"]!.AsArray(), e => (string)e!["resource"]! == "next-steps" && (string)e["action"]! == "create");
    }
}

public sealed class NextStepsTestsOnSqlite(SqliteApiFactory api) : NextStepsTests(api);
public sealed class NextStepsTestsOnSqlServer(SqlServerApiFactory api) : NextStepsTests(api);

using System.Net;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Participants;

/// <summary>The name a participant wants to be called by: optional, short, replaced by PUT, erased with them.</summary>
public abstract class CallingNameTests(MatchApiFactory api)
{
    [Fact]
    public async Task A_calling_name_is_stored_trimmed_changed_and_cleared()
    {
        var tenant = await api.NewTenantAsync();
        var created = await (await tenant.Http.PostJsonAsync("/v1/participants",
            new { externalRef = "IPS-cn-a", enrolmentDate = "2025-02-03", callingName = "  Kim " })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Kim", (string)created["callingName"]!);
        var url = $"/v1/participants/{created["id"]}";

        var renamed = await (await tenant.Http.PutJsonAsync(url, new { externalRef = "IPS-cn-a", enrolmentDate = "2025-02-03", status = "paused", callingName = "Kimmie" }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Kimmie", (string)renamed["callingName"]!);
        Assert.Equal("paused", (string)renamed["status"]!);

        var cleared = await (await tenant.Http.PutJsonAsync(url, new { externalRef = "IPS-cn-a", enrolmentDate = "2025-02-03", callingName = " " }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Null(cleared["callingName"]);
        Assert.Null((await (await tenant.Http.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK))["callingName"]);
    }

    [Fact]
    public async Task A_participant_without_a_calling_name_has_none()
    {
        var tenant = await api.NewTenantAsync();
        var created = await (await tenant.Http.PostJsonAsync("/v1/participants", new { externalRef = "IPS-cn-b", enrolmentDate = "2025-02-03" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Null(created["callingName"]);
    }

    [Theory]
    [InlineData(51)]
    [InlineData(200)]
    public async Task A_calling_name_longer_than_fifty_characters_is_refused(int length)
    {
        var tenant = await api.NewTenantAsync();
        var response = await tenant.Http.PostJsonAsync("/v1/participants",
            new { externalRef = "IPS-cn-c", enrolmentDate = "2025-02-03", callingName = new string('a', length) });
        Assert.True((await response.ReadValidationErrorsAsync()).ContainsKey("callingName"));
        Assert.Equal(0, (long)(await (await tenant.Http.GetAsync("/v1/participants")).ReadJsonAsync(HttpStatusCode.OK))["total"]!);
    }

    [Fact]
    public async Task A_personal_identity_number_is_no_calling_name()
    {
        var tenant = await api.NewTenantAsync();
        var response = await tenant.Http.PostJsonAsync("/v1/participants",
            new { externalRef = "IPS-cn-d", enrolmentDate = "2025-02-03", callingName = "850709-9805" });
        Assert.True((await response.ReadValidationErrorsAsync()).ContainsKey("callingName"));
    }
}

public sealed class CallingNameTestsOnSqlite(SqliteApiFactory api) : CallingNameTests(api);
public sealed class CallingNameTestsOnSqlServer(SqlServerApiFactory api) : CallingNameTests(api);

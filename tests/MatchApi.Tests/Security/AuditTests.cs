using System.Data.Common;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Dapper;
using MatchApi.Audit;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace MatchApi.Tests.Security;

public abstract class AuditTests(MatchApiFactory api)
{
    private static async Task<JsonArray> AuditAsync(HttpClient admin, long participantId, string query = "")
    {
        var page = await (await admin.GetAsync($"/v1/participants/{participantId}/audit{query}")).ReadJsonAsync(HttpStatusCode.OK);
        return page["items"]!.AsArray();
    }

    private static string Describe(JsonNode? entry) =>
        $"{entry!["action"]} {entry["resource"]} {entry["httpMethod"]} {entry["path"]} {entry["statusCode"]}";

    [Fact]
    public async Task Every_read_and_write_of_a_participant_is_recorded_newest_first()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "IPS-AUDIT-1", enrolmentDate = "2024-03-15" });
        (await tenant.Http.GetAsync($"/v1/participants/{id}")).EnsureSuccessStatusCode();
        (await tenant.Http.PutJsonAsync($"/v1/participants/{id}/goals", SecurityKit.Goals("Jag vill laga mat."))).EnsureSuccessStatusCode();
        (await tenant.Http.GetAsync($"/v1/participants/{id}/goals")).EnsureSuccessStatusCode();
        (await tenant.Http.PutJsonAsync($"/v1/participants/{id}", new { externalRef = "IPS-AUDIT-1", enrolmentDate = "2024-03-16" }))
            .EnsureSuccessStatusCode();

        var entries = await AuditAsync(tenant.Http, id);

        Assert.Equal(
        [
            "update participant PUT /v1/participants/{id:long} 200",
            "read goals GET /v1/participants/{id:long}/goals/ 200",
            "update goals PUT /v1/participants/{id:long}/goals/ 200",
            "read participant GET /v1/participants/{id:long} 200",
            "create participant POST /v1/participants/ 201",
        ], entries.Select(Describe));
        foreach (var entry in entries)
        {
            Assert.StartsWith("key:", (string)entry!["actor"]!);
            Assert.True(DateTimeOffset.Parse((string)entry["occurredAt"]!, CultureInfo.InvariantCulture) > DateTimeOffset.UtcNow.AddMinutes(-5));
        }
    }

    [Fact]
    public async Task A_list_read_is_recorded_without_a_participant()
    {
        var tenant = await api.NewTenantAsync();
        (await tenant.Http.GetAsync("/v1/participants?status=active&pageSize=5")).EnsureSuccessStatusCode();

        await using var connection = await api.Db.OpenAuditAsync(default);
        var rows = (await connection.QueryAsync<AuditRow>(
            "SELECT resource AS Resource, path AS Path, participant_id AS ParticipantId, status_code AS StatusCode FROM audit_log WHERE tenant_id = @TenantId;",
            new { tenant.TenantId })).ToList();
        var row = Assert.Single(rows);
        Assert.Equal("participants", row.Resource);
        // The template only: query strings may carry search terms.
        Assert.Equal("/v1/participants/", row.Path);
        Assert.Null(row.ParticipantId);
    }

    [Fact]
    public async Task Refused_attempts_on_a_participant_are_recorded_with_their_status()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "IPS-AUDIT-2", enrolmentDate = "2024-03-15" });
        var outsider = await tenant.WithScopesAsync(Scopes.CoachesRead);
        await (await outsider.GetAsync($"/v1/participants/{id}/goals")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await outsider.PutJsonAsync($"/v1/participants/{id}/goals", SecurityKit.Goals("x"))).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await tenant.Http.GetAsync($"/v1/participants/{id}/goals")).ReadProblemAsync(HttpStatusCode.NotFound);

        var entries = await AuditAsync(tenant.Http, id);
        Assert.Equal(
        [
            "read goals GET /v1/participants/{id:long}/goals/ 404",
            "update goals PUT /v1/participants/{id:long}/goals/ 403",
            "read goals GET /v1/participants/{id:long}/goals/ 403",
            "create participant POST /v1/participants/ 201",
        ], entries.Select(Describe));
    }

    [Fact]
    public async Task Another_tenants_attempt_is_recorded_in_its_own_log_only()
    {
        var owner = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var id = await owner.Http.CreateAsync("/v1/participants", new { externalRef = "IPS-AUDIT-3", enrolmentDate = "2024-03-15" });

        await (await other.Http.GetAsync($"/v1/participants/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);

        var ours = await AuditAsync(owner.Http, id);
        Assert.Equal(["create participant POST /v1/participants/ 201"], ours.Select(Describe));
        // The other organisation cannot read a trail of our participant, but its attempt is on its own record.
        await (await other.Http.GetAsync($"/v1/participants/{id}/audit")).ReadProblemAsync(HttpStatusCode.NotFound);
        await using var connection = await api.Db.OpenAuditAsync(default);
        var theirs = await connection.QueryAsync<AuditRow>("""
            SELECT resource AS Resource, path AS Path, participant_id AS ParticipantId, status_code AS StatusCode
            FROM audit_log WHERE tenant_id = @TenantId AND participant_id = @Id ORDER BY id;
            """, new { other.TenantId, Id = id });
        Assert.Equal(["participant 404", "audit 404"], theirs.Select(r => $"{r.Resource} {r.StatusCode}"));
    }

    [Fact]
    public async Task Requests_without_credentials_are_not_recorded()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "IPS-AUDIT-4", enrolmentDate = "2024-03-15" });
        await (await api.Anonymous().GetAsync($"/v1/participants/{id}/goals")).ReadProblemAsync(HttpStatusCode.Unauthorized);

        Assert.Equal(["create participant POST /v1/participants/ 201"], (await AuditAsync(tenant.Http, id)).Select(Describe));
    }

    [Fact]
    public async Task Contacts_about_a_participant_are_recorded_under_that_participant()
    {
        var tenant = await api.NewTenantAsync();
        var data = await PersonalData.CreateAsync(tenant);
        (await tenant.Http.GetAsync($"/v1/employers/{data.EmployerId}/contacts/{data.ContactId}")).EnsureSuccessStatusCode();
        (await tenant.Http.GetAsync($"/v1/employers/{data.EmployerId}/contacts")).EnsureSuccessStatusCode();

        var entries = await AuditAsync(tenant.Http, data.ParticipantId);
        Assert.Equal(
        [
            "read contacts GET /v1/employers/{id:long}/contacts/{contactId:long} 200",
            "create next-steps POST /v1/participants/{id:long}/next-steps/ 201",
            "create contacts POST /v1/employers/{id:long}/contacts 201",
            "update goals PUT /v1/participants/{id:long}/goals/ 200",
            "create participant POST /v1/participants/ 201",
        ], entries.Select(Describe));

        await using var connection = await api.Db.OpenAuditAsync(default);
        var listReads = await connection.ExecuteScalarAsync<long>("""
            SELECT COUNT(1) FROM audit_log
            WHERE tenant_id = @TenantId AND resource = 'contacts' AND path = '/v1/employers/{id:long}/contacts' AND http_method = 'GET'
              AND participant_id IS NULL;
            """, new { tenant.TenantId });
        Assert.Equal(1, listReads);
    }

    [Fact]
    public async Task The_audit_trail_is_for_admins_of_the_same_organisation()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "IPS-AUDIT-5", enrolmentDate = "2024-03-15" });
        var reader = await tenant.WithScopesAsync(Scopes.ParticipantsRead, Scopes.ParticipantsWrite);
        var other = await api.NewTenantAsync();

        await (await reader.GetAsync($"/v1/participants/{id}/audit")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await api.Anonymous().GetAsync($"/v1/participants/{id}/audit")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await other.Http.GetAsync($"/v1/participants/{id}/audit")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Http.GetAsync("/v1/participants/987654321/audit")).ReadProblemAsync(HttpStatusCode.NotFound);
        var errors = await (await tenant.Http.GetAsync($"/v1/participants/{id}/audit?pageSize=201")).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("pageSize"));
    }

    [Fact]
    public async Task The_audit_trail_is_paged()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "IPS-AUDIT-6", enrolmentDate = "2024-03-15" });
        for (var i = 0; i < 3; i++) (await tenant.Http.GetAsync($"/v1/participants/{id}")).EnsureSuccessStatusCode();

        var page = await (await tenant.Http.GetAsync($"/v1/participants/{id}/audit?pageSize=2&page=2")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(4, (long)page["total"]!);
        Assert.Equal(["read participant GET /v1/participants/{id:long} 200", "create participant POST /v1/participants/ 201"],
            page["items"]!.AsArray().Select(Describe));
    }

    [Fact]
    public async Task Audit_rows_cannot_be_changed_or_deleted()
    {
        var tenant = await api.NewTenantAsync();
        await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "IPS-AUDIT-7", enrolmentDate = "2024-03-15" });

        await using var connection = await api.Db.OpenAuditAsync(default);
        await Assert.ThrowsAnyAsync<DbException>(() =>
            connection.ExecuteAsync("UPDATE audit_log SET actor = 'someone else' WHERE tenant_id = @TenantId;", new { tenant.TenantId }));
        await Assert.ThrowsAnyAsync<DbException>(() =>
            connection.ExecuteAsync("DELETE FROM audit_log WHERE tenant_id = @TenantId;", new { tenant.TenantId }));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(1) FROM audit_log WHERE tenant_id = @TenantId AND actor LIKE 'key:%';", new { tenant.TenantId }));
    }

    [Fact]
    public async Task Concurrent_audited_reads_each_have_their_own_row_committed_before_the_answer()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "IPS-AUDIT-8", enrolmentDate = "2024-03-15" });

        // Rows are committed together by one writer; every answer must still wait for its own row.
        const int reads = 24;
        var answers = await Task.WhenAll(Enumerable.Range(0, reads).Select(_ => tenant.Http.GetAsync($"/v1/participants/{id}")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));

        await using var connection = await api.Db.OpenAuditAsync(default);
        Assert.Equal(reads, await connection.ExecuteScalarAsync<long>(
            "SELECT COUNT(1) FROM audit_log WHERE tenant_id = @TenantId AND participant_id = @Id AND action = 'Read' AND status_code = 200;",
            new { tenant.TenantId, Id = id }));
    }

    [Fact]
    public void The_api_has_no_route_that_changes_audit_rows()
    {
        api.EnsureUsable();
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var writers = endpoints
            .Where(e => e.RoutePattern.RawText?.Contains("audit", StringComparison.OrdinalIgnoreCase) == true)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])
            .Where(m => m != "GET")
            .ToList();
        Assert.Empty(writers);
    }

    [Fact]
    public void Every_participant_route_is_audited()
    {
        api.EnsureUsable();
        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var unaudited = endpoints
            .Where(e => e.RoutePattern.RawText!.StartsWith("/v1/participants", StringComparison.Ordinal)
                || e.RoutePattern.RawText!.Contains("/contacts", StringComparison.Ordinal))
            .Where(e => e.Metadata.GetMetadata<AuditedAttribute>() is null)
            .Select(e => e.DisplayName)
            .ToList();
        Assert.True(unaudited.Count == 0, "Not audited: " + string.Join(", ", unaudited));
    }
}

internal sealed class AuditRow
{
    public string Resource { get; init; } = "";
    public string Path { get; init; } = "";
    public long? ParticipantId { get; init; }
    public int StatusCode { get; init; }
}

public sealed class AuditTestsOnSqlite(SqliteApiFactory api) : AuditTests(api);
public sealed class AuditTestsOnSqlServer(SqlServerApiFactory api) : AuditTests(api);

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MatchApi.Common;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.OpenApi;

/// <summary>The contract itself: it must catch what it is there to catch.</summary>
public sealed class OpenApiContractTests
{
    private static readonly OpenApiContract Contract = OpenApiContract.Committed;

    private static IReadOnlyList<string> Check(int status, string? contentType, string body, string template = "/v1/coaches/{id}",
        string method = "GET", params string[] headers) =>
        Contract.Check(method, template, status, name => headers.Contains(name, StringComparer.OrdinalIgnoreCase), contentType, Encoding.UTF8.GetBytes(body));

    private const string Coach = """{"id":7,"name":"Anna","email":null,"phone":null,"createdAt":"2026-01-01T00:00:00+00:00","updatedAt":"2026-01-01T00:00:00+00:00"}""";

    [Fact]
    public void A_conforming_response_has_no_violations() =>
        Assert.Empty(Check(200, "application/json; charset=utf-8", Coach, headers: "ETag"));

    [Fact]
    public void An_undeclared_status_is_a_violation() =>
        Assert.Contains(Check(418, "application/problem+json", """{"status":418}"""), p => p.Contains("status 418 is not declared"));

    [Fact]
    public void A_body_that_breaks_its_schema_is_a_violation()
    {
        Assert.NotEmpty(Check(200, "application/json", Coach.Replace("\"id\":7", "\"id\":\"seven\""), headers: "ETag"));
        Assert.NotEmpty(Check(200, "application/json", Coach.Replace("\"name\":\"Anna\",", ""), headers: "ETag"));
        Assert.NotEmpty(Check(200, "application/json", Coach.Replace("\"id\":7", "\"id\":7,\"tenantId\":3"), headers: "ETag"));
    }

    [Fact]
    public void A_missing_required_header_is_a_violation() =>
        Assert.Contains("required header ETag is missing", Check(200, "application/json", Coach));

    [Fact]
    public void An_undeclared_media_type_is_a_violation() =>
        Assert.Contains(Check(200, "text/html", "<p>Anna</p>", headers: "ETag"), p => p.Contains("text/html"));

    [Fact]
    public void Problems_carry_trace_ids_and_extensions()
    {
        Assert.Empty(Check(404, "application/problem+json", """{"type":"t","title":"Not found.","status":404,"detail":"No coach 7.","traceId":"00-ab","extra":1}"""));
        Assert.Empty(Check(400, "application/problem+json", """{"title":"x","status":400,"errors":{"rows[2].orgNumber":["bad"]},"traceId":"00-ab","invalidRows":[{"row":2,"line":3,"externalRef":"A","field":"orgNumber","column":"orgnr","message":"bad"}]}""",
            template: "/v1/employers/sync", method: "POST"));
    }

    [Fact]
    public void The_document_takes_its_limits_and_required_fields_from_the_validators()
    {
        var document = JsonNode.Parse(File.ReadAllText(OpenApiContract.DocumentPath))!;
        var schemas = document["components"]!["schemas"]!;
        Assert.Equal(200, ((int)schemas["OpeningRequest"]!["properties"]!["title"]!["maxLength"]!));
        Assert.Contains("title", schemas["OpeningRequest"]!["required"]!.AsArray().Select(n => (string)n!));
        Assert.DoesNotContain("subsidyType", schemas["OpeningRequest"]!["required"]!.AsArray().Select(n => (string)n!));
        Assert.DoesNotContain("coachId", (schemas["MatchRequest"]!["required"]?.AsArray().Select(n => (string)n!) ?? []));
        Assert.DoesNotContain("email", (schemas["CoachRequest"]!["required"]?.AsArray().Select(n => (string)n!) ?? []));
        Assert.DoesNotContain(schemas["SubsidyType"]!["enum"]!.AsArray(), n => n == null);

        var list = document["paths"]!["/v1/openings"]!["get"]!;
        var pageSize = list["parameters"]!.AsArray().Single(p => (string)p!["name"]! == "pageSize")!;
        Assert.Equal(PageRequest.MaxPageSize, ((int)pageSize["schema"]!["maximum"]!));
        Assert.Equal(["open", "filled", "closed"], list["parameters"]!.AsArray().Single(p => (string)p!["name"]! == "status")!["schema"]!["enum"]!.AsArray()
            .Select(n => (string)n!));
        foreach (var status in new[] { "401", "403", "429" })
            Assert.NotNull(list["responses"]![status]!["content"]!["application/problem+json"]);
        Assert.NotNull(list["responses"]!["429"]!["headers"]!["Retry-After"]);
        Assert.Empty(document["paths"]!["/auth/login"]!["post"]!["security"]!.AsArray());
    }
}

/// <summary>HEAD, If-None-Match and the API's own words in errors, over HTTP.</summary>
public abstract class ConditionalRequestTests(MatchApiFactory api)
{
    private static async Task<(long Id, string ETag)> CoachAsync(HttpClient http)
    {
        var created = await http.PostJsonAsync("/v1/coaches", new { name = "Anna Coach" });
        var body = await created.ReadJsonAsync(HttpStatusCode.Created);
        var read = await http.GetAsync($"/v1/coaches/{(long)body["id"]!}");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        return ((long)body["id"]!, read.Headers.ETag!.ToString());
    }

    [Fact]
    public async Task Head_answers_like_get_without_a_body()
    {
        var tenant = await api.NewTenantAsync();
        var (id, etag) = await CoachAsync(tenant.Http);
        var head = await tenant.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/coaches/{id}"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(etag, head.Headers.ETag!.ToString());
        Assert.Empty((await head.Content.ReadAsByteArrayAsync()));
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/v1/coaches"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.Anonymous().SendAsync(new HttpRequestMessage(HttpMethod.Head, $"/v1/coaches/{id}"))).StatusCode);
    }

    [Fact]
    public async Task A_read_with_the_current_etag_is_304_until_the_resource_changes()
    {
        var tenant = await api.NewTenantAsync();
        var (id, etag) = await CoachAsync(tenant.Http);
        HttpRequestMessage Conditional(string tag)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/coaches/{id}");
            request.Headers.IfNoneMatch.Add(EntityTagHeaderValue.Parse(tag));
            return request;
        }

        var unchanged = await tenant.Http.SendAsync(Conditional(etag));
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
        Assert.Equal(etag, unchanged.Headers.ETag!.ToString());
        Assert.Empty((await unchanged.Content.ReadAsByteArrayAsync()));

        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.PutJsonAsync($"/v1/coaches/{id}", new { name = "Anna Renamed" }, etag)).StatusCode);
        var changed = await tenant.Http.SendAsync(Conditional(etag));
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("Anna Renamed", ((string)(await changed.ReadJsonAsync(HttpStatusCode.OK))["name"]!));
    }

    [Fact]
    public async Task Errors_name_fields_in_camel_case_and_never_show_dotnet_types()
    {
        var tenant = await api.NewTenantAsync();
        var invalid = await (await tenant.Http.PostJsonAsync("/v1/coaches", new { name = "", phone = "x" })).ReadValidationErrorsAsync();
        Assert.Equal(["name", "phone"], invalid.Select(e => e.Key).Order(StringComparer.Ordinal));

        var page = await (await tenant.Http.GetAsync("/v1/coaches?pageSize=500")).ReadValidationErrorsAsync();
        Assert.Equal(["pageSize"], page.Select(e => e.Key));

        foreach (var response in new[]
        {
            await tenant.Http.GetAsync("/v1/coaches?pageSize=abc"),
            await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/participants", """{"enrolmentDate":"soon"}"""),
            await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/coaches", """{"name":"A","unknown":1}"""),
            await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/coaches", ""),
        })
        {
            var detail = (string?)(await response.ReadProblemAsync(HttpStatusCode.BadRequest))["detail"] ?? "";
            Assert.NotEmpty(detail);
            foreach (var internals in new[] { "System.", "Nullable", "Int32", "parameter \"", ".NET", "Implicit body", "Service instead" })
                Assert.False(detail.Contains(internals), $"detail: {detail}");
        }
    }
}

public sealed class ConditionalRequestTestsOnSqlite(SqliteApiFactory api) : ConditionalRequestTests(api);

public sealed class ConditionalRequestTestsOnSqlServer(SqlServerApiFactory api) : ConditionalRequestTests(api);

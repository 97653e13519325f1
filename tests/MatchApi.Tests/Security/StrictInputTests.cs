using System.Net;
using System.Text;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Security;

/// <summary>Bodies the API used to take (or answer 500) and now refuses with a 4xx problem naming what is wrong.</summary>
public abstract class StrictInputTests(MatchApiFactory api)
{
    private static HttpRequestMessage Raw(HttpMethod method, string url, string body, string contentType) =>
        new(method, url) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { { "Content-Type", contentType } } } };

    [Theory]
    [InlineData("application/json; charset=ebcdic")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/json; charset=utf-16")]
    public async Task A_body_in_another_charset_than_utf8_is_415_problem(string contentType)
    {
        var tenant = await api.NewTenantAsync();
        var response = await tenant.Http.SendAsync(Raw(HttpMethod.Post, "/v1/employers", """{"name":"Volvo Cars"}""", contentType));
        var problem = await response.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("UTF-8", (string)problem["detail"]!);
        var login = await api.Anonymous().SendAsync(Raw(HttpMethod.Post, "/auth/login", """{"username":"a","password":"b"}""", contentType));
        await login.ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);

        var utf8 = await tenant.Http.SendAsync(Raw(HttpMethod.Post, "/v1/employers", """{"name":"Volvo Cars"}""", "application/json; charset=UTF-8"));
        Assert.Equal(HttpStatusCode.Created, utf8.StatusCode);
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=xyz", "no boundary here at all")]
    [InlineData("multipart/form-data; boundary=xyz", "--xyz\r\nContent-Disposition: form-data; name=\"username\"\r\n\r\nanna")]
    [InlineData("multipart/form-data", "--xyz\r\n\r\n")]
    public async Task A_malformed_multipart_sign_in_is_400_problem(string contentType, string body)
    {
        var response = await api.Anonymous().SendAsync(Raw(HttpMethod.Post, "/auth/login", body, contentType));
        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    // One enum value per field in query strings: every query parameter the document lists values for, on every GET
    // without path parameters, refuses two of its values joined by a comma (the framework's own enum binding takes them).
    [Fact]
    public async Task No_enum_query_parameter_takes_a_comma_joined_list()
    {
        var tenant = await api.NewTenantAsync();
        var document = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(OpenApiContract.DocumentPath))!;
        var probed = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            if (path.Contains('{') || item!["get"] is not { } get) continue;
            foreach (var parameter in get["parameters"]?.AsArray() ?? [])
            {
                if ((string?)parameter!["in"] != "query" || parameter["schema"]?["enum"] is not System.Text.Json.Nodes.JsonArray { Count: >= 2 } values) continue;
                var name = (string)parameter["name"]!;
                var url = $"{path}?{name}={Uri.EscapeDataString($"{values[0]},{values[1]}")}";
                var response = await tenant.Http.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{url}: {(int)response.StatusCode}");
                var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
                Assert.Contains(name, problem.ToJsonString(), StringComparison.OrdinalIgnoreCase);
                probed.Add(url);
            }
        }
        Assert.True(probed.Count >= 4, string.Join(", ", probed));
    }

    // One enum value per field in JSON bodies: every enum field (at any depth, in lists too) of every JSON body the document
    // describes gets two of its values joined by a comma ("private, public" used to be stored as public).
    [Fact]
    public async Task No_enum_field_of_any_json_body_takes_a_comma_joined_list()
    {
        var tenant = await api.NewTenantAsync();
        var document = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(OpenApiContract.DocumentPath))!;
        var probed = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation?["requestBody"]?["content"]?["application/json"]?["schema"] is not { } schema) continue;
                var url = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", "987654321");
                // Required query parameters (a sync's source) get a plain value, so that the body is what is judged.
                var query = (operation["parameters"]?.AsArray() ?? []).Where(p => (string?)p!["in"] == "query" && (bool?)p["required"] == true)
                    .Select(p => $"{(string)p!["name"]!}={(string?)p["schema"]?["enum"]?[0] ?? "probe"}").ToList();
                if (query.Count > 0) url += "?" + string.Join("&", query);
                foreach (var (body, field) in EnumProbes(document, schema, "", 0))
                {
                    var response = await tenant.Http.SendRawJsonAsync(new HttpMethod(method.ToUpperInvariant()), url, body.ToJsonString());
                    var text = await response.Content.ReadAsStringAsync();
                    Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {url} {body.ToJsonString()}: {(int)response.StatusCode} {text}");
                    var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
                    Assert.True(problem["errors"]?[field] is not null || ((string?)problem["detail"])?.Contains($"'{field}'") == true,
                        $"{method} {url} {body.ToJsonString()}: {text}");
                    probed.Add($"{method} {path} {field}");
                }
            }
        }
        // The issue counted 55 such cases; fewer means the walk below stopped finding them.
        Assert.True(probed.Count >= 40, string.Join("\n", probed));
        Assert.Contains(probed, p => p.EndsWith(" sector", StringComparison.Ordinal));
        Assert.Contains(probed, p => p.Contains("[0]", StringComparison.Ordinal));
    }

    /// <summary>A minimal body per enum field reachable from <paramref name="schema"/>, with the field's expected error key.</summary>
    private static IEnumerable<(System.Text.Json.Nodes.JsonNode Body, string Field)> EnumProbes(
        System.Text.Json.Nodes.JsonNode document, System.Text.Json.Nodes.JsonNode schema, string at, int depth)
    {
        if (depth > 4) yield break;
        schema = Resolve(document, schema);
        if (schema["enum"] is System.Text.Json.Nodes.JsonArray { Count: >= 2 } values
            && values.Where(v => v is not null).Take(2).ToList() is [{ } first, { } second])
        {
            yield return (System.Text.Json.Nodes.JsonValue.Create($"{first}, {second}"), at);
            yield break;
        }
        if (schema["items"] is { } items)
        {
            // A sync list's rows are counted from 1, as in its other errors; lists inside a body from 0, as JSON paths are.
            var element = at.Length == 0 ? "rows[1]" : $"{at}[0]";
            foreach (var (body, field) in EnumProbes(document, items, element, depth + 1))
                yield return (new System.Text.Json.Nodes.JsonArray(body), field);
            yield break;
        }
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
            foreach (var (body, field) in EnumProbes(document, property!, at.Length == 0 ? name : $"{at}.{name}", depth + 1))
                yield return (new System.Text.Json.Nodes.JsonObject { [name] = body }, field);
    }

    private static System.Text.Json.Nodes.JsonNode Resolve(System.Text.Json.Nodes.JsonNode document, System.Text.Json.Nodes.JsonNode schema)
    {
        for (var i = 0; i < 8; i++)
        {
            if ((string?)schema["$ref"] is { } reference)
                schema = document["components"]!["schemas"]![reference[(reference.LastIndexOf('/') + 1)..]]!;
            else if ((schema["oneOf"] ?? schema["anyOf"]) is System.Text.Json.Nodes.JsonArray branches)
                schema = branches.First(b => b!["type"] is not System.Text.Json.Nodes.JsonValue type || type.GetValue<string>() != "null")!;
            else break;
        }
        return schema;
    }

    [Fact]
    public async Task Duplicate_json_keys_are_refused()
    {
        var tenant = await api.NewTenantAsync();
        var response = await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/employers", """{"name":"Dup AB","name":""}""");
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("name", (string)problem["detail"]!);
    }

    [Theory]
    [InlineData("IPS-\u0000-1")]
    [InlineData("IPS-\u202E1-SPI")]
    [InlineData("IPS-\u2066x")]
    [InlineData("IPS-\u0007")]
    public async Task Control_and_bidi_override_characters_are_refused_naming_the_field(string externalRef)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.PostJsonAsync("/v1/participants", new { externalRef, enrolmentDate = "2024-03-15" }))
            .ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("externalRef"), errors.ToJsonString());
        var list = await (await tenant.Http.GetAsync("/v1/participants")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (long)list["total"]!);
    }

    [Fact]
    public async Task Nested_text_is_checked_and_line_breaks_are_allowed()
    {
        var tenant = await api.NewTenantAsync();
        var coachId = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Anna Lindqvist" });
        var employerId = await tenant.Http.CreateAsync("/v1/employers", new { name = "Djurkliniken" });
        await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts", SecurityKit.Contact(coachId, note: "Rad ett\r\nRad två\tmed tab"));
        var errors = await (await tenant.Http.PostJsonAsync($"/v1/employers/{employerId}/contacts", SecurityKit.Contact(coachId, note: "Dold\u202Etext")))
            .ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("note"), errors.ToJsonString());
    }

    [Theory]
    [InlineData("/v1/participants?page=2147483647")]
    [InlineData("/v1/employers?page=2147483647&pageSize=200")]
    [InlineData("/v1/participants?page=1000001")]
    public async Task A_page_beyond_the_bound_is_400_not_the_first_page(string url)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.GetAsync(url)).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("page"), errors.ToJsonString());
    }

    [Theory]
    [InlineData("null")]
    [InlineData(" \r\n null")]
    [InlineData("{\"externalRef\":\"A-1\",\"name\":\"Volvo Cars\"}")]
    [InlineData("")]
    public async Task A_sync_body_that_is_not_a_list_is_refused_and_mirror_mode_deletes_nothing(string body)
    {
        var tenant = await api.NewTenantAsync();
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/employers/sync?source=crm",
            """[{"externalRef":"A-1","name":"Volvo Cars"}]""")).StatusCode);

        var response = await tenant.Http.SendAsync(Raw(HttpMethod.Post, "/v1/employers/sync?source=crm&mode=mirror", body, "application/json"));
        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        var list = await (await tenant.Http.GetAsync("/v1/employers")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (long)list["total"]!);
    }

    [Theory]
    [InlineData("Bygg\u0000 AB")]
    [InlineData("Bygg \u202EBA")]
    [InlineData("Bygg\u2069")]
    public async Task Sync_json_rows_with_control_or_bidi_characters_are_refused_naming_row_and_field(string name)
    {
        var tenant = await api.NewTenantAsync();
        var response = await tenant.Http.PostJsonAsync("/v1/employers/sync?source=crm",
            new object[] { new { externalRef = "E-1", name = "Volvo Cars" }, new { externalRef = "E-2", name } });
        var errors = await response.ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("rows[2].name"), errors.ToJsonString());
        var list = await (await tenant.Http.GetAsync("/v1/employers")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (long)list["total"]!);
    }

    [Fact]
    public async Task Sync_csv_rows_with_control_or_bidi_characters_are_refused_naming_row_line_and_column()
    {
        var tenant = await api.NewTenantAsync();
        var csv = "extern referens;namn;sektor\nE-1;Volvo Cars;privat\nE-2;Bygg \u202EBA;privat\nE-3\u0007;Mark AB;privat\n";
        var response = await tenant.Http.SendAsync(Raw(HttpMethod.Post, "/v1/employers/sync?source=excel", csv, "text/csv"));
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("rows[2].name") && errors.ContainsKey("rows[3].externalRef"), errors.ToJsonString());
        var rows = problem["invalidRows"]!.AsArray();
        var name = rows.Single(r => (string?)r!["field"] == "name")!;
        Assert.Equal(3, (int)name["line"]!);
        Assert.Equal("namn", (string?)name["column"]);
        var list = await (await tenant.Http.GetAsync("/v1/employers")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (long)list["total"]!);
    }

    [Fact]
    public async Task A_csv_row_with_more_cells_than_the_header_is_refused_naming_the_line()
    {
        var tenant = await api.NewTenantAsync();
        var csv = "externalRef;name;sector\nE-1;Volvo Cars;private\nE-2;Bygg; Mark AB;private\n";
        var response = await tenant.Http.SendAsync(Raw(HttpMethod.Post, "/v1/employers/sync?source=excel", csv, "text/csv"));
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Line 3", (string)problem["detail"]!);
        var list = await (await tenant.Http.GetAsync("/v1/employers")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (long)list["total"]!);
    }

    [Theory]
    [InlineData("from=01/02/2026&to=2026-03-01", "from")]
    [InlineData("from=2026-01-01&to=1%20March%202026", "to")]
    public async Task Report_dates_are_iso_only(string query, string field)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.GetAsync($"/v1/reports/outcomes?{query}")).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey(field), errors.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.GetAsync("/v1/reports/outcomes?from=2026-01-01&to=2026-03-01")).StatusCode);
    }

    [Fact]
    public async Task Dates_outside_a_plausible_window_are_refused()
    {
        var tenant = await api.NewTenantAsync();
        var person = await PersonalData.CreateAsync(tenant);
        var placement = await (await tenant.Http.PostJsonAsync($"/v1/participants/{person.ParticipantId}/placements",
            new { employerId = person.EmployerId, kind = "competitive", ssykCode = "5223", startDate = "9999-12-31", hoursPerWeek = 30 }))
            .ReadValidationErrorsAsync();
        Assert.Contains(placement.Select(e => e.Key), k => k.Equals("startDate", StringComparison.OrdinalIgnoreCase));
        var contact = await (await tenant.Http.PostJsonAsync($"/v1/employers/{person.EmployerId}/contacts",
            new { coachId = person.CoachId, contactedAt = "0001-01-01T00:00:00Z", kind = "faceToFace" })).ReadValidationErrorsAsync();
        Assert.Contains(contact.Select(e => e.Key), k => k.Equals("contactedAt", StringComparison.OrdinalIgnoreCase));
    }
}

public sealed class StrictInputTestsOnSqlite(SqliteApiFactory api) : StrictInputTests(api);
public sealed class StrictInputTestsOnSqlServer(SqlServerApiFactory api) : StrictInputTests(api);

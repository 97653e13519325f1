using System.Globalization;
using System.Net;
using MatchApi.Employers;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Employers;

public abstract class EmployersTests(MatchApiFactory api)
{
    private static readonly object Volvo = new
    {
        orgNumber = "556036-0793",
        name = "Volvo Lastvagnar",
        sniCode = "29102",
        municipalityCode = "1480",
        location = new { latitude = 57.7159, longitude = 11.9167 },
        source = "crm",
        externalRef = "V-1",
    };

    private static async Task<long> TotalAsync(HttpClient http, string query = "")
    {
        var list = await (await http.GetAsync($"/v1/employers{query}")).ReadJsonAsync(HttpStatusCode.OK);
        return (long)list["total"]!;
    }

    [Fact]
    public async Task Created_employer_can_be_read_back_with_an_etag()
    {
        var tenant = await api.NewTenantAsync();
        var created = await tenant.Http.PostJsonAsync("/v1/employers", Volvo);
        var body = await created.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/v1/employers/{body["id"]}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);

        var fetched = await tenant.Http.GetAsync(created.Headers.Location);
        var employer = await fetched.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", fetched.Headers.ETag?.Tag);
        Assert.Equal("5560360793", (string)employer["orgNumber"]!);
        Assert.Equal("Volvo Lastvagnar", (string)employer["name"]!);
        Assert.Equal("private", (string)employer["sector"]!);
        Assert.Equal("29102", (string)employer["sniCode"]!);
        Assert.Equal("1480", (string)employer["municipalityCode"]!);
        Assert.Equal(57.7159, (double)employer["location"]!["latitude"]!);
        Assert.Equal(11.9167, (double)employer["location"]!["longitude"]!);
        Assert.Equal("crm", (string)employer["source"]!);
        Assert.Equal("V-1", (string)employer["externalRef"]!);
        Assert.True((bool)employer["active"]!);
        Assert.Equal((string)body["createdAt"]!, (string)employer["createdAt"]!);
        Assert.Equal((string)body["createdAt"]!, (string)employer["updatedAt"]!);
        Assert.Null(employer["tenantId"]);
        Assert.Null(employer["version"]);
    }

    [Fact]
    public async Task Only_a_name_is_required()
    {
        var tenant = await api.NewTenantAsync();
        var body = await (await tenant.Http.PostJsonAsync("/v1/employers", new { name = "Kalles Café" })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Null(body["orgNumber"]);
        Assert.Equal("private", (string)body["sector"]!);
        Assert.Null(body["location"]);
        Assert.Null(body["source"]);
        Assert.True((bool)body["active"]!);
    }

    [Theory]
    [InlineData("212000-1355", "public")]
    [InlineData("2021005489", "public")]
    [InlineData("802002-4280", "nonProfit")]
    [InlineData("556036-0793", "private")]
    public async Task Sector_follows_the_org_number_when_not_given(string orgNumber, string sector)
    {
        var tenant = await api.NewTenantAsync();
        var body = await (await tenant.Http.PostJsonAsync("/v1/employers", new { orgNumber, name = "Arbetsgivare" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(sector, (string)body["sector"]!);
        Assert.Equal(orgNumber.Replace("-", ""), (string)body["orgNumber"]!);
    }

    [Fact]
    public async Task A_given_sector_wins_over_the_org_number()
    {
        var tenant = await api.NewTenantAsync();
        // A municipally owned company is an AB (5…) but works as part of the public sector.
        var body = await (await tenant.Http.PostJsonAsync("/v1/employers",
            new { orgNumber = "556036-0793", name = "Kommunalt bolag AB", sector = "public" })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("public", (string)body["sector"]!);
    }

    [Fact]
    public async Task List_is_paged_sorted_by_name_and_searchable()
    {
        var tenant = await api.NewTenantAsync();
        foreach (var name in new[] { "Östra sjukhuset", "Coop Hisingen", "Ahlsell" })
            await tenant.Http.CreateAsync("/v1/employers", new { name });

        var page1 = await (await tenant.Http.GetAsync("/v1/employers?pageSize=2")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, (long)page1["total"]!);
        Assert.Equal(1, (int)page1["page"]!);
        Assert.Equal(["Ahlsell", "Coop Hisingen"], page1["items"]!.AsArray().Select(e => (string)e!["name"]!));
        var page2 = await (await tenant.Http.GetAsync("/v1/employers?pageSize=2&page=2")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["Östra sjukhuset"], page2["items"]!.AsArray().Select(e => (string)e!["name"]!));

        var search = await (await tenant.Http.GetAsync("/v1/employers?q=hising")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["Coop Hisingen"], search["items"]!.AsArray().Select(e => (string)e!["name"]!));
    }

    [Fact]
    public async Task Same_names_are_ordered_by_id()
    {
        var tenant = await api.NewTenantAsync();
        var first = await tenant.Http.CreateAsync("/v1/employers", new { name = "ICA Maxi" });
        var second = await tenant.Http.CreateAsync("/v1/employers", new { name = "ICA Maxi" });
        var list = await (await tenant.Http.GetAsync("/v1/employers")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal([first, second], list["items"]!.AsArray().Select(e => (long)e!["id"]!));
    }

    [Fact]
    public async Task List_filters_by_sector_municipality_and_active()
    {
        var tenant = await api.NewTenantAsync();
        await tenant.Http.CreateAsync("/v1/employers", new { name = "Göteborgs Stad", orgNumber = "212000-1355", municipalityCode = "1480" });
        await tenant.Http.CreateAsync("/v1/employers", new { name = "Stadsmissionen", sector = "nonProfit", municipalityCode = "1480" });
        await tenant.Http.CreateAsync("/v1/employers", new { name = "Malmö Bygg", municipalityCode = "1280" });
        await tenant.Http.CreateAsync("/v1/employers", new { name = "Nedlagt AB", municipalityCode = "1480", active = false });

        async Task<string[]> Names(string query) =>
            (await (await tenant.Http.GetAsync($"/v1/employers?{query}")).ReadJsonAsync(HttpStatusCode.OK))["items"]!
                .AsArray().Select(e => (string)e!["name"]!).ToArray();

        Assert.Equal(["Göteborgs Stad"], await Names("sector=public"));
        Assert.Equal(["Stadsmissionen"], await Names("sector=nonProfit"));
        Assert.Equal(["Malmö Bygg", "Nedlagt AB"], await Names("sector=private"));
        Assert.Equal(["Göteborgs Stad", "Nedlagt AB", "Stadsmissionen"], await Names("municipalityCode=1480"));
        Assert.Equal(["Nedlagt AB"], await Names("active=false"));
        Assert.Equal(["Göteborgs Stad", "Stadsmissionen"], await Names("active=true&municipalityCode=1480"));
        Assert.Equal(["Stadsmissionen"], await Names("q=stad&sector=nonProfit"));
        Assert.Equal(2, await TotalAsync(tenant.Http, "?active=true&municipalityCode=1480&pageSize=1"));
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("page=0", "page")]
    public async Task Out_of_range_paging_is_a_validation_problem(string query, string field)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.GetAsync($"/v1/employers?{query}")).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey(field));
    }

    [Theory]
    [InlineData("military")]
    [InlineData("1")]
    public async Task Unknown_sector_filter_is_a_validation_problem(string sector)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.GetAsync($"/v1/employers?sector={sector}")).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("sector"));
    }

    [Fact]
    public async Task Invalid_fields_are_each_reported_and_nothing_is_written()
    {
        var tenant = await api.NewTenantAsync();
        var response = await tenant.Http.PostJsonAsync("/v1/employers", new
        {
            orgNumber = "556036-0794",
            name = "",
            sniCode = "1",
            municipalityCode = "9999",
            location = new { latitude = 52.52, longitude = 13.40 },
            source = "crm",
        });
        var errors = await response.ReadValidationErrorsAsync();
        Assert.Equal(OrganisationNumber.CheckDigitMessage, (string)errors["orgNumber"]![0]!);
        Assert.True(errors.ContainsKey("name"));
        Assert.True(errors.ContainsKey("sniCode"));
        Assert.True(errors.ContainsKey("municipalityCode"));
        Assert.True(errors.ContainsKey("location.latitude"));
        Assert.False(errors.ContainsKey("location.longitude"));
        Assert.True(errors.ContainsKey("externalRef"));
        Assert.Equal(0, await TotalAsync(tenant.Http));
    }

    [Fact]
    public async Task A_personal_identity_number_is_refused_as_org_number()
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.PostJsonAsync("/v1/employers", new { orgNumber = "811228-9874", name = "Enskild firma" }))
            .ReadValidationErrorsAsync();
        var message = (string)errors["orgNumber"]![0]!;
        Assert.Contains("personal identity number", message);
        Assert.Contains("Sole traders register without an organisation number", message);
        Assert.Equal(0, await TotalAsync(tenant.Http));
    }

    [Theory]
    [InlineData("5560360")]
    [InlineData("556036-07930")]
    [InlineData("556036/0793")]
    public async Task A_malformed_org_number_is_refused(string orgNumber)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.PostJsonAsync("/v1/employers", new { orgNumber, name = "Firma" })).ReadValidationErrorsAsync();
        Assert.Equal(OrganisationNumber.FormatMessage, (string)errors["orgNumber"]![0]!);
    }

    [Theory]
    [InlineData("12")]
    [InlineData("47111")]
    public async Task Sni_codes_of_two_to_five_digits_are_accepted(string sniCode)
    {
        var tenant = await api.NewTenantAsync();
        var body = await (await tenant.Http.PostJsonAsync("/v1/employers", new { name = "Butik", sniCode })).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal(sniCode, (string)body["sniCode"]!);
    }

    [Theory]
    [InlineData("1")]
    [InlineData("471111")]
    [InlineData("47.11")]
    [InlineData("")]
    public async Task Other_sni_codes_are_refused(string sniCode)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.PostJsonAsync("/v1/employers", new { name = "Butik", sniCode })).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("sniCode"));
    }

    [Theory]
    [InlineData(54.9, 13.0, "location.latitude")]
    [InlineData(70.1, 20.0, "location.latitude")]
    [InlineData(59.3, 9.9, "location.longitude")]
    [InlineData(59.3, 25.1, "location.longitude")]
    public async Task A_location_outside_sweden_is_refused(double latitude, double longitude, string field)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.PostJsonAsync("/v1/employers", new { name = "Utlandet AB", location = new { latitude, longitude } }))
            .ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey(field));
    }

    [Fact]
    public async Task Name_longer_than_200_characters_is_refused()
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.PostJsonAsync("/v1/employers", new { name = new string('a', 201) })).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("name"));
        await tenant.Http.CreateAsync("/v1/employers", new { name = new string('a', 200) });
    }

    [Theory]
    [InlineData("crm", null, "externalRef")]
    [InlineData(null, "V-1", "source")]
    public async Task Source_and_external_ref_must_be_given_together(string? source, string? externalRef, string missing)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.PostJsonAsync("/v1/employers", new { name = "Halv AB", source, externalRef }))
            .ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey(missing));
        Assert.Equal(0, await TotalAsync(tenant.Http));
    }

    [Fact]
    public async Task Duplicate_external_ref_in_one_tenant_is_409_and_nothing_is_written()
    {
        var tenant = await api.NewTenantAsync();
        await tenant.Http.CreateAsync("/v1/employers", Volvo);

        var problem = await (await tenant.Http.PostJsonAsync("/v1/employers", new { name = "Dubblett", source = "crm", externalRef = "V-1" }))
            .ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("V-1", (string)problem["detail"]!);
        Assert.Equal(1, await TotalAsync(tenant.Http));

        // The same reference from another system, or in another organisation, is a different employer.
        await tenant.Http.CreateAsync("/v1/employers", new { name = "Annan källa", source = "af", externalRef = "V-1" });
        var other = await api.NewTenantAsync();
        await other.Http.CreateAsync("/v1/employers", Volvo);
    }

    [Fact]
    public async Task The_same_org_number_may_be_stored_twice()
    {
        var tenant = await api.NewTenantAsync();
        await tenant.Http.CreateAsync("/v1/employers", new { orgNumber = "212000-1355", name = "Göteborgs Stad, förskola" });
        await tenant.Http.CreateAsync("/v1/employers", new { orgNumber = "2120001355", name = "Göteborgs Stad, park och natur" });
        Assert.Equal(2, await TotalAsync(tenant.Http));
    }

    [Fact]
    public async Task Update_to_another_employers_external_ref_is_409()
    {
        var tenant = await api.NewTenantAsync();
        await tenant.Http.CreateAsync("/v1/employers", Volvo);
        var id = await tenant.Http.CreateAsync("/v1/employers", new { name = "Ahlsell", source = "crm", externalRef = "A-1" });

        await (await tenant.Http.PutJsonAsync($"/v1/employers/{id}", new { name = "Ahlsell", source = "crm", externalRef = "V-1" }))
            .ReadProblemAsync(HttpStatusCode.Conflict);
        var unchanged = await (await tenant.Http.GetAsync($"/v1/employers/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("A-1", (string)unchanged["externalRef"]!);

        // Keeping its own reference is not a conflict with itself.
        await (await tenant.Http.PutJsonAsync($"/v1/employers/{id}", new { name = "Ahlsell Sverige", source = "crm", externalRef = "A-1" }))
            .ReadJsonAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unknown_property_is_rejected_with_its_name()
    {
        var tenant = await api.NewTenantAsync();
        var response = await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/employers", """{"name":"Firma","contactPerson":"Eva"}""");
        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("contactPerson", (string)problem["detail"]!);
    }

    [Fact]
    public async Task Unknown_sector_in_body_is_400()
    {
        var tenant = await api.NewTenantAsync();
        var response = await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/employers", """{"name":"Firma","sector":"military"}""");
        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal(0, await TotalAsync(tenant.Http));
    }

    [Fact]
    public async Task Missing_employer_is_404_problem()
    {
        var tenant = await api.NewTenantAsync();
        var problem = await (await tenant.Http.GetAsync("/v1/employers/987654321")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("987654321", (string)problem["detail"]!);
        await (await tenant.Http.PutJsonAsync("/v1/employers/987654321", new { name = "X" })).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Another_tenants_employer_is_not_found_for_read_or_write()
    {
        var owner = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var id = await owner.Http.CreateAsync("/v1/employers", Volvo);

        await (await other.Http.GetAsync($"/v1/employers/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.Http.PutJsonAsync($"/v1/employers/{id}", new { name = "Hijacked" })).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.Http.PutJsonAsync($"/v1/employers/{id}", new { name = "Hijacked" }, "\"1\"")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(0, await TotalAsync(other.Http));

        var unchanged = await (await owner.Http.GetAsync($"/v1/employers/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Volvo Lastvagnar", (string)unchanged["name"]!);
    }

    [Fact]
    public async Task Update_replaces_the_details_and_rederives_the_sector()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/employers", Volvo);

        var updated = await tenant.Http.PutJsonAsync($"/v1/employers/{id}",
            new { orgNumber = "802002-4280", name = "Stiftelsen Volvo", active = false }, "\"1\"");
        var body = await updated.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", updated.Headers.ETag?.Tag);
        Assert.Equal("8020024280", (string)body["orgNumber"]!);
        Assert.Equal("nonProfit", (string)body["sector"]!);
        Assert.False((bool)body["active"]!);
        Assert.Null(body["location"]);
        Assert.Null(body["source"]);
        Assert.Null(body["municipalityCode"]);

        var fetched = await tenant.Http.GetAsync($"/v1/employers/{id}");
        var current = await fetched.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Stiftelsen Volvo", (string)current["name"]!);
        Assert.Equal("\"2\"", fetched.Headers.ETag?.Tag);
        Assert.True(DateTimeOffset.Parse((string)current["updatedAt"]!, CultureInfo.InvariantCulture) >= DateTimeOffset.Parse((string)current["createdAt"]!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Stale_etag_is_412_and_changes_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/employers", Volvo);
        await (await tenant.Http.PutJsonAsync($"/v1/employers/{id}", new { name = "Volvo AB" }, "\"1\"")).ReadJsonAsync(HttpStatusCode.OK);

        await (await tenant.Http.PutJsonAsync($"/v1/employers/{id}", new { name = "Lost update" }, "\"1\"")).ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        var current = await (await tenant.Http.GetAsync($"/v1/employers/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Volvo AB", (string)current["name"]!);
    }

    [Fact]
    public async Task Invalid_update_is_400_and_changes_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/employers", Volvo);
        var errors = await (await tenant.Http.PutJsonAsync($"/v1/employers/{id}", new { name = "Volvo", orgNumber = "811228-9874" }, "\"1\""))
            .ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("orgNumber"));
        var fetched = await tenant.Http.GetAsync($"/v1/employers/{id}");
        var current = await fetched.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("5560360793", (string)current["orgNumber"]!);
        Assert.Equal("\"1\"", fetched.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Malformed_if_match_is_400()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/employers", Volvo);
        await (await tenant.Http.PutJsonAsync($"/v1/employers/{id}", Volvo, "yesterday")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Without_a_key_every_employer_route_is_401()
    {
        var client = api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/employers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/employers/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostJsonAsync("/v1/employers", Volvo)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PutJsonAsync("/v1/employers/1", Volvo)).StatusCode);
    }

    [Fact]
    public async Task A_read_only_key_cannot_write()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/employers", Volvo);
        var reader = await tenant.WithScopesAsync(Scopes.EmployersRead);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/v1/employers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/employers/{id}")).StatusCode);
        await (await reader.PostJsonAsync("/v1/employers", Volvo)).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.PutJsonAsync($"/v1/employers/{id}", Volvo)).ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task A_key_without_employer_scopes_cannot_read()
    {
        var tenant = await api.NewTenantAsync();
        var id = await tenant.Http.CreateAsync("/v1/employers", Volvo);
        var coachesOnly = await tenant.WithScopesAsync(Scopes.CoachesRead, Scopes.CoachesWrite);
        await (await coachesOnly.GetAsync("/v1/employers")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await coachesOnly.GetAsync($"/v1/employers/{id}")).ReadProblemAsync(HttpStatusCode.Forbidden);
    }
}

public sealed class EmployersTestsOnSqlite(SqliteApiFactory api) : EmployersTests(api);
public sealed class EmployersTestsOnSqlServer(SqlServerApiFactory api) : EmployersTests(api);

using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Openings;

public abstract class OpeningsTests(MatchApiFactory api)
{
    /// <summary>The smallest valid opening; <paramref name="change"/> adjusts it for a case.</summary>
    private static JsonObject Opening(long employerId, string title = "Butiksmedarbetare", Action<JsonObject>? change = null)
    {
        var body = new JsonObject
        {
            ["employerId"] = employerId,
            ["title"] = title,
            ["ssykCode"] = "5223",
            ["municipalityCode"] = "1480",
            ["employmentForm"] = "permanent",
            ["jobType"] = "competitive",
        };
        change?.Invoke(body);
        return body;
    }

    private static string Day(int daysFromToday) =>
        DateOnly.FromDateTime(DateTime.UtcNow).AddDays(daysFromToday).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<JsonNode> GetAsync(HttpClient http, string url) =>
        await (await http.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK);

    private static async Task<string[]> TitlesAsync(HttpClient http, string url) =>
        (await GetAsync(http, url))["items"]!.AsArray().Select(o => (string)o!["title"]!).ToArray();

    private static async Task AssertNoOpeningsAsync(TenantClient tenant) =>
        Assert.Equal(0, (long)(await GetAsync(tenant.Http, "/v1/openings"))["total"]!);

    [Fact]
    public async Task Created_opening_round_trips_with_reference_names_employer_name_and_an_etag()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync("Coop Nordstan");
        var start = Day(30);
        var created = await tenant.Http.PostJsonAsync("/v1/openings", new
        {
            employerId = employer,
            title = "Kassapersonal, deltid",
            description = "Kassa och påfyllning, introduktion med handledare.",
            ssykCode = "5230",
            municipalityCode = "1480",
            location = new { latitude = 57.7089, longitude = 11.9746 },
            hoursPerWeek = 30.0,
            schedule = "day",
            employmentForm = "permanent",
            jobType = "subsidised",
            subsidyType = "lonebidrag",
            remote = true,
            startDate = start,
            expiresOn = Day(40),
            status = "open",
            source = "platsbanken",
            externalRef = "AF-28771",
        });
        var body = await created.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal($"/v1/openings/{body["id"]}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);

        var fetched = await tenant.Http.GetAsync(created.Headers.Location);
        var opening = await fetched.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", fetched.Headers.ETag?.Tag);
        Assert.Equal(employer, (long)opening["employerId"]!);
        Assert.Equal("Coop Nordstan", (string)opening["employerName"]!);
        Assert.Equal("Kassapersonal, deltid", (string)opening["title"]!);
        Assert.Equal("Kassa och påfyllning, introduktion med handledare.", (string)opening["description"]!);
        Assert.Equal("5230", (string)opening["ssykCode"]!);
        Assert.Equal("Cashiers and related clerks", (string)opening["occupationName"]!);
        Assert.Equal("1480", (string)opening["municipalityCode"]!);
        Assert.Equal("Göteborg", (string)opening["municipalityName"]!);
        Assert.Equal(57.7089, (double)opening["location"]!["latitude"]!);
        Assert.Equal(11.9746, (double)opening["location"]!["longitude"]!);
        Assert.Equal(30.0, (double)opening["hoursPerWeek"]!);
        Assert.Equal("day", (string)opening["schedule"]!);
        Assert.Equal("permanent", (string)opening["employmentForm"]!);
        Assert.Equal("subsidised", (string)opening["jobType"]!);
        Assert.Equal("lonebidrag", (string)opening["subsidyType"]!);
        Assert.True((bool)opening["remote"]!);
        Assert.Equal(start, (string)opening["startDate"]!);
        Assert.Equal(Day(40), (string)opening["expiresOn"]!);
        Assert.Equal("open", (string)opening["status"]!);
        Assert.False((bool)opening["expired"]!);
        Assert.Equal("platsbanken", (string)opening["source"]!);
        Assert.Equal("AF-28771", (string)opening["externalRef"]!);
        Assert.NotNull(opening["createdAt"]);
        Assert.Equal((string)opening["createdAt"]!, (string)opening["updatedAt"]!);
        Assert.Null(opening["tenantId"]);
        Assert.Null(opening["version"]);
        Assert.Equal(body.ToJsonString(), opening.ToJsonString());
    }

    [Fact]
    public async Task Omitted_optional_fields_default_to_open_not_remote_and_empty()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();
        var opening = await (await tenant.Http.PostJsonAsync("/v1/openings", Opening(employer))).ReadJsonAsync(HttpStatusCode.Created);

        Assert.Equal("open", (string)opening["status"]!);
        Assert.False((bool)opening["remote"]!);
        Assert.False((bool)opening["expired"]!);
        foreach (var field in new[] { "description", "location", "hoursPerWeek", "schedule", "subsidyType", "startDate", "expiresOn", "source", "externalRef" })
            Assert.Null(opening[field]);
    }

    [Theory]
    [InlineData("", new[] { "Städare, kontor", "Säljare, sport", "Butikschef" })]
    [InlineData("status=open", new[] { "Butikschef" })]
    [InlineData("status=filled", new[] { "Säljare, sport" })]
    [InlineData("status=Filled", new[] { "Säljare, sport" })]
    [InlineData("jobType=internship", new[] { "Städare, kontor" })]
    [InlineData("jobType=subsidised", new[] { "Säljare, sport" })]
    [InlineData("municipalityCode=0180", new[] { "Säljare, sport" })]
    [InlineData("municipalityCode=1480", new[] { "Städare, kontor", "Butikschef" })]
    [InlineData("ssykCode=52", new[] { "Säljare, sport", "Butikschef" })]
    [InlineData("ssykCode=5221", new[] { "Butikschef" })]
    [InlineData("ssykCode=9", new[] { "Städare, kontor" })]
    [InlineData("ssykCode=53", new string[0])]
    [InlineData("status=closed&municipalityCode=1480&ssykCode=91", new[] { "Städare, kontor" })]
    public async Task List_filters_narrow_the_openings(string query, string[] expected)
    {
        var tenant = await api.NewTenantAsync();
        await SeedThreeOpeningsAsync(tenant);

        var list = await GetAsync(tenant.Http, $"/v1/openings?{query}");
        Assert.Equal(expected, list["items"]!.AsArray().Select(o => (string)o!["title"]!));
        Assert.Equal(expected.Length, (long)list["total"]!);
    }

    [Fact]
    public async Task List_filters_by_employer()
    {
        var tenant = await api.NewTenantAsync();
        var (first, second) = await SeedThreeOpeningsAsync(tenant);

        Assert.Equal(["Säljare, sport", "Butikschef"], await TitlesAsync(tenant.Http, $"/v1/openings?employerId={first}"));
        Assert.Equal(["Städare, kontor"], await TitlesAsync(tenant.Http, $"/v1/openings?employerId={second}"));
        Assert.Empty(await TitlesAsync(tenant.Http, "/v1/openings?employerId=987654321"));
    }

    // Created in this order, so the list (newest first) is the reverse.
    private static async Task<(long First, long Second)> SeedThreeOpeningsAsync(TenantClient tenant)
    {
        var first = await tenant.NewEmployerAsync("ICA Kvantum");
        var second = await tenant.NewEmployerAsync("Göteborgs Stad", MatchApi.Employers.Sector.Public);
        await tenant.Http.CreateAsync("/v1/openings", Opening(first, "Butikschef", o => o["ssykCode"] = "5221"));
        await tenant.Http.CreateAsync("/v1/openings", Opening(first, "Säljare, sport", o =>
        {
            o["municipalityCode"] = "0180";
            o["jobType"] = "subsidised";
            o["subsidyType"] = "nystartsjobb";
            o["status"] = "filled";
        }));
        await tenant.Http.CreateAsync("/v1/openings", Opening(second, "Städare, kontor", o =>
        {
            o["ssykCode"] = "9111";
            o["jobType"] = "internship";
            o["status"] = "closed";
        }));
        return (first, second);
    }

    [Fact]
    public async Task List_is_paged_newest_first()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();
        foreach (var title in new[] { "Första", "Andra", "Tredje" })
            await tenant.Http.CreateAsync("/v1/openings", Opening(employer, title));

        var page1 = await GetAsync(tenant.Http, "/v1/openings?pageSize=2");
        Assert.Equal(3, (long)page1["total"]!);
        Assert.Equal(1, (int)page1["page"]!);
        Assert.Equal(2, (int)page1["pageSize"]!);
        Assert.Equal(["Tredje", "Andra"], page1["items"]!.AsArray().Select(o => (string)o!["title"]!));
        Assert.Equal(["Första"], await TitlesAsync(tenant.Http, "/v1/openings?pageSize=2&page=2"));
        Assert.Empty(await TitlesAsync(tenant.Http, "/v1/openings?pageSize=2&page=3"));
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("ssykCode=5a", "ssykCode")]
    [InlineData("ssykCode=52211", "ssykCode")]
    [InlineData("municipalityCode=148", "municipalityCode")]
    [InlineData("status=7", "status")]
    [InlineData("status=hired", "status")]
    [InlineData("status=open,filled", "status")]
    [InlineData("jobType=9", "jobType")]
    [InlineData("jobType=sheltered", "jobType")]
    public async Task Invalid_list_parameters_are_a_validation_problem(string query, string field)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.GetAsync($"/v1/openings?{query}")).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey(field), errors.ToJsonString());
    }

    [Theory]
    [InlineData("ssykCode", "\"5299\"", "ssykCode")]      // unknown code
    [InlineData("ssykCode", "\"522\"", "ssykCode")]       // a known group, but not a 4-digit unit group
    [InlineData("ssykCode", "\"52\"", "ssykCode")]
    [InlineData("ssykCode", null, "ssykCode")]
    [InlineData("municipalityCode", "\"9999\"", "municipalityCode")]
    [InlineData("municipalityCode", null, "municipalityCode")]
    [InlineData("employerId", null, "employerId")]
    [InlineData("title", "\"\"", "title")]
    [InlineData("title", null, "title")]
    [InlineData("hoursPerWeek", "0", "hoursPerWeek")]
    [InlineData("hoursPerWeek", "80.5", "hoursPerWeek")]
    [InlineData("location", """{"latitude":48.85,"longitude":18.0}""", "location.latitude")]
    [InlineData("location", """{"latitude":59.3,"longitude":2.35}""", "location.longitude")]
    [InlineData("employmentForm", null, "employmentForm")]
    [InlineData("jobType", null, "jobType")]
    [InlineData("subsidyType", "\"lonebidrag\"", "subsidyType")]  // the base opening is competitive
    [InlineData("source", "\"platsbanken\"", "externalRef")]
    [InlineData("externalRef", "\"AF-1\"", "source")]
    public async Task Invalid_field_is_rejected_and_nothing_is_stored(string field, string? json, string errorKey)
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();
        var body = Opening(employer, change: o =>
        {
            if (json is null) o.Remove(field);
            else o[field] = JsonNode.Parse(json);
        });

        var errors = await (await tenant.Http.PostJsonAsync("/v1/openings", body)).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey(errorKey), errors.ToJsonString());
        await AssertNoOpeningsAsync(tenant);
    }

    [Fact]
    public async Task Subsidy_type_with_a_competitive_job_is_rejected_but_allowed_for_a_subsidised_one()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();

        var errors = await (await tenant.Http.PostJsonAsync("/v1/openings",
            Opening(employer, change: o => o["subsidyType"] = "osa"))).ReadValidationErrorsAsync();
        Assert.Contains("subsidised", (string)errors["subsidyType"]![0]!);

        var ok = await (await tenant.Http.PostJsonAsync("/v1/openings",
            Opening(employer, change: o => { o["jobType"] = "subsidised"; o["subsidyType"] = "osa"; }))).ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("osa", (string)ok["subsidyType"]!);
    }

    [Fact]
    public async Task Expiry_before_start_date_is_rejected_and_same_day_is_allowed()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();

        var errors = await (await tenant.Http.PostJsonAsync("/v1/openings",
            Opening(employer, change: o => { o["startDate"] = Day(10); o["expiresOn"] = Day(9); }))).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("expiresOn"));
        await AssertNoOpeningsAsync(tenant);

        await tenant.Http.CreateAsync("/v1/openings", Opening(employer, change: o => { o["startDate"] = Day(10); o["expiresOn"] = Day(10); }));
    }

    [Fact]
    public async Task Every_invalid_field_is_reported_at_once()
    {
        var tenant = await api.NewTenantAsync();
        var response = await tenant.Http.PostJsonAsync("/v1/openings", new
        {
            employerId = 1,
            title = new string('x', 201),
            description = new string('x', 4001),
            ssykCode = "522",
            municipalityCode = "0000",
            hoursPerWeek = -1,
            employmentForm = "permanent",
            jobType = "competitive",
            source = "platsbanken",
        });
        var errors = await response.ReadValidationErrorsAsync();
        Assert.Equal(["description", "externalRef", "hoursPerWeek", "municipalityCode", "ssykCode", "title"],
            errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Employer_of_another_tenant_is_a_validation_error_that_reveals_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var theirs = await other.NewEmployerAsync("Hemlig Arbetsgivare AB");

        var response = await tenant.Http.PostJsonAsync("/v1/openings", Opening(theirs));
        var text = await response.Content.ReadAsStringAsync();
        var errors = await response.ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("employerId"));
        Assert.DoesNotContain("Hemlig", text);

        // A missing employer gets exactly the same answer, so the two cannot be told apart.
        var missing = await (await tenant.Http.PostJsonAsync("/v1/openings", Opening(987654321))).ReadValidationErrorsAsync();
        Assert.Equal(errors.ToJsonString(), missing.ToJsonString());
        await AssertNoOpeningsAsync(tenant);
        await AssertNoOpeningsAsync(other);
    }

    [Fact]
    public async Task Unknown_property_is_rejected_with_its_name()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();
        var body = Opening(employer, change: o => o["workAbility"] = "low").ToJsonString();
        var problem = await (await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/openings", body)).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("workAbility", (string)problem["detail"]!);
        await AssertNoOpeningsAsync(tenant);
    }

    [Fact]
    public async Task Unknown_enum_value_is_a_400_problem()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();
        var body = Opening(employer, change: o => o["jobType"] = "sheltered").ToJsonString();
        await (await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/openings", body)).ReadProblemAsync(HttpStatusCode.BadRequest);
        await AssertNoOpeningsAsync(tenant);
    }

    [Fact]
    public async Task Duplicate_source_and_external_ref_in_the_tenant_is_409()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();
        JsonObject Imported(string source, string externalRef) =>
            Opening(employer, change: o => { o["source"] = source; o["externalRef"] = externalRef; });
        await tenant.Http.CreateAsync("/v1/openings", Imported("platsbanken", "AF-1"));

        var problem = await (await tenant.Http.PostJsonAsync("/v1/openings", Imported("platsbanken", "AF-1"))).ReadProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("AF-1", (string)problem["detail"]!);
        Assert.Equal(1, (long)(await GetAsync(tenant.Http, "/v1/openings"))["total"]!);

        // The reference is unique per source and per tenant only.
        await tenant.Http.CreateAsync("/v1/openings", Imported("jobtech", "AF-1"));
        var other = await api.NewTenantAsync();
        await other.Http.CreateAsync("/v1/openings", Opening(await other.NewEmployerAsync(), change: o =>
        {
            o["source"] = "platsbanken";
            o["externalRef"] = "AF-1";
        }));
    }

    [Fact]
    public async Task Replacing_with_another_openings_external_ref_is_409_and_changes_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();
        await tenant.Http.CreateAsync("/v1/openings", Opening(employer, "Först", o => { o["source"] = "platsbanken"; o["externalRef"] = "AF-1"; }));
        var second = await tenant.Http.CreateAsync("/v1/openings", Opening(employer, "Andra", o => { o["source"] = "platsbanken"; o["externalRef"] = "AF-2"; }));

        var taken = Opening(employer, "Ändrad", o => { o["source"] = "platsbanken"; o["externalRef"] = "AF-1"; });
        await (await tenant.Http.PutJsonAsync($"/v1/openings/{second}", taken, "\"1\"")).ReadProblemAsync(HttpStatusCode.Conflict);
        var unchanged = await GetAsync(tenant.Http, $"/v1/openings/{second}");
        Assert.Equal("Andra", (string)unchanged["title"]!);
        Assert.Equal("AF-2", (string)unchanged["externalRef"]!);

        // Keeping its own reference is no conflict.
        var own = Opening(employer, "Ändrad", o => { o["source"] = "platsbanken"; o["externalRef"] = "AF-2"; });
        var updated = await (await tenant.Http.PutJsonAsync($"/v1/openings/{second}", own, "\"1\"")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Ändrad", (string)updated["title"]!);
    }

    [Fact]
    public async Task Replace_sets_every_field_and_clears_omitted_ones()
    {
        var tenant = await api.NewTenantAsync();
        var first = await tenant.NewEmployerAsync("Coop Nordstan");
        var second = await tenant.NewEmployerAsync("Willys Hisingen");
        var id = await tenant.Http.CreateAsync("/v1/openings", Opening(first, change: o =>
        {
            o["description"] = "Kassa";
            o["hoursPerWeek"] = 20;
            o["schedule"] = "evening";
            o["location"] = new JsonObject { ["latitude"] = 57.7, ["longitude"] = 11.97 };
            o["remote"] = true;
            o["startDate"] = Day(5);
        }));

        var response = await tenant.Http.PutJsonAsync($"/v1/openings/{id}", Opening(second, "Lagerarbetare", o =>
        {
            o["ssykCode"] = "9111";
            o["municipalityCode"] = "0180";
            o["employmentForm"] = "hourly";
        }), "\"1\"");
        var updated = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal(second, (long)updated["employerId"]!);
        Assert.Equal("Willys Hisingen", (string)updated["employerName"]!);
        Assert.Equal("Lagerarbetare", (string)updated["title"]!);
        Assert.Equal("Stockholm", (string)updated["municipalityName"]!);
        Assert.Equal("hourly", (string)updated["employmentForm"]!);
        Assert.False((bool)updated["remote"]!);
        foreach (var field in new[] { "description", "location", "hoursPerWeek", "schedule", "startDate" })
            Assert.Null(updated[field]);

        var fetched = await tenant.Http.GetAsync($"/v1/openings/{id}");
        Assert.Equal(updated.ToJsonString(), (await fetched.ReadJsonAsync(HttpStatusCode.OK)).ToJsonString());
        Assert.Equal("\"2\"", fetched.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Rejected_replace_changes_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();
        var theirs = await other.NewEmployerAsync();
        var id = await tenant.Http.CreateAsync("/v1/openings", Opening(employer, "Original"));

        var badEmployer = await (await tenant.Http.PutJsonAsync($"/v1/openings/{id}", Opening(theirs, "Ändrad"))).ReadValidationErrorsAsync();
        Assert.True(badEmployer.ContainsKey("employerId"));
        var badCode = await (await tenant.Http.PutJsonAsync($"/v1/openings/{id}", Opening(employer, "Ändrad", o => o["ssykCode"] = "522"))).ReadValidationErrorsAsync();
        Assert.True(badCode.ContainsKey("ssykCode"));

        var current = await tenant.Http.GetAsync($"/v1/openings/{id}");
        Assert.Equal("Original", (string)(await current.ReadJsonAsync(HttpStatusCode.OK))["title"]!);
        Assert.Equal("\"1\"", current.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Update_with_stale_etag_is_412_and_changes_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();
        var id = await tenant.Http.CreateAsync("/v1/openings", Opening(employer, "Original"));
        await (await tenant.Http.PutJsonAsync($"/v1/openings/{id}", Opening(employer, "Version två"), "\"1\"")).ReadJsonAsync(HttpStatusCode.OK);

        await (await tenant.Http.PutJsonAsync($"/v1/openings/{id}", Opening(employer, "Förlorad ändring"), "\"1\""))
            .ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal("Version två", (string)(await GetAsync(tenant.Http, $"/v1/openings/{id}"))["title"]!);
    }

    [Fact]
    public async Task Malformed_if_match_is_400()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();
        var id = await tenant.Http.CreateAsync("/v1/openings", Opening(employer));
        await (await tenant.Http.PutJsonAsync($"/v1/openings/{id}", Opening(employer), "yesterday")).ReadProblemAsync(HttpStatusCode.BadRequest);
        await (await SendStatusAsync(tenant.Http, id, "filled", "yesterday")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    private static Task<HttpResponseMessage> SendStatusAsync(HttpClient http, long id, string status, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/openings/{id}/status")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { status }, options: Http.Json),
        };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return http.SendAsync(request);
    }

    [Fact]
    public async Task Status_can_be_changed_to_filled_with_the_current_etag()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();
        var id = await tenant.Http.CreateAsync("/v1/openings", Opening(employer, "Lagerarbetare"));

        var response = await SendStatusAsync(tenant.Http, id, "filled", "\"1\"");
        var filled = await response.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("filled", (string)filled["status"]!);
        Assert.Equal("Lagerarbetare", (string)filled["title"]!);
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal(["Lagerarbetare"], await TitlesAsync(tenant.Http, "/v1/openings?status=filled"));
        Assert.Empty(await TitlesAsync(tenant.Http, "/v1/openings?status=open"));

        // Without If-Match the change is unconditional.
        var closed = await (await SendStatusAsync(tenant.Http, id, "closed")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("closed", (string)closed["status"]!);
    }

    [Fact]
    public async Task Status_change_with_stale_etag_is_412_and_changes_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();
        var id = await tenant.Http.CreateAsync("/v1/openings", Opening(employer));
        await (await tenant.Http.PutJsonAsync($"/v1/openings/{id}", Opening(employer, "Ny titel"), "\"1\"")).ReadJsonAsync(HttpStatusCode.OK);

        await (await SendStatusAsync(tenant.Http, id, "closed", "\"1\"")).ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal("open", (string)(await GetAsync(tenant.Http, $"/v1/openings/{id}"))["status"]!);
    }

    [Fact]
    public async Task Status_change_needs_a_known_status()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();
        var id = await tenant.Http.CreateAsync("/v1/openings", Opening(employer));

        var errors = await (await tenant.Http.SendRawJsonAsync(HttpMethod.Post, $"/v1/openings/{id}/status", "{}")).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("status"));
        await (await SendStatusAsync(tenant.Http, id, "hired")).ReadProblemAsync(HttpStatusCode.BadRequest);
        var current = await tenant.Http.GetAsync($"/v1/openings/{id}");
        Assert.Equal("open", (string)(await current.ReadJsonAsync(HttpStatusCode.OK))["status"]!);
        Assert.Equal("\"1\"", current.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Opening_past_its_expiry_date_is_flagged_expired_but_keeps_its_stored_status()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();
        var past = await tenant.Http.CreateAsync("/v1/openings", Opening(employer, "Utgången", o => o["expiresOn"] = Day(-2)));
        await tenant.Http.CreateAsync("/v1/openings", Opening(employer, "Aktuell", o => o["expiresOn"] = Day(2)));
        await tenant.Http.CreateAsync("/v1/openings", Opening(employer, "Utan slutdatum"));

        var expired = await GetAsync(tenant.Http, $"/v1/openings/{past}");
        Assert.True((bool)expired["expired"]!);
        Assert.Equal("open", (string)expired["status"]!);

        var list = await GetAsync(tenant.Http, "/v1/openings?status=open");
        var flags = list["items"]!.AsArray().ToDictionary(o => (string)o!["title"]!, o => (bool)o!["expired"]!);
        Assert.Equal(new Dictionary<string, bool> { ["Utan slutdatum"] = false, ["Aktuell"] = false, ["Utgången"] = true }, flags);
    }

    [Fact]
    public async Task Missing_opening_is_404_problem_on_every_id_route()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();

        var problem = await (await tenant.Http.GetAsync("/v1/openings/987654321")).ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("987654321", (string)problem["detail"]!);
        await (await tenant.Http.PutJsonAsync("/v1/openings/987654321", Opening(employer))).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await SendStatusAsync(tenant.Http, 987654321, "filled")).ReadProblemAsync(HttpStatusCode.NotFound);
        await AssertNoOpeningsAsync(tenant);
    }

    [Fact]
    public async Task Another_tenants_opening_is_not_found_for_read_or_write_and_not_listed()
    {
        var owner = await api.NewTenantAsync();
        var other = await api.NewTenantAsync();
        var ownersEmployer = await owner.NewEmployerAsync("Ägarens Arbetsgivare");
        var othersEmployer = await other.NewEmployerAsync();
        var id = await owner.Http.CreateAsync("/v1/openings", Opening(ownersEmployer, "Ägarens annons"));

        await (await other.Http.GetAsync($"/v1/openings/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.Http.PutJsonAsync($"/v1/openings/{id}", Opening(othersEmployer, "Kapad"))).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await other.Http.PutJsonAsync($"/v1/openings/{id}", Opening(ownersEmployer, "Kapad"))).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await SendStatusAsync(other.Http, id, "closed")).ReadProblemAsync(HttpStatusCode.NotFound);
        await AssertNoOpeningsAsync(other);
        Assert.Empty(await TitlesAsync(other.Http, $"/v1/openings?employerId={ownersEmployer}"));
        Assert.Empty(await TitlesAsync(other.Http, "/v1/openings?ssykCode=5&municipalityCode=1480"));

        var unchanged = await owner.Http.GetAsync($"/v1/openings/{id}");
        var opening = await unchanged.ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Ägarens annons", (string)opening["title"]!);
        Assert.Equal("open", (string)opening["status"]!);
        Assert.Equal("\"1\"", unchanged.Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Without_a_key_every_opening_route_is_401()
    {
        var client = api.Anonymous();
        var body = Opening(1);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/openings")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/openings/1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostJsonAsync("/v1/openings", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PutJsonAsync("/v1/openings/1", body)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendStatusAsync(client, 1, "filled")).StatusCode);
    }

    [Fact]
    public async Task A_read_only_key_cannot_write_and_a_key_without_openings_scopes_cannot_read()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.NewEmployerAsync();
        var id = await tenant.Http.CreateAsync("/v1/openings", Opening(employer, "Original"));

        var reader = await tenant.WithScopesAsync(Scopes.OpeningsRead);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/v1/openings")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/v1/openings/{id}")).StatusCode);
        await (await reader.PostJsonAsync("/v1/openings", Opening(employer))).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await reader.PutJsonAsync($"/v1/openings/{id}", Opening(employer, "Ändrad"))).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await SendStatusAsync(reader, id, "filled")).ReadProblemAsync(HttpStatusCode.Forbidden);

        var coachesOnly = await tenant.WithScopesAsync(Scopes.CoachesRead, Scopes.CoachesWrite);
        await (await coachesOnly.GetAsync("/v1/openings")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await coachesOnly.GetAsync($"/v1/openings/{id}")).ReadProblemAsync(HttpStatusCode.Forbidden);

        var current = await GetAsync(tenant.Http, "/v1/openings");
        Assert.Equal(1, (long)current["total"]!);
        Assert.Equal("Original", (string)current["items"]![0]!["title"]!);
        Assert.Equal("open", (string)current["items"]![0]!["status"]!);
    }
}

public sealed class OpeningsTestsOnSqlite(SqliteApiFactory api) : OpeningsTests(api);
public sealed class OpeningsTestsOnSqlServer(SqlServerApiFactory api) : OpeningsTests(api);

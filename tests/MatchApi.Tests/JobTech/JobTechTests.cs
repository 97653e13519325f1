using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using MatchApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MatchApi.Tests.JobTech;

/// <summary>
/// JobTech's taxonomy and Platsbanken ads over HTTP, on an app whose database has the taxonomy imported from a loopback
/// server answering as JobTech's GraphQL API (<see cref="TaxonomyApp"/>), from the real files in ../shared/jobtech.
/// </summary>
public abstract class JobTechTests(MatchApiFactory api)
{
    private Task<TaxonomyApp> App() => TaxonomyApp.GetAsync(api, "imported");

    private static async Task<JsonArray> GetArrayAsync(HttpClient http, string url, string? language = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (language is not null) request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return (await (await http.SendAsync(request)).ReadJsonAsync(HttpStatusCode.OK)).AsArray();
    }

    /// <summary>The sample's ads and removals, deadlines moved into the future (the 2020 ads would be expired), ids optionally renamed.</summary>
    private static string Feed(Func<JsonObject, bool>? keep = null, Action<JsonObject>? change = null)
    {
        var ads = JsonNode.Parse(File.ReadAllText(JobTechData.SampleAds))!.AsArray();
        var result = new JsonArray();
        foreach (var node in ads.ToList())
        {
            var ad = node!.AsObject();
            ads.Remove(ad);
            if (!IsRemoval(ad)) ad["application_deadline"] = "2099-03-28T23:59:59";
            if (keep is not null && !keep(ad)) continue;
            change?.Invoke(ad);
            result.Add(ad);
        }
        return result.ToJsonString();
    }

    private static HttpRequestMessage Language(HttpRequestMessage request, string? language)
    {
        if (language is not null) request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
        return request;
    }

    private static bool IsRemoval(JsonObject ad) => ad["removed"] is JsonValue v && v.GetValue<bool>();

    private static async Task<JsonNode> ImportAsync(HttpClient http, string feed, string query = "county=14", HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await http.PostAsync($"/v1/openings/import/jobtech?{query}", new StringContent(feed, Encoding.UTF8, "application/json")))
            .ReadJsonAsync(expected);

    private static async Task<long> ChangeCounterAsync(TaxonomyApp app, JobTechTenant tenant)
    {
        await using var connection = await app.Db.OpenAsync(default);
        return await MatchApi.Data.TenantChanges.ReadAsync(app.Db, connection, tenant.TenantId, default);
    }

    private static async Task<JsonNode?> OpeningByAdAsync(HttpClient http, string adId)
    {
        var page = await (await http.GetAsync("/v1/openings?pageSize=200")).ReadJsonAsync(HttpStatusCode.OK);
        return page["items"]!.AsArray().FirstOrDefault(o => (string?)o!["externalRef"] == adId);
    }

    [Fact]
    public async Task Typing_swedish_finds_everyday_titles_under_their_group_best_match_first()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        foreach (var typed in new[] { "barista", "Lagerarbetare", "städare", "undersköterska" })
        {
            var hits = await GetArrayAsync(tenant.Http, $"/v1/reference/occupations?q={Uri.EscapeDataString(typed)}");
            Assert.NotEmpty(hits);
            var first = hits[0]!;
            Assert.StartsWith(typed, ((string)first["matchedTitle"]!), StringComparison.OrdinalIgnoreCase);
            Assert.Equal(4, ((int)first["level"]!));
        }
        var barista = (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=barista"))[0]!;
        Assert.Equal(JobTechData.GroupOf("Barista"), ((string)barista["code"]!));
        Assert.Equal("Barista", ((string)barista["matchedTitle"]!));

        // Word prefix: "lager" begins "Lagerarbetare/Terminalarbetare" and the second word of "Arbetsledare lager och terminal".
        var lager = (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=lager")).Select(h => (string)h!["matchedTitle"]!).ToList();
        Assert.Contains("Lagerarbetare/Terminalarbetare", lager);
        Assert.Contains("Arbetsledare lager och terminal", lager);
        Assert.True(lager.IndexOf("Lagerarbetare/Terminalarbetare") < lager.IndexOf("Arbetsledare lager och terminal"));
        Assert.DoesNotContain("Lagerarbetare/Terminalarbetare", (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=ager")).Select(h => (string)h!["matchedTitle"]!));
    }

    [Fact]
    public async Task Names_are_swedish_by_default_and_english_when_asked()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        var sv = (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=5223"))[0]!;
        var en = (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=5223", "en"))[0]!;
        Assert.Equal("Butikssäljare, fackhandel", ((string)sv["name"]!));
        Assert.Equal("shop sales, specialty stores", ((string)en["name"]!));
        // English search still works, answered in Swedish unless asked otherwise.
        var shop = await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=shop%20sales");
        Assert.Contains("5223", shop.Select(h => (string)h!["code"]!));
    }

    [Fact]
    public async Task Jobtech_merged_manager_codes_are_occupations_and_scb_codes_keep_swedish_names()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        var merged = (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=1210"))[0]!;
        Assert.Equal("1210", ((string)merged["code"]!));
        Assert.False(string.IsNullOrWhiteSpace(((string)merged["name"]!)));
        // 1211 is SCB's, not JobTech's: its Swedish name comes from SCB's table.
        var scb = (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=1211"))[0]!;
        Assert.Equal("Ekonomi- och finanschefer, nivå 1", ((string)scb["name"]!));
    }

    [Fact]
    public async Task Industries_are_found_by_swedish_words_so_care_can_be_avoided_without_codes()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        var hits = await GetArrayAsync(tenant.Http, "/v1/reference/industries?q=v%C3%A5rd");
        Assert.NotEmpty(hits);
        Assert.All(hits, h => Assert.True(((string)h!["name"]!).Contains("vård", StringComparison.OrdinalIgnoreCase)));
        Assert.Contains("86", (await GetArrayAsync(tenant.Http, "/v1/reference/industries?q=86")).Select(h => (string)h!["code"]!));
        var errors = await (await tenant.Http.GetAsync("/v1/reference/industries?level=6")).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("level"));
    }

    [Fact]
    public async Task An_unknown_sni_code_is_400_naming_it_once_the_taxonomy_is_present()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        var problem = await (await tenant.Http.PostJsonAsync("/v1/employers", new { name = "Okänd bransch AB", sniCode = "99999" }))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("99999", problem.ToJsonString());
        Assert.Equal(HttpStatusCode.Created, (await tenant.Http.PostJsonAsync("/v1/employers", new { name = "Sjukhuset AB", sniCode = "86101" })).StatusCode);

        var participant = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = $"p-{Guid.NewGuid():N}", enrolmentDate = "2025-01-01" });
        var goals = await (await tenant.Http.PutJsonAsync($"/v1/participants/{participant}/goals",
            new { desiredOccupations = new[] { "5120" }, avoid = new { industries = new[] { "86", "99998" } } })).ReadValidationErrorsAsync();
        Assert.Contains("99998", goals.ToJsonString());
        Assert.DoesNotContain("'86'", goals.ToJsonString());
    }

    [Fact]
    public async Task The_admin_route_imports_the_same_data_idempotently_and_refuses_a_malformed_document()
    {
        var app = await App();
        var (tenant, _) = await OperatorAsync(app);
        string Read(string file) => File.ReadAllText(Path.Combine(JobTechData.Taxonomy, file));
        var body = new JsonObject
        {
            ["ssykHierarchy"] = JsonNode.Parse(Read(MatchApi.JobTech.TaxonomyDocuments.SsykFile)),
            ["sniHierarchy"] = JsonNode.Parse(Read(MatchApi.JobTech.TaxonomyDocuments.SniFile)),
            ["noEducation"] = JsonNode.Parse(Read(MatchApi.JobTech.TaxonomyDocuments.NoEducationFile)),
            ["legacyNames"] = JsonNode.Parse(Read(MatchApi.JobTech.TaxonomyDocuments.LegacyNamesFile)),
            ["legacySsyk"] = JsonNode.Parse(Read(MatchApi.JobTech.TaxonomyDocuments.LegacySsykFile)),
            ["scbNamesCsv"] = Read(MatchApi.JobTech.TaxonomyDocuments.ScbNamesFile),
            ["equivalentsCsv"] = Read(MatchApi.JobTech.TaxonomyDocuments.EquivalentsFile),
        };
        var before = await (await tenant.Http.GetAsync("/v1/admin/taxonomy")).ReadJsonAsync(HttpStatusCode.OK);
        var first = await (await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/admin/taxonomy", body.ToJsonString())).ReadJsonAsync(HttpStatusCode.OK);
        var second = await (await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/admin/taxonomy", body.ToJsonString())).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((string)first["version"]!, ((string)second["version"]!));
        Assert.Equal((int)first["titles"]!, ((int)second["titles"]!));
        Assert.Equal(1817, ((int)first["industries"]!));
        // The GraphQL fetch and the admin route read the same data the same way.
        Assert.Equal((int)before["titles"]!, ((int)first["titles"]!));
        Assert.Equal((int)before["occupations"]!, ((int)first["occupations"]!));

        var broken = new JsonObject { ["ssykHierarchy"] = new JsonObject { ["data"] = new JsonObject() }, ["sniHierarchy"] = body["sniHierarchy"]!.DeepClone() };
        var errors = await (await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/admin/taxonomy", broken.ToJsonString())).ReadValidationErrorsAsync();
        Assert.Contains("concepts", errors.ToJsonString());
        var after = await (await tenant.Http.GetAsync("/v1/admin/taxonomy")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((string)first["version"]!, ((string)after["version"]!));
        Assert.NotEmpty((await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=barista")));
    }

    /// <summary>
    /// An organisation named in Taxonomy:OperatorTenants (the service operator's), with an admin client, on the same
    /// database as <paramref name="app"/>; and that app's host configured so.
    /// </summary>
    private static async Task<(JobTechTenant Operator, Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Factory)> OperatorAsync(TaxonomyApp app)
    {
        var created = await app.NewTenantAsync();
        var factory = app.Factory.WithWebHostBuilder(b => b.UseSetting("Taxonomy:OperatorTenants:0", created.TenantId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var http = factory.CreateClient();
        foreach (var header in created.Http.DefaultRequestHeaders) http.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
        return (created with { Http = http }, factory);
    }

    [Fact]
    public async Task Only_the_service_operator_may_replace_the_shared_taxonomy()
    {
        var app = await App();
        var (_, factory) = await OperatorAsync(app);
        // Another organisation's admin, on the very host where an operator is configured.
        var municipality = await app.NewTenantAsync();
        var admin = factory.CreateClient();
        foreach (var header in municipality.Http.DefaultRequestHeaders) admin.DefaultRequestHeaders.TryAddWithoutValidation(header.Key, header.Value);
        var before = await (await admin.GetAsync("/v1/admin/taxonomy")).ReadJsonAsync(HttpStatusCode.OK);
        string Read(string file) => File.ReadAllText(Path.Combine(JobTechData.Taxonomy, file));
        // A smaller, valid taxonomy that would change every organisation's names if it were accepted.
        var body = new JsonObject
        {
            ["ssykHierarchy"] = JsonNode.Parse(Read(MatchApi.JobTech.TaxonomyDocuments.SsykFile)),
            ["sniHierarchy"] = JsonNode.Parse(Read(MatchApi.JobTech.TaxonomyDocuments.SniFile)),
        };
        var problem = await (await admin.SendRawJsonAsync(HttpMethod.Post, "/v1/admin/taxonomy", body.ToJsonString())).ReadProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("operator", (string)problem["title"]!);
        var after = await (await admin.GetAsync("/v1/admin/taxonomy")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((string)before["version"]!, (string)after["version"]!);
        Assert.Equal((string)before["importedAt"]!, (string)after["importedAt"]!);
        // With no operator configured (the default), no organisation's admin may.
        await (await municipality.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/admin/taxonomy", body.ToJsonString())).ReadProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Report_occupation_names_are_swedish_by_default_and_english_when_asked_in_json_and_csv()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        var employer = await tenant.Http.CreateAsync("/v1/employers", new { name = "Kaffebaren AB" });
        foreach (var ssykCode in new[] { "5223", null })
        {
            var participant = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = $"p-{Guid.NewGuid():N}", enrolmentDate = "2025-01-01" });
            await tenant.Http.CreateAsync($"/v1/participants/{participant}/placements",
                new { employerId = employer, kind = "competitive", ssykCode, startDate = "2025-01-13", hoursPerWeek = 30 });
        }
        var majorSv = (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?level=1")).Single(o => (string)o!["code"]! == "5")!["name"]!.ToString();
        var majorEn = (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?level=1", "en")).Single(o => (string)o!["code"]! == "5")!["name"]!.ToString();
        Assert.NotEqual(majorEn, majorSv);

        async Task<HttpResponseMessage> Report(string accept, string? language)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/v1/reports/outcomes?from=2025-01-01&to=2025-06-30");
            request.Headers.Accept.Clear();
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(accept));
            if (language is not null) request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue(language));
            return await tenant.Http.SendAsync(request);
        }
        async Task<List<string>> FieldNames(string? language) =>
            (await (await Report("application/json", language)).ReadJsonAsync(HttpStatusCode.OK))["jobStarts"]!["byOccupationField"]!.AsArray()
                .Select(f => (string)f!["name"]!).ToList();

        Assert.Equal([majorSv, "Yrke inte angivet"], await FieldNames(null));
        Assert.Equal([majorEn, "Occupation not recorded"], await FieldNames("en"));
        var csvSv = await Report("text/csv", null);
        Assert.Contains("Accept-Language", csvSv.Headers.Vary);
        Assert.Contains($"jobStartsByOccupationField;5 {majorSv};", await csvSv.Content.ReadAsStringAsync());
        Assert.Contains($"jobStartsByOccupationField;5 {majorEn};", await (await Report("text/csv", "en")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readiness_is_degraded_when_the_taxonomy_cannot_be_fetched_and_the_service_still_answers()
    {
        var app = await TaxonomyApp.GetAsync(api, "unreachable", import: false);
        var response = await app.Factory.CreateClient().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", (await response.Content.ReadAsStringAsync()));
        var tenant = await app.NewTenantAsync();
        // Without the taxonomy, SCB's English names still answer.
        var shop = (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=5223"))[0]!;
        Assert.Equal("shop sales, specialty stores", ((string)shop["name"]!));
        await (await tenant.Http.GetAsync("/v1/admin/taxonomy")).ReadProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Sample_ads_import_with_mapping_and_twice_changes_nothing()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        var feed = Feed();
        var first = await ImportAsync(tenant.Http, feed);
        var counter = await ChangeCounterAsync(app, tenant);
        Assert.True(counter > 0); // an import that writes moves the tenant's change counter (FreshnessTests)
        Assert.Equal(24, ((int)first["received"]!));
        Assert.Equal(2, ((int)first["created"]!));
        Assert.Equal(14, ((int)first["unknownRemovals"]!));
        Assert.Equal(0, ((int)first["skippedCount"]!));
        var second = await ImportAsync(tenant.Http, feed);
        Assert.Equal(0, ((int)second["created"]!));
        Assert.Equal(0, ((int)second["updated"]!));
        Assert.Equal(2, ((int)second["unchanged"]!));
        Assert.Equal(counter, (await ChangeCounterAsync(app, tenant)));

        var barista = (await OpeningByAdAsync(tenant.Http, "23862880"))!;
        Assert.Equal("Barista Landvetter", ((string)barista["title"]!));
        Assert.Equal("platsbanken", ((string)barista["source"]!));
        Assert.Equal("5132", ((string)barista["ssykCode"]!));
        Assert.Equal("1490", ((string)barista["municipalityCode"]!));
        Assert.Equal(57.721035, ((double)barista["location"]!["latitude"]!));
        Assert.Equal(12.939819, ((double)barista["location"]!["longitude"]!));
        Assert.Equal(16, ((double)barista["hoursPerWeek"]!));
        Assert.Equal("permanent", ((string)barista["employmentForm"]!));
        Assert.Equal("competitive", ((string)barista["jobType"]!));
        Assert.Equal("2099-03-28", ((string)barista["expiresOn"]!));
        Assert.Equal("https://arbetsformedlingen.se/platsbanken/annonser/23862880", ((string)barista["webUrl"]!));
        Assert.NotEqual("Bartenders", ((string)barista["occupationName"]!));

        var nurse = (await OpeningByAdAsync(tenant.Http, "23905511"))!;
        Assert.Equal("5323", ((string)nurse["ssykCode"]!));
        var employer = await (await tenant.Http.GetAsync($"/v1/employers/{(long)nurse["employerId"]!}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("public", ((string)employer["sector"]!));
        Assert.Contains("232100", ((string)employer["orgNumber"]!));
    }

    [Fact]
    public async Task A_removal_closes_the_opening_but_never_undoes_filled_and_an_update_updates()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        await ImportAsync(tenant.Http, Feed(), "municipalities=1480,1490,1383");
        var valeter = (await OpeningByAdAsync(tenant.Http, "23905964"))!;
        var barista = (await OpeningByAdAsync(tenant.Http, "23862880"))!;
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.PostJsonAsync($"/v1/openings/{(long)barista["id"]!}/status", new { status = "filled" })).StatusCode);

        var removals = $$"""[{"id": 23905964, "removed": true, "removed_date": "2020-03-01T10:00:00"}, {"id": "23862880", "removed": true, "removed_date": "2020-03-01T10:00:00"}]""";
        var report = await ImportAsync(tenant.Http, removals, "municipalities=1480,1490,1383");
        Assert.Equal(1, ((int)report["closed"]!));
        Assert.Equal(1, ((int)report["unchanged"]!));
        Assert.Equal("closed", ((string)(await OpeningByAdAsync(tenant.Http, "23905964"))!["status"]!));
        Assert.Equal("filled", ((string)(await OpeningByAdAsync(tenant.Http, "23862880"))!["status"]!));
        // The removal did not blank the opening.
        Assert.Equal((string)valeter["title"]!, ((string)(await OpeningByAdAsync(tenant.Http, "23905964"))!["title"]!));

        // A changed ad updates its opening; the filled one keeps its status through an update.
        var changed = Feed(a => !IsRemoval(a), a => a["headline"] = a["headline"]!.GetValue<string>() + " (uppdaterad)");
        var update = await ImportAsync(tenant.Http, changed, "municipalities=1480,1490,1383");
        Assert.Equal(3, ((int)update["updated"]!));
        Assert.Equal("filled", ((string)(await OpeningByAdAsync(tenant.Http, "23862880"))!["status"]!));
        Assert.EndsWith("(uppdaterad)", ((string)(await OpeningByAdAsync(tenant.Http, "23862880"))!["title"]!));
    }

    [Fact]
    public async Task An_ad_that_cannot_be_mapped_is_skipped_with_its_reason_and_the_others_import()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        var feed = Feed(a => !IsRemoval(a), a =>
        {
            if ((string?)a["id"] == "23905511") a["employer"]!["organization_number"] = null;
            if ((string?)a["id"] == "23862880") a["occupation_group"]!["legacy_ams_taxonomy_id"] = "8160";
        });
        var report = await ImportAsync(tenant.Http, feed, "county=14");
        Assert.Equal(0, ((int)report["created"]!));
        Assert.Equal(2, ((int)report["skippedCount"]!));
        var reasons = report["skipped"]!.AsArray().ToDictionary(s => (string)s!["adId"]!, s => (string)s!["reason"]!);
        Assert.Contains("organisation number", reasons["23905511"]);
        Assert.Contains("8160", reasons["23862880"]);
        var other = await ImportAsync(tenant.Http, feed, "municipalities=1383");
        Assert.Equal(1, ((int)other["created"]!));
    }

    [Fact]
    public async Task A_malformed_feed_is_400_and_writes_nothing()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        var feed = Feed();
        var cut = feed[..(feed.Length * 2 / 3)];
        var problem = await (await tenant.Http.PostAsync("/v1/openings/import/jobtech?county=14", new StringContent(cut, Encoding.UTF8, "application/json")))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("JSON", ((string)problem["detail"]!));
        await (await tenant.Http.PostAsync("/v1/openings/import/jobtech", new StringContent("{\"id\": 1}", Encoding.UTF8, "application/json")))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        var page = await (await tenant.Http.GetAsync("/v1/openings")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, ((int)page["total"]!));
        await using var connection = await app.Db.OpenAsync(TestContext.Current.CancellationToken);
        Assert.Equal(0, (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM employers WHERE tenant_id = @T", new { T = tenant.TenantId })));

        var errors = await (await tenant.Http.PostAsync("/v1/openings/import/jobtech?municipalities=9999&county=99",
            new StringContent("[]", Encoding.UTF8, "application/json"))).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("municipalities"));
        Assert.True(errors.ContainsKey("county"));
        await (await tenant.Http.PostAsync("/v1/openings/import/jobtech", new StringContent("[]", Encoding.UTF8, "text/plain")))
            .ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task A_goal_typed_in_swedish_ranks_the_real_platsbanken_ad_with_its_link()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        await ImportAsync(tenant.Http, Feed(), "county=14");
        var code = (string)(await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=Barista"))[0]!["code"]!;
        // An opening typed in by a coach has no ad.
        var employer = await tenant.Http.CreateAsync("/v1/employers", new { name = "Kaffebaren AB" });
        var own = await tenant.Http.CreateAsync("/v1/openings", new
        {
            employerId = employer, title = "Barista", ssykCode = code, municipalityCode = "1490", employmentForm = "permanent", jobType = "competitive",
        });
        var matches = await (await tenant.Http.PostJsonAsync("/v1/matches", new { goals = new { desiredOccupations = new[] { code } } }))
            .ReadJsonAsync(HttpStatusCode.OK);
        var results = matches["results"]!.AsArray();
        var ad = results.Single(r => (string)r!["opening"]!["title"]! == "Barista Landvetter")!["opening"]!;
        // The match itself carries the ad's address and deadline, so a match card needs no second request.
        Assert.Equal("https://arbetsformedlingen.se/platsbanken/annonser/23862880", (string)ad["webUrl"]!);
        Assert.Equal("2099-03-28", (string)ad["expiresOn"]!);
        Assert.Null(results.Single(r => (long)r!["opening"]!["id"]! == own)!["opening"]!["webUrl"]);

        // The group's names, not the ad's headline: Swedish by default, English when asked; the reasons carry both.
        var groupSv = (string)(await GetArrayAsync(tenant.Http, $"/v1/reference/occupations?q={code}"))[0]!["name"]!;
        var groupEn = (string)(await GetArrayAsync(tenant.Http, $"/v1/reference/occupations?q={code}", "en"))[0]!["name"]!;
        Assert.NotEqual(groupEn, groupSv);
        var best = results.Single(r => (string)r!["opening"]!["title"]! == "Barista Landvetter")!;
        Assert.Equal(groupSv, (string)best["opening"]!["occupationName"]!);
        Assert.Contains(($"Ditt förstahandsval: {groupSv}", $"Your first choice: {groupEn}"),
            best["reasons"]!.AsArray().Select(r => ((string)r!["sv"]!, (string)r["en"]!)));
        var english = new HttpRequestMessage(HttpMethod.Post, "/v1/matches")
        {
            Content = new StringContent($"{{\"goals\":{{\"desiredOccupations\":[\"{code}\"]}}}}", Encoding.UTF8, "application/json"),
        };
        english.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("en"));
        var inEnglish = (await (await tenant.Http.SendAsync(english)).ReadJsonAsync(HttpStatusCode.OK))["results"]!.AsArray();
        var sameGroup = inEnglish.Where(r => (string)r!["opening"]!["ssykCode"]! == code).ToList();
        Assert.True(sameGroup.Count >= 2, $"expected at least 2 openings in group {code}, got {sameGroup.Count}");
        Assert.All(sameGroup, r => Assert.Equal(groupEn, (string)r!["opening"]!["occupationName"]!));

        // The employer's open jobs (the openings list) name the group the same way.
        var adEmployer = (long)(await OpeningByAdAsync(tenant.Http, "23862880"))!["employerId"]!;
        async Task<string> OpenJobName(string? language) =>
            (string)(await (await tenant.Http.SendAsync(Language(new HttpRequestMessage(HttpMethod.Get, $"/v1/openings?employerId={adEmployer}"), language)))
                .ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray().Single(o => (string?)o!["externalRef"] == "23862880")!["occupationName"]!;
        Assert.Equal(groupSv, await OpenJobName(null));
        Assert.Equal(groupEn, await OpenJobName("en"));
    }

    [Fact]
    public async Task A_jobtech_code_and_the_scb_codes_it_covers_are_one_occupation()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        var employer = await tenant.Http.CreateAsync("/v1/employers", new { name = "Chefsbolaget AB" });
        // A real ad for a manager carries JobTech's 1210, which SCB's list lacks: accepted.
        var opening = await tenant.Http.CreateAsync("/v1/openings", new
        {
            employerId = employer, title = "Ekonomichef", ssykCode = "1210", municipalityCode = "1480", employmentForm = "permanent", jobType = "competitive",
        });
        var care = await tenant.Http.CreateAsync("/v1/openings", new
        {
            employerId = employer, title = "Undersköterska, hemtjänst", ssykCode = "5322", municipalityCode = "1480", employmentForm = "permanent", jobType = "competitive",
        });
        async Task<long[]> Matches(params string[] codes) =>
            (await (await tenant.Http.PostJsonAsync("/v1/matches", new { goals = new { desiredOccupations = codes } })).ReadJsonAsync(HttpStatusCode.OK))
                ["results"]!.AsArray().Select(r => (long)r!["opening"]!["id"]!).ToArray();
        Assert.Contains(opening, (await Matches("1211")));
        Assert.Contains(opening, (await Matches("1212")));
        Assert.Contains(care, (await Matches("5321")));
    }

    [Fact]
    public async Task The_scheduled_pull_takes_the_snapshot_first_then_changes_after_its_cursor()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        app.Server.Snapshot = Feed();
        app.Server.Stream = """[{"id": "23862880", "removed": true, "removed_date": "2020-03-01T10:00:00"}]""";
        var services = app.Factory.Services;
        var pull = new MatchApi.JobTech.JobStreamPull(app.Db, services.GetRequiredService<MatchApi.Reference.ReferenceData>(),
            services.GetRequiredService<IHttpClientFactory>(),
            Microsoft.Extensions.Options.Options.Create(new MatchApi.JobTech.JobStreamOptions { Enabled = true, Url = app.Server.Base, Tenants = [tenant.TenantId] }),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<MatchApi.JobTech.JobStreamPull>.Instance);

        var first = await pull.PullAsync(tenant.TenantId, TestContext.Current.CancellationToken);
        Assert.Equal(2, first.Created);
        var before = app.Server.StreamQueries.Count;
        var second = await pull.PullAsync(tenant.TenantId, TestContext.Current.CancellationToken);
        Assert.Equal(1, second.Closed);
        Assert.Equal(before + 1, app.Server.StreamQueries.Count);
        Assert.StartsWith("?updated-after=", app.Server.StreamQueries[^1]);
        Assert.Equal("closed", ((string)(await OpeningByAdAsync(tenant.Http, "23862880"))!["status"]!));
    }
}

[Trait(Discovery.Needs, Discovery.JobTechData)]
public sealed class JobTechTestsOnSqlite(SqliteApiFactory api) : JobTechTests(api);
[Trait(Discovery.Needs, Discovery.JobTechData)]
public sealed class JobTechTestsOnSqlServer(SqlServerApiFactory api) : JobTechTests(api);

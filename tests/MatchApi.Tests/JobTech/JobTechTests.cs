using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MatchApi.Tests.Infrastructure;

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
            hits.ShouldNotBeEmpty($"'{typed}' finds nothing");
            var first = hits[0]!;
            ((string)first["matchedTitle"]!).ShouldStartWith(typed, Case.Insensitive);
            ((int)first["level"]!).ShouldBe(4);
        }
        var barista = (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=barista"))[0]!;
        ((string)barista["code"]!).ShouldBe(JobTechData.GroupOf("Barista"));
        ((string)barista["matchedTitle"]!).ShouldBe("Barista");

        // Word prefix: "lager" begins "Lagerarbetare/Terminalarbetare" and the second word of "Arbetsledare lager och terminal".
        var lager = (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=lager")).Select(h => (string)h!["matchedTitle"]!).ToList();
        lager.ShouldContain("Lagerarbetare/Terminalarbetare");
        lager.ShouldContain("Arbetsledare lager och terminal");
        lager.IndexOf("Lagerarbetare/Terminalarbetare").ShouldBeLessThan(lager.IndexOf("Arbetsledare lager och terminal"));
        (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=ager")).Select(h => (string)h!["matchedTitle"]!)
            .ShouldNotContain("Lagerarbetare/Terminalarbetare");
    }

    [Fact]
    public async Task Names_are_swedish_by_default_and_english_when_asked()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        var sv = (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=5223"))[0]!;
        var en = (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=5223", "en"))[0]!;
        ((string)sv["name"]!).ShouldBe("Butikssäljare, fackhandel");
        ((string)en["name"]!).ShouldBe("shop sales, specialty stores");
        // English search still works, answered in Swedish unless asked otherwise.
        var shop = await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=shop%20sales");
        shop.Select(h => (string)h!["code"]!).ShouldContain("5223");
    }

    [Fact]
    public async Task Jobtech_merged_manager_codes_are_occupations_and_scb_codes_keep_swedish_names()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        var merged = (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=1210"))[0]!;
        ((string)merged["code"]!).ShouldBe("1210");
        ((string)merged["name"]!).ShouldNotBeNullOrWhiteSpace();
        // 1211 is SCB's, not JobTech's: its Swedish name comes from SCB's table.
        var scb = (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=1211"))[0]!;
        ((string)scb["name"]!).ShouldBe("Ekonomi- och finanschefer, nivå 1");
    }

    [Fact]
    public async Task Industries_are_found_by_swedish_words_so_care_can_be_avoided_without_codes()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        var hits = await GetArrayAsync(tenant.Http, "/v1/reference/industries?q=v%C3%A5rd");
        hits.ShouldNotBeEmpty();
        hits.ShouldAllBe(h => ((string)h!["name"]!).Contains("vård", StringComparison.OrdinalIgnoreCase));
        (await GetArrayAsync(tenant.Http, "/v1/reference/industries?q=86")).Select(h => (string)h!["code"]!).ShouldContain("86");
        var errors = await (await tenant.Http.GetAsync("/v1/reference/industries?level=6")).ReadValidationErrorsAsync();
        errors.ContainsKey("level").ShouldBeTrue();
    }

    [Fact]
    public async Task An_unknown_sni_code_is_400_naming_it_once_the_taxonomy_is_present()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        var problem = await (await tenant.Http.PostJsonAsync("/v1/employers", new { name = "Okänd bransch AB", sniCode = "99999" }))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        problem.ToJsonString().ShouldContain("99999");
        (await tenant.Http.PostJsonAsync("/v1/employers", new { name = "Sjukhuset AB", sniCode = "86101" })).StatusCode.ShouldBe(HttpStatusCode.Created);

        var participant = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = $"p-{Guid.NewGuid():N}", enrolmentDate = "2025-01-01" });
        var goals = await (await tenant.Http.PutJsonAsync($"/v1/participants/{participant}/goals",
            new { desiredOccupations = new[] { "5120" }, avoid = new { industries = new[] { "86", "99998" } } })).ReadValidationErrorsAsync();
        goals.ToJsonString().ShouldContain("99998");
        goals.ToJsonString().ShouldNotContain("'86'");
    }

    [Fact]
    public async Task The_admin_route_imports_the_same_data_idempotently_and_refuses_a_malformed_document()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
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
        ((string)second["version"]!).ShouldBe((string)first["version"]!);
        ((int)second["titles"]!).ShouldBe((int)first["titles"]!);
        ((int)first["industries"]!).ShouldBe(1817);
        // The GraphQL fetch and the admin route read the same data the same way.
        ((int)first["titles"]!).ShouldBe((int)before["titles"]!);
        ((int)first["occupations"]!).ShouldBe((int)before["occupations"]!);

        var broken = new JsonObject { ["ssykHierarchy"] = new JsonObject { ["data"] = new JsonObject() }, ["sniHierarchy"] = body["sniHierarchy"]!.DeepClone() };
        var errors = await (await tenant.Http.SendRawJsonAsync(HttpMethod.Post, "/v1/admin/taxonomy", broken.ToJsonString())).ReadValidationErrorsAsync();
        errors.ToJsonString().ShouldContain("concepts");
        var after = await (await tenant.Http.GetAsync("/v1/admin/taxonomy")).ReadJsonAsync(HttpStatusCode.OK);
        ((string)after["version"]!).ShouldBe((string)first["version"]!);
        (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=barista")).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Readiness_is_degraded_when_the_taxonomy_cannot_be_fetched_and_the_service_still_answers()
    {
        var app = await TaxonomyApp.GetAsync(api, "unreachable", import: false);
        var response = await app.Factory.CreateClient().GetAsync("/health/ready");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).ShouldBe("Degraded");
        var tenant = await app.NewTenantAsync();
        // Without the taxonomy, SCB's English names still answer.
        var shop = (await GetArrayAsync(tenant.Http, "/v1/reference/occupations?q=5223"))[0]!;
        ((string)shop["name"]!).ShouldBe("shop sales, specialty stores");
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
        counter.ShouldBeGreaterThan(0); // an import that writes moves the tenant's change counter (FreshnessTests)
        ((int)first["received"]!).ShouldBe(24);
        ((int)first["created"]!).ShouldBe(2);
        ((int)first["unknownRemovals"]!).ShouldBe(14);
        ((int)first["skippedCount"]!).ShouldBe(0);
        var second = await ImportAsync(tenant.Http, feed);
        ((int)second["created"]!).ShouldBe(0);
        ((int)second["updated"]!).ShouldBe(0);
        ((int)second["unchanged"]!).ShouldBe(2);
        (await ChangeCounterAsync(app, tenant)).ShouldBe(counter);

        var barista = (await OpeningByAdAsync(tenant.Http, "23862880"))!;
        ((string)barista["title"]!).ShouldBe("Barista Landvetter");
        ((string)barista["source"]!).ShouldBe("platsbanken");
        ((string)barista["ssykCode"]!).ShouldBe("5132");
        ((string)barista["municipalityCode"]!).ShouldBe("1490");
        ((double)barista["location"]!["latitude"]!).ShouldBe(57.721035);
        ((double)barista["location"]!["longitude"]!).ShouldBe(12.939819);
        ((double)barista["hoursPerWeek"]!).ShouldBe(16);
        ((string)barista["employmentForm"]!).ShouldBe("permanent");
        ((string)barista["jobType"]!).ShouldBe("competitive");
        ((string)barista["expiresOn"]!).ShouldBe("2099-03-28");
        ((string)barista["webUrl"]!).ShouldBe("https://arbetsformedlingen.se/platsbanken/annonser/23862880");
        ((string)barista["occupationName"]!).ShouldNotBe("Bartenders");

        var nurse = (await OpeningByAdAsync(tenant.Http, "23905511"))!;
        ((string)nurse["ssykCode"]!).ShouldBe("5323");
        var employer = await (await tenant.Http.GetAsync($"/v1/employers/{(long)nurse["employerId"]!}")).ReadJsonAsync(HttpStatusCode.OK);
        ((string)employer["sector"]!).ShouldBe("public");
        ((string)employer["orgNumber"]!).ShouldContain("232100");
    }

    [Fact]
    public async Task A_removal_closes_the_opening_but_never_undoes_filled_and_an_update_updates()
    {
        var app = await App();
        var tenant = await app.NewTenantAsync();
        await ImportAsync(tenant.Http, Feed(), "municipalities=1480,1490,1383");
        var valeter = (await OpeningByAdAsync(tenant.Http, "23905964"))!;
        var barista = (await OpeningByAdAsync(tenant.Http, "23862880"))!;
        (await tenant.Http.PostJsonAsync($"/v1/openings/{(long)barista["id"]!}/status", new { status = "filled" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        var removals = $$"""[{"id": 23905964, "removed": true, "removed_date": "2020-03-01T10:00:00"}, {"id": "23862880", "removed": true, "removed_date": "2020-03-01T10:00:00"}]""";
        var report = await ImportAsync(tenant.Http, removals, "municipalities=1480,1490,1383");
        ((int)report["closed"]!).ShouldBe(1);
        ((int)report["unchanged"]!).ShouldBe(1);
        ((string)(await OpeningByAdAsync(tenant.Http, "23905964"))!["status"]!).ShouldBe("closed");
        ((string)(await OpeningByAdAsync(tenant.Http, "23862880"))!["status"]!).ShouldBe("filled");
        // The removal did not blank the opening.
        ((string)(await OpeningByAdAsync(tenant.Http, "23905964"))!["title"]!).ShouldBe((string)valeter["title"]!);

        // A changed ad updates its opening; the filled one keeps its status through an update.
        var changed = Feed(a => !IsRemoval(a), a => a["headline"] = a["headline"]!.GetValue<string>() + " (uppdaterad)");
        var update = await ImportAsync(tenant.Http, changed, "municipalities=1480,1490,1383");
        ((int)update["updated"]!).ShouldBe(3);
        ((string)(await OpeningByAdAsync(tenant.Http, "23862880"))!["status"]!).ShouldBe("filled");
        ((string)(await OpeningByAdAsync(tenant.Http, "23862880"))!["title"]!).ShouldEndWith("(uppdaterad)");
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
        ((int)report["created"]!).ShouldBe(0);
        ((int)report["skippedCount"]!).ShouldBe(2);
        var reasons = report["skipped"]!.AsArray().ToDictionary(s => (string)s!["adId"]!, s => (string)s!["reason"]!);
        reasons["23905511"].ShouldContain("organisation number");
        reasons["23862880"].ShouldContain("8160");
        var other = await ImportAsync(tenant.Http, feed, "municipalities=1383");
        ((int)other["created"]!).ShouldBe(1);
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
        ((string)problem["detail"]!).ShouldContain("JSON");
        await (await tenant.Http.PostAsync("/v1/openings/import/jobtech", new StringContent("{\"id\": 1}", Encoding.UTF8, "application/json")))
            .ReadProblemAsync(HttpStatusCode.BadRequest);
        var page = await (await tenant.Http.GetAsync("/v1/openings")).ReadJsonAsync(HttpStatusCode.OK);
        ((int)page["total"]!).ShouldBe(0);
        await using var connection = await app.Db.OpenAsync(TestContext.Current.CancellationToken);
        (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM employers WHERE tenant_id = @T", new { T = tenant.TenantId })).ShouldBe(0);

        var errors = await (await tenant.Http.PostAsync("/v1/openings/import/jobtech?municipalities=9999&county=99",
            new StringContent("[]", Encoding.UTF8, "application/json"))).ReadValidationErrorsAsync();
        errors.ContainsKey("municipalities").ShouldBeTrue();
        errors.ContainsKey("county").ShouldBeTrue();
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
        ((string)ad["webUrl"]!).ShouldBe("https://arbetsformedlingen.se/platsbanken/annonser/23862880");
        ((string)ad["expiresOn"]!).ShouldBe("2099-03-28");
        results.Single(r => (long)r!["opening"]!["id"]! == own)!["opening"]!["webUrl"].ShouldBeNull();
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
        (await Matches("1211")).ShouldContain(opening);
        (await Matches("1212")).ShouldContain(opening);
        (await Matches("5321")).ShouldContain(care);
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
        first.Created.ShouldBe(2);
        var before = app.Server.StreamQueries.Count;
        var second = await pull.PullAsync(tenant.TenantId, TestContext.Current.CancellationToken);
        second.Closed.ShouldBe(1);
        app.Server.StreamQueries.Count.ShouldBe(before + 1);
        app.Server.StreamQueries[^1].ShouldStartWith("?updated-after=");
        ((string)(await OpeningByAdAsync(tenant.Http, "23862880"))!["status"]!).ShouldBe("closed");
    }
}

public sealed class JobTechTestsOnSqlite(SqliteApiFactory api) : JobTechTests(api);
public sealed class JobTechTestsOnSqlServer(SqlServerApiFactory api) : JobTechTests(api);

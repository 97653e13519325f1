using System.Net;
using System.Text.Json.Nodes;
using MatchApi.Data;
using MatchApi.Demo;
using MatchApi.JobTech;
using MatchApi.Reference;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;

namespace MatchApi.Tests.JobTech;

/// <summary>The demo must be true: every demo title is one of JobTech's occupation names under the code it carries.</summary>
[Trait(Discovery.Needs, Discovery.JobTechData)]
public sealed class DemoDataTests
{
    [Fact]
    public async Task Every_demo_title_is_an_occupation_name_under_its_ssyk_code_and_every_sni_code_exists()
    {
        var taxonomy = Taxonomy.Parse(await TaxonomySource.ReadAsync(JobTechData.Taxonomy, null, new HttpClient(), TestContext.Current.CancellationToken));
        var titles = taxonomy.Titles.Where(t => t.Kind == TitleKinds.Current).Select(t => (t.SsykCode, t.Title)).ToHashSet();
        var industries = taxonomy.Industries.Select(i => i.Code).ToHashSet();
        var wrong = DemoData.Jobs.Where(j => !titles.Contains((j.Ssyk, j.Title))).Select(j => $"{j.Ssyk} {j.Title}").ToList();
        Assert.Empty(wrong);
        Assert.DoesNotContain(DemoData.Jobs, j => !industries.Contains(j.Sni));
    }
}

/// <summary>
/// The demo tenant with Platsbanken-shaped openings: a JobStream file in <c>Demo:JobTechAdsFile</c> is imported into it at start.
/// SQLite only, as the demo itself (Startup.PrepareDatabaseAsync makes it only there).
/// </summary>
[Trait(Discovery.Needs, Discovery.JobTechData)]
public sealed class DemoJobTechAdsTests(SqliteApiFactory api)
{
    private const string Key = "mk_demo_test_key_not_a_secret";

    [Fact]
    public async Task A_jobtech_ads_file_gives_the_demo_tenant_platsbanken_openings_and_without_it_nothing_changes()
    {
        // The sample's ads (a small file: 24 ads and removals) with deadlines moved into the future.
        var ads = JsonNode.Parse(await File.ReadAllTextAsync(JobTechData.SampleAds, TestContext.Current.CancellationToken))!.AsArray();
        foreach (var ad in ads)
            if (ad!["removed"]?.GetValue<bool>() != true) ad["application_deadline"] = "2099-03-28T23:59:59";
        var file = Path.Combine(Path.GetTempPath(), $"matchapi-demo-ads-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, ads.ToJsonString(), TestContext.Current.CancellationToken);
        try
        {
            // Härryda (1490) is outside the generated demo's municipalities: what is there came from the file.
            var imported = await DemoOpeningsInHarrydaAsync(file);
            var barista = imported.Single();
            Assert.Equal("Barista Landvetter", ((string)barista!["title"]!));
            Assert.Equal("platsbanken", ((string)barista["source"]!));
            Assert.Equal("23862880", ((string)barista["externalRef"]!));
            Assert.Equal("https://arbetsformedlingen.se/platsbanken/annonser/23862880", ((string)barista["webUrl"]!));

            Assert.Empty((await DemoOpeningsInHarrydaAsync(null)));
        }
        finally
        {
            File.Delete(file);
        }
    }

    private async Task<JsonArray> DemoOpeningsInHarrydaAsync(string? adsFile)
    {
        api.EnsureUsable();
        var path = Path.Combine(Path.GetTempPath(), $"matchapi-tests-demo{Guid.NewGuid():N}.db");
        try
        {
            await using var factory = api.WithWebHostBuilder(b =>
            {
                b.UseSetting("Database:SqlitePath", path);
                b.UseSetting("Demo:Seed", "true");
                b.UseSetting("Demo:ApiKey", Key);
                if (adsFile is not null) b.UseSetting("Demo:JobTechAdsFile", adsFile);
            });
            using var http = factory.CreateClient();
            http.DefaultRequestHeaders.Add(ApiKeys.Header, Key);
            var page = await (await http.GetAsync("/v1/openings?municipalityCode=1490&pageSize=200", TestContext.Current.CancellationToken))
                .ReadJsonAsync(HttpStatusCode.OK);
            // The generated demo is there either way.
            var all = await (await http.GetAsync("/v1/openings?pageSize=1", TestContext.Current.CancellationToken)).ReadJsonAsync(HttpStatusCode.OK);
            Assert.True(((int)all["total"]!) > 100, $"{((int)all["total"]!)} is not > {100}");
            return page["items"]!.AsArray();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Db.DeleteSqliteFiles(path);
        }
    }
}

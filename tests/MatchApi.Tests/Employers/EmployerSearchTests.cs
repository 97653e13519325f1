using System.Net;
using System.Text.Json.Nodes;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Employers;

/// <summary>The contact person at an employer, and finding employers by name, municipality and industry.</summary>
public abstract class EmployerSearchTests(MatchApiFactory api)
{
    private static async Task<long[]> IdsAsync(HttpClient http, string query) =>
        (await (await http.GetAsync("/v1/employers" + query)).ReadJsonAsync(HttpStatusCode.OK))["items"]!.AsArray()
            .Select(e => (long)e!["id"]!).ToArray();

    [Fact]
    public async Task An_employer_keeps_its_contact_person_and_a_put_can_change_it()
    {
        var tenant = await api.NewTenantAsync();
        var created = await (await tenant.Http.PostJsonAsync("/v1/employers",
            new { name = "Café Hisingen", contactName = "Lisa Berg", contactPhone = "031-12 34 56", contactEmail = "lisa@cafehisingen.se" }))
            .ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("Lisa Berg", (string)created["contactName"]!);
        Assert.Equal("031-12 34 56", (string)created["contactPhone"]!);
        Assert.Equal("lisa@cafehisingen.se", (string)created["contactEmail"]!);

        var url = $"/v1/employers/{created["id"]}";
        var changed = await (await tenant.Http.PutJsonAsync(url, new { name = "Café Hisingen", contactName = "Omar Ali" })).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Omar Ali", (string)changed["contactName"]!);
        Assert.Null(changed["contactPhone"]);
        Assert.Equal("Omar Ali", (string)(await (await tenant.Http.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK))["contactName"]!);
    }

    [Theory]
    [InlineData("contactEmail", "inte en adress")]
    [InlineData("contactPhone", "ring mig")]
    [InlineData("contactName", "850709-9805")]
    public async Task Bad_contact_details_are_refused(string field, string value)
    {
        var tenant = await api.NewTenantAsync();
        var body = new JsonObject { ["name"] = "Café Hisingen", [field] = value };
        var errors = await (await tenant.Http.PostJsonAsync("/v1/employers", body)).ReadValidationErrorsAsync();
        Assert.Contains(errors, e => e.Key.Equals(field, StringComparison.OrdinalIgnoreCase));
        Assert.Empty(await IdsAsync(tenant.Http, ""));
    }

    [Fact]
    public async Task Employers_are_found_by_name_with_swedish_spelling_variants_municipality_and_industry()
    {
        var tenant = await api.NewTenantAsync();
        var cafe = await tenant.Http.CreateAsync("/v1/employers", new { name = "Café Hisingen", municipalityCode = "1480", sniCode = "56100" });
        var wasa = await tenant.Http.CreateAsync("/v1/employers", new { name = "Wasa Kafferosteri", municipalityCode = "1480", sniCode = "10830" });
        var kafe = await tenant.Http.CreateAsync("/v1/employers", new { name = "Kaféet i Borås", municipalityCode = "1490", sniCode = "56100" });

        Assert.Equal([cafe, kafe], await IdsAsync(tenant.Http, "?q=" + Uri.EscapeDataString("kafé")));
        Assert.Equal([wasa], await IdsAsync(tenant.Http, "?q=vasa"));
        Assert.Equal([cafe], await IdsAsync(tenant.Http, "?q=cafe&municipalityCode=1480"));
        Assert.Equal([cafe, kafe], await IdsAsync(tenant.Http, "?sniCode=56"));
        Assert.Equal([kafe], await IdsAsync(tenant.Http, "?sniCode=56&municipalityCode=1490"));
        var page = await (await tenant.Http.GetAsync("/v1/employers?q=kafe&pageSize=1&page=2")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2, (long)page["total"]!);
        Assert.Equal(kafe, (long)page["items"]![0]!["id"]!);
        await (await tenant.Http.GetAsync("/v1/employers?sniCode=5a")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }
}

public sealed class EmployerSearchTestsOnSqlite(SqliteApiFactory api) : EmployerSearchTests(api);
public sealed class EmployerSearchTestsOnSqlServer(SqlServerApiFactory api) : EmployerSearchTests(api);

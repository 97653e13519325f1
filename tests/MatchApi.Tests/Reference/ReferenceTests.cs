using System.Net;
using System.Text.Json.Nodes;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Reference;

public abstract class ReferenceTests(MatchApiFactory api)
{
    private async Task<JsonArray> GetAsync(string url)
    {
        var tenant = await api.NewTenantAsync();
        return (await (await tenant.Http.GetAsync(url)).ReadJsonAsync(HttpStatusCode.OK)).AsArray();
    }

    private static string[] Codes(JsonArray items) => items.Select(o => (string)o!["code"]!).ToArray();

    [Fact]
    public async Task A_known_occupation_is_found_by_its_code()
    {
        var items = await GetAsync("/v1/reference/occupations?q=5223");
        var shop = Assert.Single(items);
        Assert.Equal("5223", (string)shop!["code"]!);
        Assert.Equal(4, (int)shop["level"]!);
        Assert.Equal("shop sales, specialty stores", (string)shop["name"]!);
    }

    [Fact]
    public async Task A_code_prefix_finds_the_group_and_everything_in_it_in_code_order()
    {
        var codes = Codes(await GetAsync("/v1/reference/occupations?q=522"));
        Assert.Equal("522", codes[0]);
        Assert.Contains("5223", codes);
        Assert.All(codes, c => Assert.StartsWith("522", c));
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
    }

    [Fact]
    public async Task Name_search_ignores_case()
    {
        var codes = Codes(await GetAsync("/v1/reference/occupations?q=SHOP%20SALES"));
        Assert.Contains("5223", codes);
    }

    [Fact]
    public async Task Level_narrows_the_search()
    {
        var majorGroups = Codes(await GetAsync("/v1/reference/occupations?level=1"));
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], majorGroups);
        var units = await GetAsync("/v1/reference/occupations?q=522&level=4");
        Assert.All(units, o => Assert.Equal(4, (int)o!["level"]!));
        Assert.Contains("5223", Codes(units));
    }

    [Fact]
    public async Task At_most_fifty_occupations_are_returned_in_code_order()
    {
        var codes = Codes(await GetAsync("/v1/reference/occupations"));
        Assert.Equal(50, codes.Length);
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.Equal("0", codes[0]);
    }

    [Fact]
    public async Task No_match_is_an_empty_list()
    {
        Assert.Empty(await GetAsync("/v1/reference/occupations?q=astronaut%20on%20mars"));
        Assert.Empty(await GetAsync("/v1/reference/municipalities?q=Atlantis"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public async Task Level_outside_one_to_four_is_a_validation_problem(int level)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.GetAsync($"/v1/reference/occupations?level={level}")).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("level"));
    }

    [Fact]
    public async Task All_290_municipalities_are_listed_and_1480_is_goteborg()
    {
        var items = await GetAsync("/v1/reference/municipalities");
        Assert.Equal(290, items.Count);
        Assert.Equal(290, Codes(items).Distinct().Count());
        var goteborg = Assert.Single(items, m => (string)m!["code"]! == "1480");
        Assert.Equal("Göteborg", (string)goteborg!["name"]!);
        Assert.Equal("14", (string)goteborg["countyCode"]!);
        Assert.Equal("Västra Götalands län", (string)goteborg["countyName"]!);
    }

    [Fact]
    public async Task Municipalities_are_in_swedish_alphabetical_order()
    {
        var names = (await GetAsync("/v1/reference/municipalities")).Select(m => (string)m!["name"]!).ToList();
        // Swedish puts Å, Ä, Ö after Z and in that order; code-point order would put Ä before Å, invariant order Å among the A's.
        Assert.True(names.IndexOf("Ystad") < names.IndexOf("Åmål"));
        Assert.True(names.IndexOf("Åre") < names.IndexOf("Älmhult"));
        Assert.True(names.IndexOf("Ängelholm") < names.IndexOf("Örebro"));
        Assert.Equal("Övertorneå", names[^1]);
        Assert.All(names.Zip(names.Skip(1)), pair => Assert.True(
            System.Globalization.CultureInfo.GetCultureInfo("sv-SE").CompareInfo.Compare(pair.First, pair.Second, System.Globalization.CompareOptions.None) <= 0,
            $"{pair.First} before {pair.Second}"));
    }

    [Fact]
    public async Task Municipalities_can_be_narrowed_by_county_and_searched()
    {
        var county = await GetAsync("/v1/reference/municipalities?countyCode=14");
        Assert.Equal(49, county.Count);
        Assert.All(county, m => Assert.Equal("14", (string)m!["countyCode"]!));
        Assert.Contains("1480", Codes(county));

        Assert.Equal(["1480"], Codes(await GetAsync("/v1/reference/municipalities?q=göteb")));
        Assert.Equal(["1480"], Codes(await GetAsync("/v1/reference/municipalities?q=GÖTEBORG&countyCode=14")));
        Assert.Empty(await GetAsync("/v1/reference/municipalities?q=göteborg&countyCode=12"));
        Assert.Contains("1480", Codes(await GetAsync("/v1/reference/municipalities?q=148")));
    }

    [Theory]
    [InlineData("99")]
    [InlineData("Skåne")]
    public async Task Unknown_county_is_a_validation_problem(string countyCode)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.GetAsync($"/v1/reference/municipalities?countyCode={countyCode}")).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("countyCode"));
    }

    [Fact]
    public async Task Any_valid_key_may_read_reference_data()
    {
        var tenant = await api.NewTenantAsync();
        var matchOnly = await tenant.WithScopesAsync(Scopes.Match);
        Assert.Equal(HttpStatusCode.OK, (await matchOnly.GetAsync("/v1/reference/occupations?q=5223")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await matchOnly.GetAsync("/v1/reference/municipalities")).StatusCode);
    }

    [Fact]
    public async Task Without_a_key_reference_data_is_401()
    {
        var client = api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/reference/occupations")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/v1/reference/municipalities")).StatusCode);
    }
}

public sealed class ReferenceTestsOnSqlite(SqliteApiFactory api) : ReferenceTests(api);
public sealed class ReferenceTestsOnSqlServer(SqlServerApiFactory api) : ReferenceTests(api);

using MatchApi.Common;

namespace MatchApi.Tests.Common;

public sealed class SwedishSearchTests
{
    [Theory]
    [InlineData("Café Hisingen", "kafé")]
    [InlineData("Kafé Hisingen", "cafe")]
    [InlineData("Wasa Bageri", "vasa")]
    [InlineData("Taxi Göteborg", "taksi")]
    [InlineData("Zeta Städ", "seta")]
    [InlineData("Citybud", "sity")]
    [InlineData("Pharmacia", "farmasia")]
    [InlineData("Svensson & Son", "svensson och")]
    [InlineData("Ahlsell A.B.", "ahlsell ab")]
    [InlineData("Bäck Bygg", "bäk")]
    [InlineData("Crème Konditori", "kreme")]
    [InlineData("Coop Hisingen", "hising")]
    public void Spelling_variants_find_each_other(string name, string query) => Assert.True(SwedishSearch.Contains(name, query));

    [Theory]
    [InlineData("Åhléns", "ahlens")]
    [InlineData("Coop Hisingen", "ica")]
    [InlineData("Ölbryggeriet", "olbrygg")]
    [InlineData("Coop Hisingen", "koofis")]
    public void Different_names_and_the_swedish_letters_stay_apart(string name, string query) =>
        Assert.False(SwedishSearch.Contains(name, query));

    [Fact]
    public void An_empty_query_finds_everything_and_an_empty_name_nothing()
    {
        Assert.True(SwedishSearch.Contains("Coop", " "));
        Assert.False(SwedishSearch.Contains(null, "coop"));
    }
}

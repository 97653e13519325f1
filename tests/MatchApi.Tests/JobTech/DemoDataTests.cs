using MatchApi.Demo;
using MatchApi.JobTech;
using MatchApi.Reference;

namespace MatchApi.Tests.JobTech;

/// <summary>The demo must be true: every demo title is one of JobTech's occupation names under the code it carries.</summary>
public sealed class DemoDataTests
{
    [Fact]
    public async Task Every_demo_title_is_an_occupation_name_under_its_ssyk_code_and_every_sni_code_exists()
    {
        var taxonomy = Taxonomy.Parse(await TaxonomySource.ReadAsync(JobTechData.Taxonomy, null, new HttpClient(), TestContext.Current.CancellationToken));
        var titles = taxonomy.Titles.Where(t => t.Kind == TitleKinds.Current).Select(t => (t.SsykCode, t.Title)).ToHashSet();
        var industries = taxonomy.Industries.Select(i => i.Code).ToHashSet();
        var wrong = DemoData.Jobs.Where(j => !titles.Contains((j.Ssyk, j.Title))).Select(j => $"{j.Ssyk} {j.Title}").ToList();
        wrong.ShouldBeEmpty();
        DemoData.Jobs.Where(j => !industries.Contains(j.Sni)).ShouldBeEmpty();
    }
}

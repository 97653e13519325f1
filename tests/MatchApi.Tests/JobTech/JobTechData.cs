using System.Text.Json;
using MatchApi.JobTech;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MatchApi.Tests.JobTech;

/// <summary>
/// JobTech's real data in ../shared/jobtech (never copied into the repository). Found by walking up from the test binaries,
/// so it works from /work/main and from a worktree below /work/wt alike, or where <see cref="FolderVariable"/> says. Tests
/// that need it carry <c>[Trait(Discovery.Needs, Discovery.JobTechData)]</c>: where it is absent they are left out at
/// discovery and <see cref="JobTechDataTests"/> skips once in their place.
/// </summary>
public static class JobTechData
{
    /// <summary>Names the jobtech folder instead of the search (e.g. a folder without the data, to see the tests left out).</summary>
    public const string FolderVariable = "MATCHAPI_JOBTECH_DATA";

    public static readonly string? Folder = Find();

    public const string MissingReason = "JobTech's data (shared/jobtech) is not next to this checkout; these tests read it from there.";

    public static string Taxonomy => Path.Combine(Require(), "taxonomy");

    public static string SampleAds => Path.Combine(Require(), "ads", "jobstream-sample-2020-02-27.json");

    /// <summary>
    /// The folder. A test that gets here without it was not marked with the trait (marked ones are left out at discovery):
    /// it fails, saying so, rather than skipping on its own line.
    /// </summary>
    public static string Require()
    {
        if (Folder is null) Assert.Fail($"{MissingReason} Mark the test [Trait(Discovery.Needs, Discovery.JobTechData)] to leave it out where the data is absent.");
        return Folder;
    }

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable(FolderVariable) is { Length: > 0 } named)
            return File.Exists(Path.Combine(named, "taxonomy", TaxonomyDocuments.SsykFile)) ? named : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "jobtech");
            if (File.Exists(Path.Combine(candidate, "taxonomy", TaxonomyDocuments.SsykFile))) return candidate;
        }
        return null;
    }

    /// <summary>The 4-digit group JobTech files an everyday title under, read from the shared file (the test's own truth).</summary>
    public static string GroupOf(string title)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Taxonomy, TaxonomyDocuments.SsykFile)));
        string? Walk(JsonElement concept, string? code)
        {
            if (concept.TryGetProperty("ssyk_code_2012", out var c)) code = c.GetString();
            if (concept.GetProperty("type").GetString() == "occupation-name" && concept.GetProperty("preferred_label").GetString() == title) return code;
            if (concept.TryGetProperty("narrower", out var narrower))
                foreach (var child in narrower.EnumerateArray())
                    if (Walk(child, code) is { } found) return found;
            return null;
        }
        return doc.RootElement.GetProperty("data").GetProperty("concepts").EnumerateArray().Select(c => Walk(c, null)).First(c => c is not null)!;
    }
}

/// <summary>Stands in for the tests of JobTech's data where discovery leaves them out; where they run, checks the files they read.</summary>
public sealed class JobTechDataTests
{
    [Fact]
    public void The_tests_of_jobtech_data_find_the_taxonomy_and_the_sample_ads()
    {
        if (Discovery.JobTech.LeavesOut) Assert.Skip(Discovery.JobTech.Summary);
        Assert.True(File.Exists(Path.Combine(JobTechData.Taxonomy, TaxonomyDocuments.SsykFile)));
        Assert.True(File.Exists(JobTechData.SampleAds));
    }
}

/// <summary>
/// A loopback HTTP server answering GraphQL queries as JobTech's Taxonomy API does, from the shared files, so the fetching code
/// runs for real. <c>/graphql</c> answers; <c>/down/graphql</c> answers 503 like an API that cannot be reached.
/// </summary>
public sealed class TaxonomyGraphQlServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TaxonomyGraphQlServer(WebApplication app, string address)
    {
        _app = app;
        Url = address + "/graphql";
        DownUrl = address + "/down/graphql";
    }

    public string Url { get; }

    public string DownUrl { get; }

    public int Queries { get; private set; }

    public string Base => Url[..^"/graphql".Length];

    public string Snapshot { get; set; } = "[]";

    public string Stream { get; set; } = "[]";

    public List<string> StreamQueries { get; } = [];

    public static async Task<TaxonomyGraphQlServer> StartAsync()
    {
        var folder = JobTechData.Taxonomy;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        TaxonomyGraphQlServer? server = null;
        app.MapGet("/graphql", (string query) =>
        {
            server!.Queries++;
            var file = query.Contains("\"ssyk-level-1\"", StringComparison.Ordinal) ? TaxonomyDocuments.SsykFile
                : query.Contains("\"sni-level-1\"", StringComparison.Ordinal) ? TaxonomyDocuments.SniFile
                : query.Contains(TaxonomySource.NoEducationCollectionId, StringComparison.Ordinal) ? TaxonomyDocuments.NoEducationFile
                : null;
            return file is null
                ? Results.Json(new { errors = new[] { new { message = "Unknown query" } } }, statusCode: 400)
                : Results.File(Path.Combine(folder, file), "application/json");
        });
        app.MapGet("/down/graphql", () => Results.StatusCode(StatusCodes.Status503ServiceUnavailable));
        // JobStream: the whole sample as the snapshot, and what the test set as the changes since a time.
        app.MapGet("/v2/snapshot", () => Results.Text(server!.Snapshot, "application/json"));
        app.MapGet("/v2/stream", (HttpRequest request) =>
        {
            server!.StreamQueries.Add(request.QueryString.Value ?? "");
            return Results.Text(server.Stream, "application/json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server = new TaxonomyGraphQlServer(app, address);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

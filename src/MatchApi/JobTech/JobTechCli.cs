using System.Text.Json;
using MatchApi.Data;
using MatchApi.Reference;

namespace MatchApi.JobTech;

/// <summary>
/// The JobTech commands of the executable: <c>import-taxonomy --from &lt;folder|url&gt;</c>
/// and <c>import-jobtech --tenant … --file … [--municipalities 1480,1481 | --county 14]</c>
/// (their benchmarks, <c>bench-taxonomy-search</c> and <c>bench-jobtech</c>, are commands of MatchApi.Tools).
/// </summary>
public static class JobTechCli
{
    private static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static readonly string[] Commands = ["import-taxonomy", "import-jobtech"];

    public static async Task<int> RunAsync(WebApplication app, string command, Dictionary<string, string> options, ILogger logger)
    {
        var db = app.Services.GetRequiredService<Db>();
        var reference = app.Services.GetRequiredService<ReferenceData>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        await Migrations.ApplyAsync(db, logger);
        switch (command)
        {
            case "import-taxonomy":
            {
                var from = Required(options, "from");
                var taxonomyOptions = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<TaxonomyOptions>>().Value;
                var http = app.Services.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(TaxonomyRefresh));
                try
                {
                    var documents = await TaxonomySource.ReadAsync(from, taxonomyOptions.SupplementFolder, http, CancellationToken.None);
                    var status = await TaxonomyImport.ImportAsync(db, reference, Taxonomy.Parse(documents), clock.GetUtcNow(), CancellationToken.None);
                    Console.WriteLine($"Imported taxonomy {status.Version} from {status.Source}: {status.Occupations} SSYK groups with Swedish names, "
                        + $"{status.Titles} titles, {status.Industries} SNI industries.");
                    return 0;
                }
                catch (Exception ex) when (ex is TaxonomyFormatException or HttpRequestException or IOException)
                {
                    return Fail($"The taxonomy was not imported: {ex.Message}");
                }
            }
            case "import-jobtech":
            {
                var tenant = await Tenants.Tenants.FindAsync(db, Required(options, "tenant"), default);
                if (tenant is null) return Fail($"No tenant '{options["tenant"]}'. Create it first with create-tenant.");
                var file = Required(options, "file");
                if (!File.Exists(file)) return Fail($"No file '{file}'.");
                var municipalities = options.GetValueOrDefault("municipalities")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (municipalities?.FirstOrDefault(m => !reference.IsMunicipality(m)) is { } unknown) return Fail($"'{unknown}' is not a municipality code.");
                var county = options.GetValueOrDefault("county");
                if (county is not null && !reference.Municipalities.Values.Any(m => m.CountyCode == county)) return Fail($"'{county}' is not a county code.");
                var area = await JobStreamImport.AreaAsync(db, reference, tenant.Id, municipalities, county, default);
                await using var feed = File.OpenRead(file);
                try
                {
                    var report = await JobStreamImport.ImportAsync(feed, tenant.Id, area, db, reference, clock.GetUtcNow(), default);
                    Console.WriteLine(JsonSerializer.Serialize(report, Indented));
                    return 0;
                }
                catch (JobStreamFormatException ex)
                {
                    return Fail($"Nothing was imported. {ex.Message}");
                }
            }
        }
        return Fail($"Unknown command '{command}'.");
    }

    private static int Fail(string message) => Hosting.Cli.Fail(message);

    private static string Required(Dictionary<string, string> options, string name) => Hosting.Cli.Required(options, name);
}

using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MatchApi.Data;
using MatchApi.Employers;
using MatchApi.Hosting;
using MatchApi.Security;

namespace MatchApi.Tools;

/// <summary>
/// <c>bench-sync [--rows 100000]</c>: generates an employer CSV as Excel writes it (BOM, semicolons,
/// Swedish headers), starts this service in a child process on a loopback port over a temporary SQLite
/// database (<see cref="LoopbackServer"/>), and sends
/// the file through the real HTTP pipeline (Kestrel, its body limit, authentication, the sync route).
/// After a warm-up sync of 1,000 rows under another source (so that JIT compilation is not timed), three runs: a first sync that creates every row, the same file again (every row unchanged), and a
/// mirror run that changes 1 % of the rows and leaves 1 % out. Prints the time and rows per second of each.
/// </summary>
public static class SyncBenchmark
{
    public static async Task<int> RunAsync(WebApplication app, int rows, CancellationToken ct)
    {
        var work = Path.Combine(Path.GetTempPath(), $"matchapi-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(work);
        var path = Path.Combine(work, "bench.db");
        var db = new Db(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, SqlitePath = path }, app.Environment.ContentRootPath);
        try
        {
            await Migrations.ApplyAsync(db, app.Logger, ct);
            var tenant = await Tenants.Tenants.CreateAsync(db, "Benchmark", "1480", DateTimeOffset.UtcNow, ct);
            var key = ApiKeys.Generate();
            await ApiKeys.CreateAsync(db, tenant.Id, "bench-sync", [Scopes.EmployersWrite, Scopes.EmployersRead], key, null, ct);

            var warmUp = Path.Combine(work, "warm-up.csv");
            var first = Path.Combine(work, "arbetsgivare.csv");
            var second = Path.Combine(work, "arbetsgivare-2.csv");
            await WriteCsvAsync(warmUp, Math.Min(rows, 1000), changedEvery: 0, ct);
            await WriteCsvAsync(first, rows, changedEvery: 0, ct);
            await WriteCsvAsync(second, rows, changedEvery: 100, ct);
            Console.WriteLine($"Generated {rows:N0} rows: {new FileInfo(first).Length / 1024.0 / 1024.0:0.0} MB of CSV.");

            await using var server = await LoopbackServer.StartAsync(path, ct);
            using var http = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(30) };
            http.DefaultRequestHeaders.Add(ApiKeys.Header, key);
            await SendAsync(http, "warm-up (1,000 rows, not counted)", warmUp, "upsert", Math.Min(rows, 1000), ct, source: "warm-up");
            Console.WriteLine($"{"run",-34} {"seconds",8} {"rows/s",10}  report");
            await SendAsync(http, "create every row", first, "upsert", rows, ct);
            await SendAsync(http, "same file again (all unchanged)", first, "upsert", rows, ct);
            await SendAsync(http, "mirror: 1 % changed, 1 % left out", second, "mirror", rows, ct);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task SendAsync(HttpClient http, string name, string file, string mode, int rows, CancellationToken ct,
        string source = "bench")
    {
        await using var stream = File.OpenRead(file);
        using var content = new StreamContent(stream);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = "utf-8" };
        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsync($"/v1/employers/sync?source={source}&mode={mode}", content, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        clock.Stop();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{name}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 2000)]}");
        var report = JsonNode.Parse(body)!;
        var seconds = clock.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-34} {seconds,8:0.00} {rows / seconds,10:N0}  created {report["created"]}, updated {report["updated"]}, "
            + $"unchanged {report["unchanged"]}, deactivated {report["deactivated"]}"));
    }

    // Rows as a municipality's register has them: a valid organisation number, a name with å, ä and ö, a sector
    // word, a municipality by code or by name and a position with decimal commas. The last 1 % are left out of
    // the changed file, and every changedEvery-th row gets a new name.
    private static async Task WriteCsvAsync(string path, int rows, int changedEvery, CancellationToken ct)
    {
        string[] municipalities = ["1480", "Mölndal", "1402", "Kungälv", "1441", "Härryda"];
        string[] sectors = ["privat", "", "offentlig", "ideell", ""];
        var kept = changedEvery == 0 ? rows : rows - rows / 100;
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        await writer.WriteLineAsync("extern referens;namn;organisationsnummer;sektor;sni;kommun;latitud;longitud");
        for (var i = 1; i <= kept; i++)
        {
            ct.ThrowIfCancellationRequested();
            var nine = (556_000_000 + i % 1_000_000).ToString(CultureInfo.InvariantCulture);
            var orgNumber = $"{nine[..6]}-{nine[6..]}{OrganisationNumber.CheckDigit(nine)}";
            var name = changedEvery > 0 && i % changedEvery == 0 ? $"Omdöpta Åkeriet {i} AB" : $"Älvstrandens Företag {i} AB";
            var latitude = (57.5 + i % 1000 / 2000.0).ToString("0.0000", CultureInfo.InvariantCulture).Replace('.', ',');
            var longitude = (11.8 + i % 700 / 2000.0).ToString("0.0000", CultureInfo.InvariantCulture).Replace('.', ',');
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"E{i:D7};\"{name}\";{orgNumber};{sectors[i % sectors.Length]};{47111 + i % 50};{municipalities[i % municipalities.Length]};{latitude};{longitude}"));
        }
    }
}

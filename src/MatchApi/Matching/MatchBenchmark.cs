using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Employers;
using MatchApi.Openings;
using MatchApi.Participants;
using MatchApi.Reference;
using MatchApi.Security;

namespace MatchApi.Matching;

/// <summary>
/// <c>bench-match [--openings 100000 --employers 20000 --contacts 200000 --participants 5000 --requests 2000 --seed 1 --keep false]</c>:
/// generates one municipality into a temporary SQLite file (one transaction, prepared commands),
/// starts this service on it on 127.0.0.1 in a child process, and times sequential requests to
/// both match endpoints through the real HTTP pipeline. Prints p50/p95/p99 per endpoint.
/// </summary>
public static class MatchBenchmark
{
    private static readonly GeoPoint Centre = new(57.7089, 11.9746);
    private static readonly string[] Municipalities = ["1480", "1480", "1480", "1480", "1401", "1402", "1415", "1481", "1482"];

    public static async Task<int> RunAsync(WebApplication app, IReadOnlyDictionary<string, string> options)
    {
        int Option(string name, int fallback) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        var openings = Option("openings", 100_000);
        var employers = Option("employers", 20_000);
        var contacts = Option("contacts", 200_000);
        var participants = Option("participants", 5_000);
        var requests = Option("requests", 2_000);
        var random = new Random(Option("seed", 1));
        var keep = options.TryGetValue("keep", out var k) && bool.Parse(k);

        var path = Path.Combine(Path.GetTempPath(), $"matchapi-bench-{Guid.NewGuid():N}.db");
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MatchApi.Bench");
        var db = new Db(new DatabaseOptions { SqlitePath = path }, app.Environment.ContentRootPath);
        Process? server = null;
        try
        {
            Console.WriteLine($"Generating {openings:N0} openings, {employers:N0} employers, {contacts:N0} contacts, {participants:N0} participants into {path}");
            var watch = Stopwatch.StartNew();
            await Migrations.ApplyAsync(db, logger);
            var tenant = await Tenants.Tenants.CreateAsync(db, "Benchmark kommun", "1480", DateTimeOffset.UtcNow, default);
            var key = ApiKeys.Generate();
            await ApiKeys.CreateAsync(db, tenant.Id, "bench", [Scopes.Match], key, null, default);
            var codes = new ReferenceData(db).Occupations.Values.Where(o => o.Level == 4).Select(o => o.Code).ToArray();
            var (participantIds, coachIds) = await GenerateAsync(db, tenant.Id, random, codes, openings, employers, contacts, participants);
            Console.WriteLine($"Generated in {watch.Elapsed.TotalSeconds:F1} s ({new FileInfo(path).Length / 1024 / 1024} MB).");

            var port = FreePort();
            server = StartServer(path, port);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(60) };
            await WaitUntilLiveAsync(http, server);
            http.DefaultRequestHeaders.Add(ApiKeys.Header, key);

            var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };
            Func<Task<HttpResponseMessage>> getRequest = () => http.GetAsync($"/v1/participants/{participantIds[random.Next(participantIds.Count)]}/matches");
            Func<Task<HttpResponseMessage>> postRequest = () => http.PostAsJsonAsync("/v1/matches",
                new { goals = RandomGoals(random, codes), coachId = coachIds[random.Next(coachIds.Count)] }, json);

            var cold = Stopwatch.StartNew();
            await EnsureOkAsync(await getRequest());
            Console.WriteLine($"First match after start (reads the tenant's candidates): {cold.Elapsed.TotalMilliseconds:F0} ms");
            for (var i = 0; i < Math.Min(200, requests); i++)
            {
                await EnsureOkAsync(await getRequest());
                await EnsureOkAsync(await postRequest());
            }

            Console.WriteLine($"{requests:N0} sequential requests per endpoint, 20 results each, Kestrel on 127.0.0.1 (client in this process):");
            Console.WriteLine($"{"endpoint",-36} {"p50",8} {"p95",8} {"p99",8} {"max",8}  (ms)");
            foreach (var (name, send) in new[] { ("GET /v1/participants/{id}/matches", getRequest), ("POST /v1/matches", postRequest) })
            {
                var times = new double[requests];
                for (var i = 0; i < requests; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    await EnsureOkAsync(await send());
                    times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                }
                Array.Sort(times);
                Console.WriteLine($"{name,-36} {P(times, 50),8:F2} {P(times, 95),8:F2} {P(times, 99),8:F2} {times[^1],8:F2}");
            }
            return 0;
        }
        finally
        {
            if (server is { HasExited: false })
            {
                server.Kill(entireProcessTree: true);
                await server.WaitForExitAsync();
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (!keep)
                foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
            else Console.WriteLine($"Kept {path}");
        }
    }

    private static double P(double[] sorted, int percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static async Task EnsureOkAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"Benchmark request failed with {(int)response.StatusCode}: {body}");
        }
    }

    private static ParticipantGoals RandomGoals(Random random, string[] codes) => new()
    {
        DesiredOccupations = Enumerable.Range(0, random.Next(1, 4)).Select(_ => codes[random.Next(codes.Length)]).Distinct().ToList(),
        AcceptableMunicipalities = random.Next(3) == 0 ? ["1480", "1401"] : ["1480"],
        HomeLocation = Near(random, Centre, 12),
        MaxTravelKm = random.Next(5, 40),
        TravelLimitIsHard = random.Next(4) == 0,
        MinHoursPerWeek = random.Next(2) == 0 ? null : random.Next(10, 30),
        MaxHoursPerWeek = random.Next(2) == 0 ? null : random.Next(30, 41),
        Schedules = random.Next(2) == 0 ? [] : [(Schedule)random.Next(4)],
        EmploymentForms = random.Next(2) == 0 ? [] : [(EmploymentForm)random.Next(5)],
        JobTypes = random.Next(4) == 0 ? [JobType.Competitive, JobType.Subsidised] : [],
        EarliestStart = random.Next(2) == 0 ? null : DateOnly.FromDateTime(DateTime.UtcNow).AddDays(random.Next(0, 90)),
        PrefersRemote = random.Next(10) == 0,
        Avoid = new Avoidances { Occupations = random.Next(3) == 0 ? [codes[random.Next(codes.Length)][..2]] : [] },
    };

    private static GeoPoint Near(Random random, GeoPoint centre, double km) =>
        new(centre.Latitude + (random.NextDouble() * 2 - 1) * km / 111.0, centre.Longitude + (random.NextDouble() * 2 - 1) * km / 60.0);

    private static async Task<(List<long> Participants, List<long> Coaches)> GenerateAsync(Db db, long tenantId, Random random, string[] codes,
        int openings, int employers, int contacts, int participants)
    {
        await using var connection = await db.OpenAsync(default);
        await using var tx = await connection.BeginTransactionAsync();
        var now = DateTime.UtcNow;
        var today = DateOnly.FromDateTime(now);

        var coachCount = Math.Max(1, participants / 25);
        var coach = Prepare(connection, tx, "INSERT INTO coaches (tenant_id, name, created_at, updated_at) VALUES ($t, $name, $now, $now)", "$t", "$name", "$now");
        for (var i = 0; i < coachCount; i++) await Run(coach, tenantId, $"Coach {i}", now);

        var employer = Prepare(connection, tx, """
            INSERT INTO employers (tenant_id, name, sector, sni_code, municipality_code, latitude, longitude, created_at, updated_at)
            VALUES ($t, $name, $sector, $sni, $m, $lat, $lon, $now, $now)
            """, "$t", "$name", "$sector", "$sni", "$m", "$lat", "$lon", "$now");
        var employerLocations = new GeoPoint[employers];
        for (var i = 0; i < employers; i++)
        {
            var sector = random.Next(10) switch { < 6 => Sector.Private, < 9 => Sector.Public, _ => Sector.NonProfit };
            employerLocations[i] = Near(random, Centre, 20);
            await Run(employer, tenantId, $"Arbetsgivare {i}", sector.ToString(), random.Next(1000, 99999).ToString("00000", CultureInfo.InvariantCulture),
                Municipalities[random.Next(Municipalities.Length)], employerLocations[i].Latitude, employerLocations[i].Longitude, now);
        }
        var firstEmployer = await FirstIdAsync(connection, tx, "employers", tenantId);
        var firstCoach = await FirstIdAsync(connection, tx, "coaches", tenantId);

        var opening = Prepare(connection, tx, """
            INSERT INTO openings (tenant_id, employer_id, title, ssyk_code, municipality_code, latitude, longitude, hours_per_week, schedule,
                                  employment_form, job_type, remote, start_date, expires_on, status, created_at, updated_at)
            VALUES ($t, $e, $title, $ssyk, $m, $lat, $lon, $hours, $schedule, $form, $type, $remote, $start, $expires, 'Open', $now, $now)
            """, "$t", "$e", "$title", "$ssyk", "$m", "$lat", "$lon", "$hours", "$schedule", "$form", "$type", "$remote", "$start", "$expires", "$now");
        for (var i = 0; i < openings; i++)
        {
            var e = random.Next(employers);
            var at = Near(random, employerLocations[e], 0.5);
            var type = random.Next(10) switch { < 7 => JobType.Competitive, < 9 => JobType.Subsidised, _ => JobType.Internship };
            await Run(opening, tenantId, firstEmployer + e, $"Jobb {i}", codes[random.Next(codes.Length)], Municipalities[random.Next(Municipalities.Length)],
                at.Latitude, at.Longitude, random.Next(4) == 0 ? DBNull.Value : random.Next(10, 41), random.Next(5) == 0 ? DBNull.Value : ((Schedule)random.Next(4)).ToString(),
                ((EmploymentForm)random.Next(5)).ToString(), type.ToString(), random.Next(20) == 0,
                random.Next(3) == 0 ? DBNull.Value : today.AddDays(random.Next(0, 120)), random.Next(3) == 0 ? DBNull.Value : today.AddDays(random.Next(0, 90)), now);
        }

        var contact = Prepare(connection, tx, """
            INSERT INTO employer_contacts (tenant_id, employer_id, coach_id, contacted_at, kind, created_at)
            VALUES ($t, $e, $c, $at, $kind, $now)
            """, "$t", "$e", "$c", "$at", "$kind", "$now");
        for (var i = 0; i < contacts; i++)
        {
            var kind = random.Next(10) switch { < 7 => ContactKind.FaceToFace, < 9 => ContactKind.Phone, _ => ContactKind.Email };
            await Run(contact, tenantId, firstEmployer + random.Next(employers), firstCoach + random.Next(coachCount),
                now.AddMinutes(-random.Next(0, 500 * 24 * 60)), kind.ToString(), now);
        }

        var participant = Prepare(connection, tx, """
            INSERT INTO participants (tenant_id, external_ref, coach_id, enrolment_date, status, created_at, updated_at)
            VALUES ($t, $ref, $c, $d, 'Active', $now, $now) RETURNING id
            """, "$t", "$ref", "$c", "$d", "$now");
        var goals = Prepare(connection, tx, """
            INSERT INTO participant_goals (participant_id, tenant_id, own_words, goals_json, updated_at) VALUES ($p, $t, NULL, $json, $now)
            """, "$p", "$t", "$json", "$now");
        var participantIds = new List<long>(participants);
        for (var i = 0; i < participants; i++)
        {
            SetAll(participant, tenantId, $"P{i}", firstCoach + random.Next(coachCount), today.AddDays(-random.Next(0, 400)), now);
            var id = (long)(await participant.ExecuteScalarAsync())!;
            participantIds.Add(id);
            await Run(goals, id, tenantId, GoalsJson.Serialize(RandomGoals(random, codes)), now);
        }
        await tx.CommitAsync();
        return (participantIds, Enumerable.Range(0, coachCount).Select(c => firstCoach + c).ToList());
    }

    private static async Task<long> FirstIdAsync(DbConnection connection, DbTransaction tx, string table, long tenantId)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = $"SELECT MIN(id) FROM {table} WHERE tenant_id = {tenantId}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static DbCommand Prepare(DbConnection connection, DbTransaction tx, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            command.Parameters.Add(p);
        }
        command.Prepare();
        return command;
    }

    private static void SetAll(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i] ?? DBNull.Value;
    }

    private static Task<int> Run(DbCommand command, params object?[] values)
    {
        SetAll(command, values);
        return command.ExecuteNonQueryAsync();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Process StartServer(string databasePath, int port)
    {
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet") start.ArgumentList.Add(Assembly.GetEntryAssembly()!.Location);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Database__SqlitePath"] = databasePath;
        start.Environment["Demo__Seed"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the service.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[server] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilLiveAsync(HttpClient http, Process server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (server.HasExited) throw new InvalidOperationException($"The service exited with code {server.ExitCode}.");
            try
            {
                if ((await http.GetAsync("/health/live")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("The service did not start within 60 s.");
    }
}

using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Employers;
using MatchApi.Hosting;
using MatchApi.Matching;
using MatchApi.Openings;
using MatchApi.Participants;
using MatchApi.Reference;
using MatchApi.Security;

namespace MatchApi.Tools;

/// <summary>
/// <c>bench-match [--openings 100000 --employers 20000 --contacts 200000 --participants 5000 --requests 2000 --connections 16 --rounds 5 --seed 1 --keep false]</c>:
/// generates one municipality into a temporary SQLite file (one transaction, prepared commands),
/// starts this service on it on 127.0.0.1 in a child process (<see cref="LoopbackServer"/>, which lifts
/// the per-caller rate limit), and sends <c>--requests</c> requests per endpoint through the real HTTP
/// pipeline, first over 1 connection, then over <c>--connections</c> at once, in <c>--rounds</c> rounds with the
/// endpoints in turn. Prints the medians of requests/s and p50/p99 for /health/live, POST /v1/matches and
/// GET /v1/participants/{id}/matches side by side, every round's requests/s at <c>--connections</c>, the stored-participant
/// route's share of the stateless one's, and the load average before and after, since the machine may be shared. Then, in this process on the
/// same file, what zero staleness costs (<see cref="CandidateStore"/>): the first match of a tenant
/// without warm-up (the whole read), the change-counter check every match makes, and applying a change
/// of one opening.
/// </summary>
public static class MatchBenchmark
{
    private static readonly GeoPoint Centre = new(57.7089, 11.9746);
    private static readonly string[] Municipalities = ["1480", "1480", "1480", "1480", "1401", "1402", "1415", "1481", "1482"];

    public static async Task<int> RunAsync(WebApplication app, IReadOnlyDictionary<string, string> options)
    {
        int Option(string name, int fallback, int min = 1) =>
            !options.TryGetValue(name, out var v) ? fallback
            : int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min ? n
            : throw new ArgumentException($"--{name} must be a whole number of at least {min}.");
        var openings = Option("openings", 100_000);
        var employers = Option("employers", 20_000);
        var contacts = Option("contacts", 200_000, min: 0);
        var participants = Option("participants", 5_000);
        var requests = Option("requests", 2_000);
        var connections = Option("connections", 16);
        var rounds = Option("rounds", 5);
        var seed = Option("seed", 1, min: 0);
        var random = new Random(seed);
        var keep = options.TryGetValue("keep", out var k) && bool.Parse(k);

        var path = Path.Combine(Path.GetTempPath(), $"matchapi-bench-{Guid.NewGuid():N}.db");
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MatchApi.Bench");
        var db = new Db(new DatabaseOptions { SqlitePath = path }, app.Environment.ContentRootPath);
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

            await using var server = await LoopbackServer.StartAsync(path, default);
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = server.Address,
                Timeout = TimeSpan.FromSeconds(60),
            };
            http.DefaultRequestHeaders.Add(ApiKeys.Header, key);

            var json = new JsonSerializerOptions(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) } };
            // The client shares the 2 cores with the service: its bodies are serialised once, before the clock runs (a random pick
            // of 1,024 goal sets per request), and answers are read to their end without being decoded, so that what is timed
            // is the service's work, not the client's.
            var bodies = Enumerable.Range(0, 1024).Select(_ => JsonSerializer.SerializeToUtf8Bytes(
                new { goals = RandomGoals(random, codes), coachId = coachIds[random.Next(coachIds.Count)] }, json)).ToArray();
            var paths = participantIds.Select(id => $"/v1/participants/{id}/matches").ToArray();
            var endpoints = new (string Name, Func<Random, Task<HttpResponseMessage>> Send)[]
            {
                ("GET /health/live", _ => http.GetAsync("/health/live", HttpCompletionOption.ResponseHeadersRead)),
                ("POST /v1/matches", r => http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/matches")
                {
                    Content = new ByteArrayContent(bodies[r.Next(bodies.Length)]) { Headers = { ContentType = new("application/json") } },
                }, HttpCompletionOption.ResponseHeadersRead)),
                ("GET /v1/participants/{id}/matches", r => http.GetAsync(paths[r.Next(paths.Length)], HttpCompletionOption.ResponseHeadersRead)),
            };

            var cold = Stopwatch.StartNew();
            await EnsureOkAsync(await endpoints[GetMatches].Send(random), new byte[16 * 1024]);
            Console.WriteLine($"First match after start (reads the tenant's candidates): {cold.Elapsed.TotalMilliseconds:F0} ms");
            // Past tiered compilation and connection set-up, at both concurrencies: a service that has run for a while runs
            // every method of a request fully optimised. With 200 requests per endpoint, as before, the runtime was still
            // compiling the POST route's many small methods (body reading, validation rules) while its first cell ran,
            // which doubled that cell's p50.
            foreach (var (_, send) in endpoints)
            {
                await RunAsync(send, Math.Min(WarmUpRequests, requests), 1, seed, server);
                await RunAsync(send, Math.Min(WarmUpRequests, requests), connections, seed, server);
            }

            Console.WriteLine($"Load average before: {LoadAverage()}");
            // Two cells of one endpoint in one service process differ by up to 20 % in requests/s at 16 connections (collections,
            // the OS, the other process on 2 cores), so every cell runs once per round, the endpoints taking turns within a round,
            // and the table gives each figure's median over the rounds. Comparing endpoints cell against cell compared that noise.
            var one = endpoints.Select(_ => new List<Cell>()).ToArray();
            var many = endpoints.Select(_ => new List<Cell>()).ToArray();
            for (var round = 0; round < rounds; round++)
                for (var e = 0; e < endpoints.Length; e++)
                {
                    one[e].Add(await RunAsync(endpoints[e].Send, requests, 1, seed, server));
                    many[e].Add(await RunAsync(endpoints[e].Send, requests, connections, seed, server));
                }
            Console.WriteLine($"{requests:N0} requests per cell, 20 results per match, Kestrel on 127.0.0.1, client in this process; "
                + $"median of {rounds} round(s), endpoints in turn:");
            var wide = $"{connections} connections";
            Console.WriteLine($"{"endpoint",-34} | {"1 connection",-26} | {wide,-26} | {"service CPU ms/req",-19}");
            Console.WriteLine($"{"",-34} | {"req/s",8} {"p50 ms",8} {"p99 ms",8} | {"req/s",8} {"p50 ms",8} {"p99 ms",8} | {"1 conn",9} {$"{connections} conn",9}");
            var (oneMedian, manyMedian) = (one.Select(Cell.Median).ToArray(), many.Select(Cell.Median).ToArray());
            for (var e = 0; e < endpoints.Length; e++)
            {
                var (a, b) = (oneMedian[e], manyMedian[e]);
                Console.WriteLine($"{endpoints[e].Name,-34} | {a.PerSecond,8:F0} {a.P50,8:F2} {a.P99,8:F2} | {b.PerSecond,8:F0} {b.P50,8:F2} {b.P99,8:F2} | {a.CpuMs,9:F2} {b.CpuMs,9:F2}");
            }
            Console.WriteLine("Service CPU ms/req: the service process's CPU time (user + system) over the cell, divided by its requests; "
                + "far less moved by other work on the machine than p99.");
            Console.WriteLine($"Requests/s at {connections} connections, round by round:");
            for (var e = 0; e < endpoints.Length; e++)
                Console.WriteLine($"  {endpoints[e].Name,-34} {string.Join(" ", many[e].Select(c => $"{c.PerSecond,6:F0}"))}");
            // The stored-participant route against the stateless one (issue 20's target: at least 80 %).
            var ratios = many[GetMatches].Zip(many[PostMatches], (get, post) => get.PerSecond / post.PerSecond).ToList();
            Console.WriteLine($"GET …/matches ÷ POST /v1/matches at {connections} connections: {(manyMedian[GetMatches].PerSecond / manyMedian[PostMatches].PerSecond).ToString("P0", CultureInfo.InvariantCulture)} "
                + $"of the medians; by round {string.Join(", ", ratios.Select(r => r.ToString("P0", CultureInfo.InvariantCulture)))}");
            Console.WriteLine($"Load average after: {LoadAverage()}");
            await FreshnessAsync(db, tenant.Id, Math.Min(requests, 2_000));
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (!keep)
                Db.DeleteSqliteFiles(path);
            else Console.WriteLine($"Kept {path}");
        }
    }

    private sealed record Cell(double PerSecond, double P50, double P99, double CpuMs)
    {
        /// <summary>Each figure's own median over <paramref name="cells"/> (the upper middle one of an even count).</summary>
        public static Cell Median(List<Cell> cells) => new(
            Middle(cells.Select(c => c.PerSecond)), Middle(cells.Select(c => c.P50)), Middle(cells.Select(c => c.P99)), Middle(cells.Select(c => c.CpuMs)));

        private static double Middle(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted[sorted.Count / 2];
        }
    }

    /// <summary>The match routes' places in the benchmark's list of endpoints (after /health/live).</summary>
    private const int PostMatches = 1, GetMatches = 2;

    /// <summary>Requests per endpoint and concurrency before the timed cells.</summary>
    private const int WarmUpRequests = 1_000;

    private static async Task FreshnessAsync(Db db, long tenantId, int checks)
    {
        Console.WriteLine($"Candidate store, in this process (load average {LoadAverage()}):");
        var today = TimeProvider.System.Today();
        var reference = new ReferenceData(db);
        CandidateStore NewStore() => new(db, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<CandidateStore>.Instance, reference);
        var reads = new List<double>();
        CandidateStore store = NewStore();
        for (var i = 0; i < 3; i++)
        {
            store = NewStore();
            var watch = Stopwatch.StartNew();
            await store.GetAsync(tenantId, today, default);
            reads.Add(watch.Elapsed.TotalMilliseconds);
        }
        reads.Sort();
        var set = (await store.GetAsync(tenantId, today, default)).Set;
        Console.WriteLine($"  first match without warm-up reads the tenant ({set.Count:N0} openings): {reads[1]:F0} ms (median of 3)");

        var check = Stopwatch.StartNew();
        for (var i = 0; i < checks; i++) await store.GetAsync(tenantId, today, default);
        Console.WriteLine($"  change-counter check per match (nothing changed; first match after warm-up): {check.Elapsed.TotalMicroseconds / checks:F0} µs (mean of {checks:N0})");

        var deltas = new List<double>();
        var random = new Random(1);
        for (var i = 0; i < 5; i++)
        {
            await using (var connection = await db.OpenAsync(default))
            await using (var tx = await connection.BeginTransactionAsync())
            {
                var changeSeq = await TenantChanges.BumpAsync(db, connection, tx, tenantId, default);
                await Dapper.SqlMapper.ExecuteAsync(connection, new Dapper.CommandDefinition(db.Text(Sqls.TouchOpening),
                    new { TenantId = tenantId, Offset = random.Next(set.Count), Title = $"Ändrad {i}", ChangeSeq = changeSeq }, tx));
                await tx.CommitAsync();
            }
            var watch = Stopwatch.StartNew();
            await store.GetAsync(tenantId, today, default);
            deltas.Add(watch.Elapsed.TotalMilliseconds);
        }
        deltas.Sort();
        Console.WriteLine($"  next match after a one-opening change (counter, changed rows, set packed again): {deltas[2]:F0} ms (median of 5; load average {LoadAverage()})");
    }

    private static class Sqls
    {
        // One open opening of the tenant edited the way the openings API does it: a new version, stamped with the bumped counter.
        public static readonly Sql TouchOpening = new(
            Sqlite: """
                UPDATE openings SET title = @Title, version = version + 1, change_seq = @ChangeSeq
                WHERE id = (SELECT id FROM openings WHERE tenant_id = @TenantId AND status = 'Open' ORDER BY id LIMIT 1 OFFSET @Offset);
                """,
            SqlServer: """
                UPDATE openings SET title = @Title, version = version + 1, change_seq = @ChangeSeq
                WHERE id = (SELECT id FROM openings WHERE tenant_id = @TenantId AND status = 'Open' ORDER BY id OFFSET @Offset ROWS FETCH NEXT 1 ROWS ONLY);
                """);
    }

    /// <summary><paramref name="requests"/> requests over <paramref name="connections"/> concurrent senders, each waiting for its answer before the next.</summary>
    private static async Task<Cell> RunAsync(Func<Random, Task<HttpResponseMessage>> send, int requests, int connections, int seed, LoopbackServer server)
    {
        var times = new double[requests];
        var next = -1;
        var cpu = server.ProcessorTime;
        var wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(c => Task.Run(async () =>
        {
            var random = new Random(seed * 1000 + c);
            var buffer = new byte[16 * 1024];
            for (int i; (i = Interlocked.Increment(ref next)) < requests;)
            {
                var start = Stopwatch.GetTimestamp();
                await EnsureOkAsync(await send(random), buffer);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        })));
        var seconds = wall.Elapsed.TotalSeconds;
        var cpuMs = (server.ProcessorTime - cpu).TotalMilliseconds / requests;
        Array.Sort(times);
        return new Cell(requests / seconds, P(times, 50), P(times, 99), cpuMs);
    }

    /// <summary>The 1, 5 and 15 minute load averages (Linux), since other work on the machine moves every number.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown (no /proc/loadavg)";

    private static double P(double[] sorted, int percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Checks the status and reads the whole answer (into <paramref name="buffer"/>, over and over: its bytes are not kept).</summary>
    private static async Task EnsureOkAsync(HttpResponseMessage response, byte[] buffer)
    {
        using (response)
        {
            if (response.StatusCode != HttpStatusCode.OK)
                throw new InvalidOperationException($"Benchmark request failed with {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            await using var body = await response.Content.ReadAsStreamAsync();
            while (await body.ReadAsync(buffer) > 0)
            {
            }
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
}

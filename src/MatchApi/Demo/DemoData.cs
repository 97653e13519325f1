using System.Data.Common;
using Dapper;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Employers;
using MatchApi.JobTech;
using MatchApi.Openings;
using MatchApi.Participants;
using MatchApi.Reference;
using MatchApi.Security;

namespace MatchApi.Demo;

/// <summary>
/// Development only, on the SQLite default: a demo tenant with generated but realistic data
/// (Swedish names, employers around Göteborg, openings in common entry occupations, coach
/// contacts), so that <c>dotnet run</c> answers real requests at once. The demo API key comes
/// from configuration (Demo:ApiKey) so it can be printed at every start; it is not a secret.
/// Likewise the demo coach sign-in (<c>demo.coach</c>, password Demo:CoachPassword), linked to the first demo coach.
/// </summary>
public static class DemoData
{
    public const string TenantName = "Demo – Göteborg IPS";
    private const string DefaultKey = "mk_demo_local_development_only_not_a_secret";
    public const string CoachUsername = "demo.coach";
    private const string DefaultCoachPassword = "demo-coach-password-not-a-secret";

    // Municipalities in and around Göteborg with approximate centre coordinates.
    private static readonly (string Code, double Lat, double Lon)[] Places =
    [
        ("1480", 57.7089, 11.9746), ("1481", 57.6554, 12.0138), ("1402", 57.7395, 12.1064), ("1401", 57.6589, 12.1170),
        ("1482", 57.8710, 11.9805), ("1440", 57.8940, 12.0690), ("1441", 57.7705, 12.2690),
    ];

    // Common entry occupations with real titles: each title is one of JobTech's occupation names (yrkesbenämningar) under the
    // SSYK 2012 code it carries, as Platsbanken files it (DemoDataTests checks every pair against the taxonomy).
    public static readonly (string Ssyk, string Title, string Sni)[] Jobs =
    [
        ("5223", "Butikssäljare, fackhandel", "47"), ("5120", "Kock à la carte", "56"), ("9412", "Restaurangbiträde", "56"), ("9111", "Städare", "81"),
        ("4322", "Lagerarbetare/Terminalarbetare", "52"), ("5321", "Undersköterska, hemtjänst, äldreboende och habilitering", "87"),
        ("8332", "Distributionsförare", "49"), ("5330", "Vårdbiträde", "88"),
        ("5311", "Barnskötare", "85"), ("7112", "Murare", "41"), ("7411", "Installationselektriker", "43"), ("8344", "Truckförare", "52"),
        ("2512", "Mjukvaruutvecklare", "62"), ("4222", "Kundtjänstmedarbetare", "82"), ("5152", "Fastighetsskötare", "68"),
        ("8329", "Cykelbud", "53"), ("7231", "Personbilsmekaniker", "45"), ("5141", "Frisör", "96"), ("6113", "Park- och trädgårdsarbetare", "81"),
        ("8169", "Maskinoperatör livsmedelsindustri", "10"), ("5132", "Barista", "56"), ("9412", "Diskare", "56"),
    ];

    public static async Task EnsureAsync(WebApplication app)
    {
        var db = app.Services.GetRequiredService<Db>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var key = app.Configuration["Demo:ApiKey"] ?? DefaultKey;
        var coachPassword = app.Configuration["Demo:CoachPassword"] ?? DefaultCoachPassword;

        if (await Tenants.Tenants.FindAsync(db, TenantName, default) is null)
        {
            var tenant = await Tenants.Tenants.CreateAsync(db, TenantName, "1480", clock.GetUtcNow(), default);
            await ApiKeys.CreateAsync(db, tenant.Id, "Demo key (Development only)", Scopes.All, key, null, default);
            await using var connection = await db.OpenAsync(default);
            await using var tx = await connection.BeginTransactionAsync();
            var counts = await GenerateAsync(db, connection, tx, tenant.Id, clock.GetUtcNow());
            await tx.CommitAsync();
            app.Logger.LogInformation("Created demo tenant {Tenant}: {Counts}", TenantName, counts);
        }
        await EnsureCoachAccountAsync(db, coachPassword, clock.GetUtcNow());
        if (app.Configuration["Demo:JobTechAdsFile"] is { Length: > 0 } adsFile)
            await ImportJobTechAdsAsync(app, db, clock, adsFile);

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var url = app.Urls.FirstOrDefault() ?? "http://localhost:5080";
            Console.WriteLine($"""

                MatchApi is running on SQLite ({db.SqlitePath}; audit log: {db.SqliteAuditPath}).
                  Demo tenant: {TenantName}
                  Demo API key (Development only): {key}
                  Demo coach sign-in:              {CoachUsername} / {coachPassword}  (POST {url}/auth/login)
                  API docs:    {url}/docs
                  OpenAPI:     {url}/openapi/v1.json
                  Try:         curl -H "X-Api-Key: {key}" {url}/v1/participants/1/matches

                """);
        });
    }

    /// <summary>
    /// Platsbanken-shaped openings for the demo: a JobStream file (a snapshot, or ads and removals) imported into the demo
    /// tenant by the same importer as <c>import-jobtech</c>, the tenant's county as the area. At every start: importing the
    /// same ads again changes nothing, and an ad skipped before (e.g. a JobTech code before the taxonomy came) gets its turn.
    /// </summary>
    private static async Task ImportJobTechAdsAsync(WebApplication app, Db db, TimeProvider clock, string file)
    {
        if (!File.Exists(file))
        {
            app.Logger.LogWarning("Demo:JobTechAdsFile {File} does not exist: the demo tenant has no Platsbanken openings", file);
            return;
        }
        var tenant = await Tenants.Tenants.FindAsync(db, TenantName, default);
        if (tenant is null) return;
        var reference = app.Services.GetRequiredService<ReferenceData>();
        var area = await JobStreamImport.AreaAsync(db, reference, tenant.Id, null, null, default);
        await using var feed = File.OpenRead(file);
        try
        {
            var report = await JobStreamImport.ImportAsync(feed, tenant.Id, area, db, reference, clock.GetUtcNow(), default);
            app.Logger.LogInformation(
                "Imported JobTech ads from {File} into the demo tenant: {Created} created, {Updated} updated, {Unchanged} unchanged, {Closed} closed, {Outside} outside its county, {Skipped} skipped",
                file, report.Created, report.Updated, report.Unchanged, report.Closed, report.OutsideArea, report.SkippedCount);
        }
        catch (JobStreamFormatException ex)
        {
            app.Logger.LogWarning("Demo:JobTechAdsFile {File} was not imported: {Reason}", file, ex.Message);
        }
    }

    // Separate from the tenant, so that a demo database made before accounts existed gets the sign-in too.
    private static async Task EnsureCoachAccountAsync(Db db, string password, DateTimeOffset now)
    {
        var demo = await db.QuerySingleOrDefaultAsync<DemoCoach>(Sqls.FirstCoach,
            new { TenantName, Username = CoachUsername }, default);
        if (demo is null || demo.HasAccount) return;
        await Accounts.CreateAsync(db, demo.TenantId, CoachUsername, password, Role.Coach, demo.CoachId, now, default);
    }

    private sealed class DemoCoach
    {
        public long TenantId { get; init; }
        public long? CoachId { get; init; }
        public bool HasAccount { get; init; }
    }

    private static async Task<string> GenerateAsync(Db db, DbConnection c, DbTransaction tx, long tenantId, DateTimeOffset now)
    {
        // A fixed seed gives every developer the same demo municipality.
        var f = new DemoRandom(1480);
        var today = SwedishTime.DateOf(now);

        async Task<long> Insert(Sql sql, object args) =>
            await c.ExecuteScalarAsync<long>(db, sql, args, tx, default);
        // The demo tenant's employers, openings and contacts are stamped like any other write (Data/TenantChanges.cs).
        var changeSeq = await TenantChanges.BumpAsync(db, c, tx, tenantId, CancellationToken.None);

        var coachIds = new List<long>();
        for (var i = 0; i < 8; i++)
        {
            var first = f.PickRandom(FirstNames);
            var last = f.PickRandom(LastNames);
            coachIds.Add(await Insert(Sqls.Coach, new
            {
                TenantId = tenantId, Name = $"{first} {last}", Email = $"{Ascii(first)}.{Ascii(last)}@goteborg.example".ToLowerInvariant(),
                Phone = $"031-{f.Number(100, 999)} {f.Number(10, 99)} {f.Number(10, 99)}", Now = now,
            }));
        }

        var employerIds = new List<(long Id, string Sni)>();
        for (var i = 0; i < 300; i++)
        {
            var place = f.PickRandom(Places);
            var job = f.PickRandom(Jobs);
            var sector = f.WeightedRandom([Sector.Private, Sector.Public, Sector.NonProfit], [0.78f, 0.17f, 0.05f]);
            var name = sector switch
            {
                Sector.Public => $"{f.PickRandom("Förskola", "Äldreboende", "Skola", "Park och natur", "Kretslopp")} {f.PickRandom(StreetNames)}",
                Sector.NonProfit => $"{f.PickRandom(LastNames)}s stiftelse",
                _ => $"{f.PickRandom(LastNames)}s {f.PickRandom(job.Title.ToLowerInvariant(), "service", "handel", "bygg", "transport", "café")} AB",
            };
            employerIds.Add((await Insert(Sqls.Employer, new
            {
                TenantId = tenantId, Name = name, Sector = sector.ToString(), SniCode = job.Sni, MunicipalityCode = place.Code,
                Latitude = place.Lat + f.Double(-0.05, 0.05), Longitude = place.Lon + f.Double(-0.08, 0.08),
                Source = "demo", ExternalRef = $"E{i + 1:0000}", Now = now, ChangeSeq = changeSeq,
            }), job.Sni));
        }

        for (var i = 0; i < 450; i++)
        {
            var (employerId, _) = f.PickRandom(employerIds);
            var place = f.PickRandom(Places);
            var job = f.PickRandom(Jobs);
            var jobType = f.WeightedRandom([JobType.Competitive, JobType.Subsidised, JobType.Internship], [0.7f, 0.18f, 0.12f]);
            var start = today.AddDays(f.Number(-10, 60));
            await Insert(Sqls.Opening, new
            {
                TenantId = tenantId, EmployerId = employerId, Title = job.Title, Ssyk = job.Ssyk, MunicipalityCode = place.Code,
                Latitude = place.Lat + f.Double(-0.05, 0.05), Longitude = place.Lon + f.Double(-0.08, 0.08),
                Hours = (double)f.PickRandom(10, 20, 25, 30, 40), Schedule = f.PickRandom<Schedule>().ToString(),
                EmploymentForm = f.PickRandom<EmploymentForm>().ToString(), JobType = jobType.ToString(),
                SubsidyType = jobType == JobType.Subsidised ? f.PickRandom(SubsidyType.Lonebidrag, SubsidyType.Nystartsjobb).ToString() : null,
                StartDate = start, ExpiresOn = start.AddDays(f.Number(14, 90)),
                Status = f.WeightedRandom([OpeningStatus.Open, OpeningStatus.Filled, OpeningStatus.Closed], [0.85f, 0.1f, 0.05f]).ToString(),
                Source = "demo", ExternalRef = $"O{i + 1:0000}", Now = now, ChangeSeq = changeSeq,
            });
        }

        var participantIds = new List<(long Id, long CoachId)>();
        for (var i = 0; i < 60; i++)
        {
            var coachId = coachIds[i % coachIds.Count];
            var id = await Insert(Sqls.Participant, new
            {
                TenantId = tenantId, ExternalRef = $"IPS-{now.Year}-{i + 1:0000}", CoachId = coachId,
                Enrolment = today.AddDays(-f.Number(3, 300)), Status = (i % 12 == 11 ? ParticipantStatus.Paused : ParticipantStatus.Active).ToString(), Now = now,
            });
            participantIds.Add((id, coachId));
            var home = f.PickRandom(Places);
            var wanted = f.PickRandom(Jobs, f.Number(1, 3)).ToList();
            var goals = new ParticipantGoals
            {
                DesiredOccupations = wanted.Select(j => j.Ssyk).ToList(),
                AcceptableMunicipalities = [home.Code, "1480"],
                HomeLocation = new GeoPoint(home.Lat + f.Double(-0.03, 0.03), home.Lon + f.Double(-0.05, 0.05)),
                MaxTravelKm = f.PickRandom(10, 20, 30),
                MinHoursPerWeek = f.PickRandom(10, 20),
                MaxHoursPerWeek = f.PickRandom(25, 30, 40),
                Schedules = f.Bool(0.7f) ? [Schedule.Day] : [],
                JobTypes = f.Bool(0.85f) ? [] : [JobType.Internship, JobType.Competitive],
            };
            var ownWords = $"Jag vill jobba som {wanted[0].Title.ToLowerInvariant()}{(f.Bool() ? ", gärna på dagtid" : "")}.";
            await c.ExecuteAsync(db, Sqls.Goals, new
            {
                ParticipantId = id, TenantId = tenantId, OwnWords = ownWords, GoalsJson = GoalsJson.Serialize(goals), Now = now,
            }, tx, default);
        }

        for (var i = 0; i < 700; i++)
        {
            var (participantId, coachId) = f.PickRandom(participantIds);
            await c.ExecuteAsync(db, Sqls.Contact, new
            {
                TenantId = tenantId, EmployerId = f.PickRandom(employerIds).Id, CoachId = coachId,
                ContactedAt = now.AddDays(-f.Double(0, 180)),
                Kind = f.WeightedRandom([ContactKind.FaceToFace, ContactKind.Phone, ContactKind.Email], [0.6f, 0.3f, 0.1f]).ToString(),
                Purpose = f.PickRandom("Presentera IPS", "Diskutera en kandidat", "Följa upp anställning", "Lära känna verksamheten"),
                ParticipantId = f.Bool(0.4f) ? participantId : (long?)null, Now = now, ChangeSeq = changeSeq,
            }, tx, default);
        }

        return $"{coachIds.Count} coaches, {employerIds.Count} employers, 450 openings, {participantIds.Count} participants, 700 employer contacts";
    }

    // Swedish names and Göteborg streets for the generated rows (fixed lists: the service carries no fake-data library).
    private static readonly string[] FirstNames =
    [
        "Anna", "Eva", "Maria", "Karin", "Sara", "Lena", "Emma", "Kerstin", "Ingrid", "Malin", "Sofia", "Elin", "Ida", "Linnéa", "Åsa",
        "Erik", "Lars", "Karl", "Anders", "Johan", "Per", "Nils", "Mikael", "Jonas", "Oskar", "Björn", "Göran", "Mats", "Stefan", "Jörgen",
    ];

    private static readonly string[] LastNames =
    [
        "Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson", "Gustafsson",
        "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Jakobsson", "Magnusson", "Lindström",
        "Olofsson", "Lindqvist", "Lindgren", "Berg", "Axelsson", "Bergström", "Lundberg", "Lundgren", "Sandberg", "Åberg",
    ];

    private static readonly string[] StreetNames =
    [
        "Kungsgatan", "Vasagatan", "Linnégatan", "Övre Husargatan", "Järntorgsgatan", "Södra Vägen", "Götaplatsgatan", "Aschebergsgatan",
        "Andra Långgatan", "Mölndalsvägen", "Hisingsgatan", "Kvillegatan", "Backavägen", "Frölundagatan", "Västra Frölundavägen",
        "Angeredsvinkeln", "Bergsjövägen", "Smörslottsgatan", "Tuvevägen", "Eketrägatan",
    ];

    /// <summary>The few draws the generator needs, over one seeded <see cref="Random"/>, so every start makes the same demo.</summary>
    private sealed class DemoRandom(int seed)
    {
        private readonly Random _random = new(seed);

        /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, both included.</summary>
        public int Number(int min, int max) => _random.Next(min, max + 1);

        public double Double(double min, double max) => min + _random.NextDouble() * (max - min);

        public bool Bool(float trueWeight = 0.5f) => _random.NextDouble() < trueWeight;

        public T PickRandom<T>(params IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        public T PickRandom<T>() where T : struct, Enum => PickRandom(Enum.GetValues<T>());

        /// <summary><paramref name="count"/> different items in a random order.</summary>
        public IEnumerable<T> PickRandom<T>(IReadOnlyList<T> items, int count) => items.OrderBy(_ => _random.Next()).Take(count).ToList();

        public T WeightedRandom<T>(T[] items, float[] weights)
        {
            var draw = _random.NextDouble() * weights.Sum();
            for (var i = 0; i < items.Length; i++)
                if ((draw -= weights[i]) < 0) return items[i];
            return items[^1];
        }
    }

    private static string Ascii(string s) => s.Replace("å", "a").Replace("ä", "a").Replace("ö", "o").Replace("é", "e")
        .Replace("Å", "A").Replace("Ä", "A").Replace("Ö", "O");

    private static class Sqls
    {
        public static readonly Sql FirstCoach = new("""
            SELECT t.id AS TenantId,
                   (SELECT MIN(c.id) FROM coaches c WHERE c.tenant_id = t.id) AS CoachId,
                   CASE WHEN EXISTS (SELECT 1 FROM accounts a WHERE a.username = @Username) THEN 1 ELSE 0 END AS HasAccount
            FROM tenants t
            WHERE t.name = @TenantName;
            """);

        public static readonly Sql Coach = Sql.InsertReturningId(
            "INSERT INTO coaches (tenant_id, name, email, phone, created_at, updated_at)", "VALUES (@TenantId, @Name, @Email, @Phone, @Now, @Now)");

        public static readonly Sql Employer = Sql.InsertReturningId(
            """
                INSERT INTO employers (tenant_id, name, sector, sni_code, municipality_code, latitude, longitude, source, external_ref, active, created_at, updated_at, change_seq)
                """,
            """
                VALUES (@TenantId, @Name, @Sector, @SniCode, @MunicipalityCode, @Latitude, @Longitude, @Source, @ExternalRef, 1, @Now, @Now, @ChangeSeq)
                """);

        public static readonly Sql Opening = Sql.InsertReturningId(
            """
                INSERT INTO openings (tenant_id, employer_id, title, ssyk_code, municipality_code, latitude, longitude, hours_per_week, schedule,
                    employment_form, job_type, subsidy_type, remote, start_date, expires_on, status, source, external_ref, created_at, updated_at, change_seq)
                """,
            """
                VALUES (@TenantId, @EmployerId, @Title, @Ssyk, @MunicipalityCode, @Latitude, @Longitude, @Hours, @Schedule,
                    @EmploymentForm, @JobType, @SubsidyType, 0, @StartDate, @ExpiresOn, @Status, @Source, @ExternalRef, @Now, @Now, @ChangeSeq)
                """);

        public static readonly Sql Participant = Sql.InsertReturningId(
            """
                INSERT INTO participants (tenant_id, external_ref, coach_id, enrolment_date, status, created_at, updated_at)
                """,
            """
                VALUES (@TenantId, @ExternalRef, @CoachId, @Enrolment, @Status, @Now, @Now)
                """);

        public static readonly Sql Goals = new("""
            INSERT INTO participant_goals (participant_id, tenant_id, own_words, goals_json, updated_at)
            VALUES (@ParticipantId, @TenantId, @OwnWords, @GoalsJson, @Now);
            """);

        public static readonly Sql Contact = new("""
            INSERT INTO employer_contacts (tenant_id, employer_id, coach_id, contacted_at, kind, purpose, participant_id, created_at, change_seq)
            VALUES (@TenantId, @EmployerId, @CoachId, @ContactedAt, @Kind, @Purpose, @ParticipantId, @Now, @ChangeSeq);
            """);
    }
}

using Dapper;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Employers;
using MatchApi.Openings;
using MatchApi.Participants;

namespace MatchApi.Tests.Matching;

/// <summary>
/// Inserts the rows a matching test needs straight into the database, respecting the schema
/// (enums as their C# names), because the CRUD APIs for them live on other branches. Employers,
/// openings and contacts move the tenant's change counter and carry its stamp, as every write of the
/// service does (Data/TenantChanges.cs).
/// </summary>
public sealed class MatchTestData(Db db, long tenantId)
{
    public static readonly GeoPoint Home = new(57.7089, 11.9746);

    public static DateOnly Today => MatchApi.Common.SwedishTime.Today(TimeProvider.System);

    /// <summary>A point the given number of km north of home.</summary>
    public static GeoPoint North(double km) => new(Home.Latitude + km / 111.195, Home.Longitude);

    public Task<long> CoachAsync(string name = "Anna Lindqvist") =>
        InsertAsync(Sqls.Coach, new { TenantId = tenantId, Name = name, Now = DateTimeOffset.UtcNow });

    public Task<long> EmployerAsync(string name, Sector sector = Sector.Private, string? sniCode = null, GeoPoint? location = null, bool active = true) =>
        StampedAsync(Sqls.Employer, new
        {
            TenantId = tenantId, Name = name, Sector = sector.ToString(), SniCode = sniCode, Active = active,
            Latitude = location?.Latitude, Longitude = location?.Longitude, Now = DateTimeOffset.UtcNow,
        });

    public Task<long> OpeningAsync(long employerId, string title = "Butikssäljare", string ssykCode = "5223", string municipalityCode = "1480",
        GeoPoint? location = null, JobType jobType = JobType.Competitive, OpeningStatus status = OpeningStatus.Open,
        DateOnly? expiresOn = null, double? hoursPerWeek = 30, Schedule? schedule = Schedule.Day,
        EmploymentForm employmentForm = EmploymentForm.Permanent, DateOnly? startDate = null, string? description = null) =>
        StampedAsync(Sqls.Opening, new
        {
            TenantId = tenantId, EmployerId = employerId, Title = title, Description = description, SsykCode = ssykCode, MunicipalityCode = municipalityCode,
            Latitude = (location ?? Home).Latitude, Longitude = (location ?? Home).Longitude, HoursPerWeek = hoursPerWeek,
            Schedule = schedule?.ToString(), EmploymentForm = employmentForm.ToString(), JobType = jobType.ToString(),
            StartDate = startDate, ExpiresOn = expiresOn, Status = status.ToString(), Now = DateTimeOffset.UtcNow,
        });

    public Task<long> ContactAsync(long employerId, long coachId, int daysAgo, ContactKind kind = ContactKind.FaceToFace) =>
        ContactAtAsync(employerId, coachId, DateTimeOffset.UtcNow.AddDays(-daysAgo), kind);

    public Task<long> ContactAtAsync(long employerId, long coachId, DateTimeOffset at, ContactKind kind = ContactKind.FaceToFace) =>
        StampedAsync(Sqls.Contact, new
        {
            TenantId = tenantId, EmployerId = employerId, CoachId = coachId, ContactedAt = at, Kind = kind.ToString(), Now = DateTimeOffset.UtcNow,
        });

    /// <summary>A participant, with goals stored the way the participants API stores them when given.</summary>
    public async Task<long> ParticipantAsync(long? coachId = null, ParticipantGoals? goals = null)
    {
        var id = await InsertAsync(Sqls.Participant, new
        {
            TenantId = tenantId, ExternalRef = Guid.NewGuid().ToString("N"), CoachId = coachId, Enrolled = Today,
            Status = ParticipantStatus.Active.ToString(), Now = DateTimeOffset.UtcNow,
        });
        if (goals is not null)
        {
            await using var connection = await db.OpenAsync(default);
            await connection.ExecuteAsync(db.Text(Sqls.Goals), new
            {
                ParticipantId = id, TenantId = tenantId, goals.OwnWords, GoalsJson = GoalsJson.Serialize(goals), Now = DateTimeOffset.UtcNow,
            });
        }
        return id;
    }

    public Task CloseOpeningAsync(long openingId) =>
        StampedAsync(Sqls.Close, new { Id = openingId, TenantId = tenantId, Now = DateTimeOffset.UtcNow });

    public async Task<long> CountAsync(Sql sql)
    {
        await using var connection = await db.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>(db.Text(sql), new { TenantId = tenantId });
    }

    private async Task<long> InsertAsync(Sql sql, object args)
    {
        await using var connection = await db.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>(db.Text(sql), args);
    }

    private async Task<long> StampedAsync(Sql sql, object args)
    {
        await using var connection = await db.OpenAsync(default);
        await using var tx = await connection.BeginTransactionAsync();
        var changeSeq = await TenantChanges.BumpAsync(db, connection, tx, tenantId, default);
        var id = await connection.ExecuteScalarAsync<long>(db.Text(sql), TenantChanges.With(args, changeSeq), tx);
        await tx.CommitAsync();
        return id;
    }

    public static class Sqls
    {
        public static readonly Sql WeightVersions = new("SELECT COUNT(1) FROM match_weights WHERE tenant_id = @TenantId;");
        public static readonly Sql StoredGoals = new("SELECT COUNT(1) FROM participant_goals WHERE tenant_id = @TenantId;");

        public static readonly Sql Coach = Returning("coaches", "tenant_id, name, created_at, updated_at", "@TenantId, @Name, @Now, @Now");

        public static readonly Sql Employer = Returning("employers",
            "tenant_id, name, sector, sni_code, latitude, longitude, active, created_at, updated_at, change_seq",
            "@TenantId, @Name, @Sector, @SniCode, @Latitude, @Longitude, @Active, @Now, @Now, @ChangeSeq");

        public static readonly Sql Opening = Returning("openings",
            "tenant_id, employer_id, title, description, ssyk_code, municipality_code, latitude, longitude, hours_per_week, schedule, employment_form, job_type, start_date, expires_on, status, created_at, updated_at, change_seq",
            "@TenantId, @EmployerId, @Title, @Description, @SsykCode, @MunicipalityCode, @Latitude, @Longitude, @HoursPerWeek, @Schedule, @EmploymentForm, @JobType, @StartDate, @ExpiresOn, @Status, @Now, @Now, @ChangeSeq");

        public static readonly Sql Contact = Returning("employer_contacts",
            "tenant_id, employer_id, coach_id, contacted_at, kind, created_at, change_seq",
            "@TenantId, @EmployerId, @CoachId, @ContactedAt, @Kind, @Now, @ChangeSeq");

        public static readonly Sql Participant = Returning("participants",
            "tenant_id, external_ref, coach_id, enrolment_date, status, created_at, updated_at",
            "@TenantId, @ExternalRef, @CoachId, @Enrolled, @Status, @Now, @Now");

        public static readonly Sql Goals = new("""
            INSERT INTO participant_goals (participant_id, tenant_id, own_words, goals_json, updated_at)
            VALUES (@ParticipantId, @TenantId, @OwnWords, @GoalsJson, @Now);
            """);

        public static readonly Sql Close = new("""
            UPDATE openings SET status = 'Closed', updated_at = @Now, version = version + 1, change_seq = @ChangeSeq
            WHERE id = @Id AND tenant_id = @TenantId;
            """);

        private static Sql Returning(string table, string columns, string values) => new(
            Sqlite: $"INSERT INTO {table} ({columns}) VALUES ({values}) RETURNING id;",
            SqlServer: $"INSERT INTO {table} ({columns}) OUTPUT INSERTED.id VALUES ({values});");
    }
}

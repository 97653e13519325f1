using System.Net;
using Dapper;
using MatchApi.Data;
using MatchApi.Employers;
using MatchApi.Openings;
using MatchApi.Participants;
using MatchApi.Placements;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Outcomes;

/// <summary>
/// Rows that other features own (coaches, participants, employers, openings, contacts), written
/// straight into the database for one tenant; placements and exits go through this feature's API.
/// </summary>
public sealed class OutcomesData(TenantClient tenant)
{
    private static readonly DateTimeOffset Created = new(2024, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private int _refs;

    public TenantClient Tenant => tenant;

    private Db Db => tenant.Api.Db;

    public Task<long> CoachAsync(string name) => InsertAsync(Sqls.Coach, new { tenant.TenantId, Name = name, Now = Created });

    public Task<long> EmployerAsync(Sector sector, string name = "Arbetsgivare AB") =>
        InsertAsync(Sqls.Employer, new { tenant.TenantId, Name = name, Sector = sector.ToString(), Now = Created });

    public Task<long> OpeningAsync(long employerId, string ssyk, JobType jobType = JobType.Competitive) =>
        InsertAsync(Sqls.Opening, new
        {
            tenant.TenantId, EmployerId = employerId, Title = "Butikssäljare", Ssyk = ssyk, JobType = jobType.ToString(),
            EmploymentForm = EmploymentForm.Permanent.ToString(), Status = OpeningStatus.Open.ToString(), Now = Created,
        });

    public Task<long> ParticipantAsync(long? coachId, DateOnly enrolled, ParticipantStatus status = ParticipantStatus.Active,
        DateTimeOffset? updatedAt = null, string? externalRef = null) =>
        InsertAsync(Sqls.Participant, new
        {
            tenant.TenantId, ExternalRef = externalRef ?? $"IPS-{Interlocked.Increment(ref _refs):0000}", CoachId = coachId,
            Enrolment = enrolled, Status = status.ToString(), Now = updatedAt ?? Created,
        });

    public async Task ContactAsync(long coachId, long employerId, ContactKind kind, DateTimeOffset at, long? participantId = null)
    {
        await using var connection = await Db.OpenAsync(default);
        await connection.ExecuteAsync(Db.Text(Sqls.Contact), new
        {
            tenant.TenantId, EmployerId = employerId, CoachId = coachId, ContactedAt = at, Kind = kind.ToString(),
            ParticipantId = participantId, Now = Created,
        });
    }

    /// <summary>Many face-to-face contacts without a participant, at noon UTC on consecutive days from <paramref name="first"/>.</summary>
    public async Task ContactsAsync(long coachId, long employerId, ContactKind kind, int count, DateOnly first)
    {
        await using var connection = await Db.OpenAsync(default);
        await using var tx = await connection.BeginTransactionAsync();
        for (var i = 0; i < count; i++)
        {
            var day = first.AddDays(i % 70);
            await connection.ExecuteAsync(Db.Text(Sqls.Contact), new
            {
                tenant.TenantId, EmployerId = employerId, CoachId = coachId, Kind = kind.ToString(), ParticipantId = (long?)null, Now = Created,
                ContactedAt = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero),
            }, tx);
        }
        await tx.CommitAsync();
    }

    /// <summary>Records a start through the API and returns its id.</summary>
    public Task<long> PlaceAsync(long participantId, long employerId, PlacementKind kind, DateOnly start, string? ssyk,
        SubsidyType? subsidy = null, long? openingId = null) =>
        tenant.Http.CreateAsync($"/v1/participants/{participantId}/placements", new
        {
            employerId, openingId, kind, subsidyType = subsidy, ssykCode = ssyk, startDate = start, hoursPerWeek = 30,
        });

    /// <summary>Records the end of a placement through the API.</summary>
    public async Task EndAsync(long participantId, long placementId, DateOnly endDate)
    {
        var response = await tenant.Http.PutJsonAsync($"/v1/participants/{participantId}/placements/{placementId}",
            new { endDate, endReason = PlacementEndReason.ContractEnded });
        await response.ReadJsonAsync(HttpStatusCode.OK);
    }

    /// <summary>Records the participant's desired occupations (SSYK codes) through the API.</summary>
    public async Task GoalsAsync(long participantId, params string[] desiredOccupations)
    {
        var response = await tenant.Http.PutJsonAsync($"/v1/participants/{participantId}/goals", new { desiredOccupations });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Exits a participant through the API.</summary>
    public async Task ExitAsync(long participantId, DateOnly exitedOn, ExitReason reason = ExitReason.SelfSupporting)
    {
        var response = await tenant.Http.PostJsonAsync($"/v1/participants/{participantId}/exit", new { exitedOn, reason });
        await response.ReadJsonAsync(HttpStatusCode.Created);
    }

    public async Task<string> StatusAsync(long participantId)
    {
        await using var connection = await Db.OpenAsync(default);
        return await connection.ExecuteScalarAsync<string>(Db.Text(Sqls.Status), new { Id = participantId, tenant.TenantId }) ?? "";
    }

    public async Task<long> PlacementCountAsync()
    {
        await using var connection = await Db.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>(Db.Text(Sqls.PlacementCount), new { tenant.TenantId });
    }

    private async Task<long> InsertAsync(Sql sql, object args)
    {
        await using var connection = await Db.OpenAsync(default);
        return await connection.ExecuteScalarAsync<long>(Db.Text(sql), args);
    }

    private static class Sqls
    {
        public static readonly Sql Coach = new(
            Sqlite: "INSERT INTO coaches (tenant_id, name, created_at, updated_at) VALUES (@TenantId, @Name, @Now, @Now) RETURNING id;",
            SqlServer: "INSERT INTO coaches (tenant_id, name, created_at, updated_at) OUTPUT INSERTED.id VALUES (@TenantId, @Name, @Now, @Now);");

        public static readonly Sql Employer = new(
            Sqlite: "INSERT INTO employers (tenant_id, name, sector, active, created_at, updated_at) VALUES (@TenantId, @Name, @Sector, 1, @Now, @Now) RETURNING id;",
            SqlServer: "INSERT INTO employers (tenant_id, name, sector, active, created_at, updated_at) OUTPUT INSERTED.id VALUES (@TenantId, @Name, @Sector, 1, @Now, @Now);");

        public static readonly Sql Opening = new(
            Sqlite: """
                INSERT INTO openings (tenant_id, employer_id, title, ssyk_code, municipality_code, employment_form, job_type, status, created_at, updated_at)
                VALUES (@TenantId, @EmployerId, @Title, @Ssyk, '1480', @EmploymentForm, @JobType, @Status, @Now, @Now)
                RETURNING id;
                """,
            SqlServer: """
                INSERT INTO openings (tenant_id, employer_id, title, ssyk_code, municipality_code, employment_form, job_type, status, created_at, updated_at)
                OUTPUT INSERTED.id
                VALUES (@TenantId, @EmployerId, @Title, @Ssyk, '1480', @EmploymentForm, @JobType, @Status, @Now, @Now);
                """);

        public static readonly Sql Participant = new(
            Sqlite: """
                INSERT INTO participants (tenant_id, external_ref, coach_id, enrolment_date, status, created_at, updated_at)
                VALUES (@TenantId, @ExternalRef, @CoachId, @Enrolment, @Status, @Now, @Now)
                RETURNING id;
                """,
            SqlServer: """
                INSERT INTO participants (tenant_id, external_ref, coach_id, enrolment_date, status, created_at, updated_at)
                OUTPUT INSERTED.id
                VALUES (@TenantId, @ExternalRef, @CoachId, @Enrolment, @Status, @Now, @Now);
                """);

        public static readonly Sql Contact = new("""
            INSERT INTO employer_contacts (tenant_id, employer_id, coach_id, contacted_at, kind, participant_id, created_at)
            VALUES (@TenantId, @EmployerId, @CoachId, @ContactedAt, @Kind, @ParticipantId, @Now);
            """);

        public static readonly Sql Status = new("SELECT status FROM participants WHERE id = @Id AND tenant_id = @TenantId;");

        public static readonly Sql PlacementCount = new("SELECT COUNT(1) FROM placements WHERE tenant_id = @TenantId;");
    }
}

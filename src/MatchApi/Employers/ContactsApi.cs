using System.ComponentModel;
using System.Data.Common;
using System.Security.Claims;
using Dapper;
using FluentValidation;
using MatchApi.Audit;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Participants;
using MatchApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Employers;

/// <summary>One entry of the IPS job development log: a coach met or spoke with an employer.</summary>
public sealed record ContactDto(
    [property: Description("The contact's id.")] long Id,
    [property: Description("The employer that was contacted.")] long EmployerId,
    [property: Description("The employer's name.")] string EmployerName,
    [property: Description("The coach who made the contact.")] long CoachId,
    [property: Description("When the contact took place.")] DateTimeOffset ContactedAt,
    [property: Description("Face to face, phone or e-mail.")] ContactKind Kind,
    [property: Description("Why the coach contacted the employer.")] string? Purpose,
    [property: Description("The participant the contact was about, if any.")] long? ParticipantId,
    [property: Description("What came of it.")] string? Outcome,
    [property: Description("The coach's note.")] string? Note,
    [property: Description("When the contact was logged.")] DateTimeOffset CreatedAt);

/// <summary>A contact to log. Write about the employer and the job, not about the participant's health.</summary>
public sealed record ContactRequest(
    [property: Description("The coach who made the contact; a coach of your organisation.")] long? CoachId,
    [property: Description("When the contact took place; at most one day ahead (a planned meeting).")] DateTimeOffset? ContactedAt,
    [property: Description("faceToFace, phone or email.")] ContactKind? Kind,
    [property: Description("Why the coach contacted the employer, at most 500 characters.")] string? Purpose = null,
    [property: Description("The participant the contact was about; a participant of your organisation.")] long? ParticipantId = null,
    [property: Description("What came of it, at most 500 characters.")] string? Outcome = null,
    [property: Description("The coach's note, at most 2000 characters.")] string? Note = null);

public sealed class ContactRequestValidator : AbstractValidator<ContactRequest>
{
    private static readonly DateTimeOffset EarliestContact = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public ContactRequestValidator(TimeProvider clock)
    {
        RuleFor(x => x.CoachId).NotNull().GreaterThan(0);
        // A day of slack lets a coach log tomorrow's meeting and absorbs clock and time-zone differences.
        RuleFor(x => x.ContactedAt).NotNull()
            .Must(at => at <= clock.GetUtcNow().AddDays(1)).WithMessage("'Contacted At' must not be more than one day in the future.")
            // IPS in Swedish municipalities is younger than this; 0001-01-01 is a default value, not a meeting.
            .Must(at => at >= EarliestContact).WithMessage("'Contacted At' must not be before 2000-01-01.");
        RuleFor(x => x.Kind).NotNull().IsInEnum();
        // Free text about a meeting is where a personal identity number would slip in, so each field is checked.
        RuleFor(x => x.Purpose).MaximumLength(500)
            .Must(t => !PersonalIdentityNumbers.ContainsOne(t)).WithMessage(PersonalIdentityNumbers.NotStoredMessage);
        RuleFor(x => x.ParticipantId).GreaterThan(0).When(x => x.ParticipantId is not null);
        RuleFor(x => x.Outcome).MaximumLength(500)
            .Must(t => !PersonalIdentityNumbers.ContainsOne(t)).WithMessage(PersonalIdentityNumbers.NotStoredMessage);
        RuleFor(x => x.Note).MaximumLength(2000)
            .Must(t => !PersonalIdentityNumbers.ContainsOne(t)).WithMessage(PersonalIdentityNumbers.NotStoredMessage);
    }
}

public static class ContactsApi
{
    public static RouteGroupBuilder MapContacts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Employer contacts").WithValidation();

        // Contacts may be about a participant and carry notes, so they are audited; {id} here is the
        // employer or coach, and the handler names the participant where there is one.
        group.MapPost("/employers/{id:long}/contacts", Create).WithName("CreateEmployerContact")
            .WithSummary("Log a coach's contact with an employer")
            .RequireAuthorization(Scopes.EmployersWrite)
            .Audited("contacts", participantRouteValue: null);
        group.MapGet("/employers/{id:long}/contacts", ListForEmployer).WithName("ListEmployerContacts")
            .WithSummary("List contacts with an employer, newest first")
            .RequireAuthorization(Scopes.EmployersRead)
            .Audited("contacts", participantRouteValue: null);
        group.MapGet("/employers/{id:long}/contacts/{contactId:long}", Get).WithName("GetEmployerContact")
            .WithSummary("Get one contact with an employer")
            .RequireAuthorization(Scopes.EmployersRead)
            .Audited("contacts", participantRouteValue: null);
        group.MapGet("/coaches/{id:long}/contacts", ListForCoach).WithName("ListCoachContacts")
            .WithSummary("List a coach's employer contacts, newest first")
            .RequireAuthorization(Scopes.EmployersRead)
            .Audited("contacts", participantRouteValue: null);
        return group;
    }

    public static async Task<Results<Created<ContactDto>, NotFoundProblem, ValidationProblem>> Create(
        [Description("The employer's id.")] long id, ContactRequest request, ClaimsPrincipal user, Db db, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var args = new
        {
            TenantId = user.TenantId(),
            EmployerId = id,
            request.CoachId,
            request.ContactedAt,
            Kind = request.Kind.ToString(),
            request.Purpose,
            request.ParticipantId,
            request.Outcome,
            request.Note,
            Now = clock.GetUtcNow(),
        };

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await ExistsAsync(db, connection, tx, Sqls.EmployerExists, new { Id = id, args.TenantId }, ct)) return EmployerNotFound(id);

        // Ids in the body are checked against the caller's tenant: another organisation's coach is simply unknown here.
        var errors = new Dictionary<string, string[]>();
        if (!await ExistsAsync(db, connection, tx, Sqls.CoachExists, new { Id = request.CoachId, args.TenantId }, ct))
            errors["coachId"] = [$"No coach with id {request.CoachId} in your organisation."];
        if (request.ParticipantId is { } participantId
            && await LiveParticipants.FindAsync(db, connection, tx, participantId, args.TenantId, ct) is null)
            errors["participantId"] = [$"No participant with id {participantId} in your organisation."];
        if (errors.Count > 0) return TypedResults.ValidationProblem(errors, detail: "One or more fields are invalid; see errors.");

        var contactId = await connection.ExecuteScalarAsync<long>(new CommandDefinition(db.Text(Sqls.Insert), args, tx, cancellationToken: ct));
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(
            db.Text(Sqls.Get), new { Id = contactId, EmployerId = id, args.TenantId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        http.AuditParticipant(row.ParticipantId);
        return TypedResults.Created($"/v1/employers/{id}/contacts/{contactId}", row.ToDto());
    }

    public static async Task<Results<Ok<ContactDto>, NotFoundProblem>> Get(
        [Description("The employer's id.")] long id, [Description("The contact's id.")] long contactId,
        ClaimsPrincipal user, Db db, HttpContext http, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            db.Text(Sqls.Get), new { Id = contactId, EmployerId = id, TenantId = user.TenantId() }, cancellationToken: ct));
        http.AuditParticipant(row?.ParticipantId);
        return row is null
            ? new NotFoundProblem($"No contact with id {contactId} for employer {id} in your organisation.")
            : TypedResults.Ok(row.ToDto());
    }

    public static async Task<Results<Ok<PagedList<ContactDto>>, NotFoundProblem, ValidationProblem>> ListForEmployer(
        [Description("The employer's id.")] long id,
        [AsParameters] PageRequest paging,
        ClaimsPrincipal user, Db db, CancellationToken ct)
    {
        var (p, size, skip) = paging.Resolve();
        var args = new { TenantId = user.TenantId(), Id = id, Skip = skip, Take = size };

        await using var connection = await db.OpenAsync(ct);
        if (!await ExistsAsync(db, connection, null, Sqls.EmployerExists, args, ct)) return EmployerNotFound(id);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(db.Text(Sqls.ListForEmployer), args, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(db.Text(Sqls.CountForEmployer), args, cancellationToken: ct));
        return TypedResults.Ok(new PagedList<ContactDto>(rows.Select(r => r.ToDto()).ToList(), p, size, total));
    }

    public static async Task<Results<Ok<PagedList<ContactDto>>, NotFoundProblem, ValidationProblem>> ListForCoach(
        [Description("The coach's id.")] long id,
        [AsParameters] PageRequest paging,
        ClaimsPrincipal user, Db db, CancellationToken ct)
    {
        var (p, size, skip) = paging.Resolve();
        var args = new { TenantId = user.TenantId(), Id = id, Skip = skip, Take = size };

        await using var connection = await db.OpenAsync(ct);
        if (!await ExistsAsync(db, connection, null, Sqls.CoachExists, args, ct))
            return new NotFoundProblem($"No coach with id {id} in your organisation.");
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(db.Text(Sqls.ListForCoach), args, cancellationToken: ct));
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(db.Text(Sqls.CountForCoach), args, cancellationToken: ct));
        return TypedResults.Ok(new PagedList<ContactDto>(rows.Select(r => r.ToDto()).ToList(), p, size, total));
    }

    private static async Task<bool> ExistsAsync(Db db, DbConnection connection, DbTransaction? tx, Sql sql, object args, CancellationToken ct) =>
        await connection.ExecuteScalarAsync<long>(new CommandDefinition(db.Text(sql), args, tx, cancellationToken: ct)) > 0;

    private static NotFoundProblem EmployerNotFound(long id) => new($"No employer with id {id} in your organisation.");

    private sealed class Row
    {
        public long Id { get; init; }
        public long EmployerId { get; init; }
        public string EmployerName { get; init; } = "";
        public long CoachId { get; init; }
        public DateTimeOffset ContactedAt { get; init; }
        public ContactKind Kind { get; init; }
        public string? Purpose { get; init; }
        public long? ParticipantId { get; init; }
        public string? Outcome { get; init; }
        public string? Note { get; init; }
        public DateTimeOffset CreatedAt { get; init; }

        public ContactDto ToDto() => new(Id, EmployerId, EmployerName, CoachId, ContactedAt, Kind, Purpose, ParticipantId, Outcome, Note, CreatedAt);
    }

    private static class Sqls
    {
        // Both tables are narrowed by tenant, so a row can never borrow another organisation's employer name.
        private const string Select = """
            SELECT c.id AS Id, c.employer_id AS EmployerId, e.name AS EmployerName, c.coach_id AS CoachId,
                c.contacted_at AS ContactedAt, c.kind AS Kind, c.purpose AS Purpose, c.participant_id AS ParticipantId,
                c.outcome AS Outcome, c.note AS Note, c.created_at AS CreatedAt
            FROM employer_contacts c
            JOIN employers e ON e.id = c.employer_id AND e.tenant_id = c.tenant_id
            """;

        public static readonly Sql EmployerExists = new("SELECT COUNT(1) FROM employers WHERE id = @Id AND tenant_id = @TenantId;");

        public static readonly Sql CoachExists = new("SELECT COUNT(1) FROM coaches WHERE id = @Id AND tenant_id = @TenantId;");

        public static readonly Sql Get = new(
            $"{Select} WHERE c.id = @Id AND c.employer_id = @EmployerId AND c.tenant_id = @TenantId;");

        public static readonly Sql ListForEmployer = new(
            Sqlite: $"""
                {Select}
                WHERE c.tenant_id = @TenantId AND c.employer_id = @Id
                ORDER BY c.contacted_at DESC, c.id DESC
                LIMIT @Take OFFSET @Skip;
                """,
            SqlServer: $"""
                {Select}
                WHERE c.tenant_id = @TenantId AND c.employer_id = @Id
                ORDER BY c.contacted_at DESC, c.id DESC
                OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY;
                """);

        public static readonly Sql CountForEmployer = new(
            "SELECT COUNT(1) FROM employer_contacts WHERE tenant_id = @TenantId AND employer_id = @Id;");

        public static readonly Sql ListForCoach = new(
            Sqlite: $"""
                {Select}
                WHERE c.tenant_id = @TenantId AND c.coach_id = @Id
                ORDER BY c.contacted_at DESC, c.id DESC
                LIMIT @Take OFFSET @Skip;
                """,
            SqlServer: $"""
                {Select}
                WHERE c.tenant_id = @TenantId AND c.coach_id = @Id
                ORDER BY c.contacted_at DESC, c.id DESC
                OFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY;
                """);

        public static readonly Sql CountForCoach = new(
            "SELECT COUNT(1) FROM employer_contacts WHERE tenant_id = @TenantId AND coach_id = @Id;");

        public static readonly Sql Insert = new(
            Sqlite: """
                INSERT INTO employer_contacts (tenant_id, employer_id, coach_id, contacted_at, kind, purpose, participant_id, outcome, note, created_at)
                VALUES (@TenantId, @EmployerId, @CoachId, @ContactedAt, @Kind, @Purpose, @ParticipantId, @Outcome, @Note, @Now)
                RETURNING id;
                """,
            SqlServer: """
                INSERT INTO employer_contacts (tenant_id, employer_id, coach_id, contacted_at, kind, purpose, participant_id, outcome, note, created_at)
                OUTPUT INSERTED.id
                VALUES (@TenantId, @EmployerId, @CoachId, @ContactedAt, @Kind, @Purpose, @ParticipantId, @Outcome, @Note, @Now);
                """);
    }
}

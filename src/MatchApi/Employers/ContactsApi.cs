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
using MatchApi.Tenants;
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
    [property: Description("When the contact was logged.")] DateTimeOffset CreatedAt,
    [property: Description("When the contact was last corrected; null when never.")] DateTimeOffset? CorrectedAt = null,
    [property: Description("When the contact was withdrawn; a withdrawn contact counts nowhere and is left out of lists.")] DateTimeOffset? WithdrawnAt = null,
    [property: Description("Until when the caller may correct or withdraw it; null when the caller did not log it or the time has passed.")]
    DateTimeOffset? ChangeableUntil = null);

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
            .WithSummary("Log a coach's contact with an employer (the same coach, employer, participant and kind within 10 minutes answers 200 with the stored contact)")
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
        group.MapPut("/employers/{id:long}/contacts/{contactId:long}", Correct).WithName("CorrectEmployerContact")
            .WithSummary("Correct a contact: only whoever logged it, within 24 hours of logging it")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Scopes.EmployersWrite)
            .Audited("contacts", participantRouteValue: null);
        group.MapDelete("/employers/{id:long}/contacts/{contactId:long}", Withdraw).WithName("WithdrawEmployerContact")
            .WithSummary("Withdraw a contact (it then counts nowhere): only whoever logged it, within 24 hours of logging it")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Scopes.EmployersWrite)
            .Audited("contacts", participantRouteValue: null);
        group.MapGet("/coaches/{id:long}/contacts", ListForCoach).WithName("ListCoachContacts")
            .WithSummary("List a coach's employer contacts, newest first")
            .RequireAuthorization(Scopes.EmployersRead)
            .Audited("contacts", participantRouteValue: null);
        // About one participant: the audit filter answers 404 for anyone but a live participant of the caller's organisation.
        group.MapGet("/participants/{id:long}/contacts", ListForParticipant).WithName("ListParticipantContacts")
            .WithSummary("List employer contacts about a participant, newest first")
            .RequireAuthorization(Scopes.ParticipantsRead, Scopes.EmployersRead)
            .Audited("contacts");
        return group;
    }

    public static async Task<Results<Created<ContactDto>, Ok<ContactDto>, NotFoundProblem, ValidationProblem>> Create(
        [Description("The employer's id.")] long id, ContactRequest request, ClaimsPrincipal user, Db db, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
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
            Now = now,
            LoggedBy = user.Actor(),
            From = request.ContactedAt!.Value - CountedContacts.DuplicateWindow,
            To = request.ContactedAt!.Value + CountedContacts.DuplicateWindow,
        };

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (!await TenantRows.EmployerExistsAsync(db, connection, tx, id, args.TenantId, ct)) return EmployerNotFound(id);
        if (await ReferenceErrorsAsync(db, connection, tx, args.TenantId, request, ct) is { } errors)
            return FieldProblem.Result(errors);

        // A second tap on "save" (or a retry) is the same meeting: answer with the one already stored.
        var duplicateId = await connection.QueryFirstOrDefaultAsync<long?>(new CommandDefinition(db.Text(Sqls.Duplicate), args, tx, cancellationToken: ct));
        var contactId = duplicateId
            ?? await connection.ExecuteScalarAsync<long>(db, Sqls.Insert,
                TenantChanges.With(args, await TenantChanges.BumpAsync(db, connection, tx, args.TenantId, ct)), tx, ct);
        var row = await connection.QuerySingleAsync<Row>(db, Sqls.Get, new { Id = contactId, EmployerId = id, args.TenantId }, tx, ct);
        await tx.CommitAsync(ct);
        http.AuditParticipant(row.ParticipantId);
        var location = $"/v1/employers/{id}/contacts/{contactId}";
        if (duplicateId is null) return TypedResults.Created(location, row.ToDto(user, now));
        http.Response.Headers.Location = location;
        return TypedResults.Ok(row.ToDto(user, now));
    }

    public static async Task<Results<Ok<ContactDto>, NotFoundProblem>> Get(
        [Description("The employer's id.")] long id, [Description("The contact's id.")] long contactId,
        ClaimsPrincipal user, Db db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(db,
            Sqls.Get, new { Id = contactId, EmployerId = id, TenantId = user.TenantId() }, null, ct);
        http.AuditParticipant(row?.ParticipantId);
        return row is null
            ? ContactNotFound(id, contactId)
            : TypedResults.Ok(row.ToDto(user, clock.GetUtcNow()));
    }

    public static async Task<Results<Ok<ContactDto>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> Correct(
        [Description("The employer's id.")] long id, [Description("The contact's id.")] long contactId, ContactRequest request,
        ClaimsPrincipal user, Db db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var tenantId = user.TenantId();
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var current = await connection.QuerySingleOrDefaultAsync<Row>(db,
            Sqls.Get, new { Id = contactId, EmployerId = id, TenantId = tenantId }, tx, ct);
        http.AuditParticipant(current?.ParticipantId);
        if (current is null || current.WithdrawnAt is not null) return ContactNotFound(id, contactId);
        if (Unchangeable(current, user, now) is { } refusal) return refusal;
        if (await ReferenceErrorsAsync(db, connection, tx, tenantId, request, ct) is { } errors)
            return FieldProblem.Result(errors);

        var changeSeq = await TenantChanges.BumpAsync(db, connection, tx, tenantId, ct);
        await connection.ExecuteAsync(db, Sqls.Correct, new
        {
            Id = contactId, TenantId = tenantId, request.CoachId, request.ContactedAt, Kind = request.Kind.ToString(),
            request.Purpose, request.ParticipantId, request.Outcome, request.Note, Now = now, ChangeSeq = changeSeq,
        }, tx, ct);
        var row = await connection.QuerySingleAsync<Row>(db, Sqls.Get, new { Id = contactId, EmployerId = id, TenantId = tenantId }, tx, ct);
        await tx.CommitAsync(ct);
        // A correction may move the contact to another participant; the audit names the one it is about now.
        http.AuditParticipant(row.ParticipantId ?? current.ParticipantId);
        return TypedResults.Ok(row.ToDto(user, now));
    }

    public static async Task<Results<NoContent, NotFoundProblem, ProblemHttpResult>> Withdraw(
        [Description("The employer's id.")] long id, [Description("The contact's id.")] long contactId,
        ClaimsPrincipal user, Db db, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var args = new { Id = contactId, EmployerId = id, TenantId = user.TenantId(), Now = now };
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var current = await connection.QuerySingleOrDefaultAsync<Row>(db, Sqls.Get, args, tx, ct);
        http.AuditParticipant(current?.ParticipantId);
        if (current is null || current.WithdrawnAt is not null) return ContactNotFound(id, contactId);
        if (Unchangeable(current, user, now) is { } refusal) return refusal;
        var changeSeq = await TenantChanges.BumpAsync(db, connection, tx, args.TenantId, ct);
        await connection.ExecuteAsync(db, Sqls.Withdraw, TenantChanges.With(args, changeSeq), tx, ct);
        await tx.CommitAsync(ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<PagedList<ContactDto>>, NotFoundProblem, ValidationProblem>> ListForEmployer(
        [Description("The employer's id.")] long id,
        [AsParameters] PageRequest paging,
        ClaimsPrincipal user, Db db, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!await TenantRows.EmployerExistsAsync(db, connection, null, id, user.TenantId(), ct)) return EmployerNotFound(id);
        return TypedResults.Ok(await PageAsync(db, connection, Sqls.ListForEmployer, Sqls.CountForEmployer, id, paging, user, clock, ct));
    }

    public static async Task<Results<Ok<PagedList<ContactDto>>, NotFoundProblem, ValidationProblem>> ListForCoach(
        [Description("The coach's id.")] long id,
        [AsParameters] PageRequest paging,
        ClaimsPrincipal user, Db db, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        if (!await TenantRows.CoachExistsAsync(db, connection, null, id, user.TenantId(), ct))
            return new NotFoundProblem(TenantRows.NoCoach(id));
        return TypedResults.Ok(await PageAsync(db, connection, Sqls.ListForCoach, Sqls.CountForCoach, id, paging, user, clock, ct));
    }

    public static async Task<Results<Ok<PagedList<ContactDto>>, NotFoundProblem, ValidationProblem>> ListForParticipant(
        [Description("The participant's id.")] long id,
        [AsParameters] PageRequest paging,
        ClaimsPrincipal user, Db db, TimeProvider clock, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return TypedResults.Ok(await PageAsync(db, connection, Sqls.ListForParticipant, Sqls.CountForParticipant, id, paging, user, clock, ct));
    }

    private static async Task<PagedList<ContactDto>> PageAsync(Db db, DbConnection connection, Sql list, Sql count, long id,
        PageRequest paging, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        return await Pages.ReadAsync<Row, ContactDto>(db, connection, list, count, new { TenantId = user.TenantId(), Id = id }, paging,
            r => r.ToDto(user, now), ct);
    }

    // Ids in the body are checked against the caller's tenant: another organisation's coach is simply unknown here.
    private static async Task<Dictionary<string, string[]>?> ReferenceErrorsAsync(Db db, DbConnection connection, DbTransaction tx,
        long tenantId, ContactRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!await TenantRows.CoachExistsAsync(db, connection, tx, request.CoachId!.Value, tenantId, ct))
            errors["coachId"] = [TenantRows.NoCoach(request.CoachId)];
        if (request.ParticipantId is { } participantId
            && await LiveParticipants.FindAsync(db, connection, tx, participantId, tenantId, ct) is null)
            errors["participantId"] = [LiveParticipants.NoParticipant(participantId)];
        return errors.Count > 0 ? errors : null;
    }

    // Only whoever logged a contact may change it, and only for a day: after that it is part of the record.
    private static ProblemHttpResult? Unchangeable(Row contact, ClaimsPrincipal user, DateTimeOffset now)
    {
        if (contact.LoggedBy is null || contact.LoggedBy != user.Actor())
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only whoever logged a contact may change it.",
                detail: $"Contact {contact.Id} was logged by someone else; ask them, or log a new contact.");
        if (now > contact.CreatedAt + CountedContacts.ChangeWindow)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The contact can no longer be changed.",
                detail: $"Contact {contact.Id} was logged more than {CountedContacts.ChangeWindow.TotalHours:0} hours ago; it is now part of the record.");
        return null;
    }

    private static NotFoundProblem EmployerNotFound(long id) => new(TenantRows.NoEmployer(id));

    private static NotFoundProblem ContactNotFound(long id, long contactId) =>
        new($"No contact with id {contactId} for employer {id} in your organisation.");

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
        public DateTimeOffset? CorrectedAt { get; init; }
        public DateTimeOffset? WithdrawnAt { get; init; }
        public string? LoggedBy { get; init; }

        public ContactDto ToDto(ClaimsPrincipal caller, DateTimeOffset now)
        {
            var until = CreatedAt + CountedContacts.ChangeWindow;
            var changeable = WithdrawnAt is null && LoggedBy is not null && LoggedBy == caller.Actor() && now <= until;
            return new(Id, EmployerId, EmployerName, CoachId, ContactedAt, Kind, Purpose, ParticipantId, Outcome, Note, CreatedAt,
                CorrectedAt, WithdrawnAt, changeable ? until : null);
        }
    }

    private static class Sqls
    {
        // Both tables are narrowed by tenant, so a row can never borrow another organisation's employer name.
        private const string Select = """
            SELECT c.id AS Id, c.employer_id AS EmployerId, e.name AS EmployerName, c.coach_id AS CoachId,
                c.contacted_at AS ContactedAt, c.kind AS Kind, c.purpose AS Purpose, c.participant_id AS ParticipantId,
                c.outcome AS Outcome, c.note AS Note, c.created_at AS CreatedAt, c.corrected_at AS CorrectedAt,
                c.withdrawn_at AS WithdrawnAt, c.logged_by AS LoggedBy
            FROM employer_contacts c
            JOIN employers e ON e.id = c.employer_id AND e.tenant_id = c.tenant_id
            """;

        private const string Order = "c.contacted_at DESC, c.id DESC";

        public static readonly Sql Get = new(
            $"{Select} WHERE c.id = @Id AND c.employer_id = @EmployerId AND c.tenant_id = @TenantId;");

        public static readonly Sql Duplicate = new($"""
            SELECT id FROM employer_contacts
            WHERE tenant_id = @TenantId AND coach_id = @CoachId AND employer_id = @EmployerId AND kind = @Kind
              AND ((@ParticipantId IS NULL AND participant_id IS NULL) OR participant_id = @ParticipantId)
              AND contacted_at >= @From AND contacted_at <= @To AND {CountedContacts.Condition}
            ORDER BY id;
            """);

        public static readonly Sql ListForEmployer = Sql.Paged($"{Select} WHERE c.tenant_id = @TenantId AND c.employer_id = @Id AND c.{CountedContacts.Condition}", Order);

        public static readonly Sql CountForEmployer = new(
            $"SELECT COUNT(1) FROM employer_contacts WHERE tenant_id = @TenantId AND employer_id = @Id AND {CountedContacts.Condition};");

        public static readonly Sql ListForCoach = Sql.Paged($"{Select} WHERE c.tenant_id = @TenantId AND c.coach_id = @Id AND c.{CountedContacts.Condition}", Order);

        public static readonly Sql CountForCoach = new(
            $"SELECT COUNT(1) FROM employer_contacts WHERE tenant_id = @TenantId AND coach_id = @Id AND {CountedContacts.Condition};");

        public static readonly Sql ListForParticipant = Sql.Paged($"{Select} WHERE c.tenant_id = @TenantId AND c.participant_id = @Id AND c.{CountedContacts.Condition}", Order);

        public static readonly Sql CountForParticipant = new(
            $"SELECT COUNT(1) FROM employer_contacts WHERE tenant_id = @TenantId AND participant_id = @Id AND {CountedContacts.Condition};");

        public static readonly Sql Insert = Sql.InsertReturningId(
            """
                INSERT INTO employer_contacts (tenant_id, employer_id, coach_id, contacted_at, kind, purpose, participant_id, outcome, note, created_at, logged_by, change_seq)
                """,
            """
                VALUES (@TenantId, @EmployerId, @CoachId, @ContactedAt, @Kind, @Purpose, @ParticipantId, @Outcome, @Note, @Now, @LoggedBy, @ChangeSeq)
                """);

        public static readonly Sql Correct = new("""
            UPDATE employer_contacts
            SET coach_id = @CoachId, contacted_at = @ContactedAt, kind = @Kind, purpose = @Purpose, participant_id = @ParticipantId,
                outcome = @Outcome, note = @Note, corrected_at = @Now, change_seq = @ChangeSeq
            WHERE id = @Id AND tenant_id = @TenantId AND withdrawn_at IS NULL;
            """);

        public static readonly Sql Withdraw = new("""
            UPDATE employer_contacts SET withdrawn_at = @Now, change_seq = @ChangeSeq
            WHERE id = @Id AND employer_id = @EmployerId AND tenant_id = @TenantId AND withdrawn_at IS NULL;
            """);
    }
}

using System.ComponentModel;
using System.Security.Claims;
using System.Text.Json;
using Dapper;
using FluentValidation;
using MatchApi.Audit;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Matching;
using MatchApi.Reference;
using MatchApi.Security;
using MatchApi.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Participants;

/// <summary>
/// The one set of goal rules: stored goals (PUT …/goals) and goals sent for a stateless match
/// (POST /v1/matches) are both checked by it, so a body one refuses the other refuses too.
/// Whether named employers belong to the caller's organisation needs the database and is checked
/// by <see cref="GoalsApi.UnknownEmployersAsync"/>, also on both routes.
/// </summary>
public sealed class ParticipantGoalsValidator : AbstractValidator<ParticipantGoals>
{
    public const int MaxDesiredOccupations = 10;
    public const int MaxMunicipalities = 50;
    public const int MaxAvoidedCodes = 100;
    public const int MaxAvoidedEmployers = 100;
    public const int MaxInterests = 10, MaxInterestLength = 50, MinInterestWordLength = 2;

    private const string SniMessage = "'{PropertyValue}' is not an SNI 2007 code (2 to 5 digits).";
    private const string TwiceMessage = "'{PropertyName}' lists the same value more than once.";

    public ParticipantGoalsValidator(ReferenceData reference)
    {
        // A null list fails NotNull and is not counted as well.
        RuleLevelCascadeMode = CascadeMode.Stop;

        RuleFor(x => x.OwnWords).MaximumLength(2000)
            .Must(w => !PersonalIdentityNumbers.ContainsOne(w)).WithMessage(PersonalIdentityNumbers.NotStoredMessage);

        RuleFor(x => x.DesiredOccupations).NotNull().Must(l => l.Count <= MaxDesiredOccupations)
            .WithMessage($"'{{PropertyName}}' may hold at most {MaxDesiredOccupations} occupations.")
            .Must(Distinct).WithMessage("'{PropertyName}' lists the same occupation more than once.");
        RuleForEach(x => x.DesiredOccupations).Must(reference.IsOccupation)
            .WithMessage("'{PropertyValue}' is not an SSYK 2012 occupation code.");

        RuleFor(x => x.AcceptableMunicipalities).NotNull().Must(l => l.Count <= MaxMunicipalities)
            .WithMessage($"'{{PropertyName}}' may hold at most {MaxMunicipalities} municipalities.")
            .Must(Distinct).WithMessage("'{PropertyName}' lists the same municipality more than once.");
        RuleForEach(x => x.AcceptableMunicipalities).Must(reference.IsMunicipality)
            .WithMessage("'{PropertyValue}' is not a Swedish municipality code.");

        // Roughly Sweden's bounding box: a position outside it is almost certainly swapped or mistyped.
        RuleFor(x => x.HomeLocation!.Latitude).InclusiveBetween(55, 70).When(x => x.HomeLocation is not null);
        RuleFor(x => x.HomeLocation!.Longitude).InclusiveBetween(10, 25).When(x => x.HomeLocation is not null);

        RuleFor(x => x.MaxTravelKm).GreaterThan(0).LessThanOrEqualTo(500).When(x => x.MaxTravelKm is not null);
        When(x => x.TravelLimitIsHard, () =>
        {
            RuleFor(x => x.MaxTravelKm).NotNull().WithMessage("'{PropertyName}' is required when travelLimitIsHard is true.");
            RuleFor(x => x.HomeLocation).NotNull().WithMessage("'{PropertyName}' is required when travelLimitIsHard is true.");
        });

        RuleFor(x => x.MinHoursPerWeek).InclusiveBetween(0, 80).When(x => x.MinHoursPerWeek is not null);
        RuleFor(x => x.MaxHoursPerWeek).InclusiveBetween(0, 80).When(x => x.MaxHoursPerWeek is not null);
        RuleFor(x => x.MinHoursPerWeek).LessThanOrEqualTo(x => x.MaxHoursPerWeek)
            .When(x => x.MinHoursPerWeek is not null && x.MaxHoursPerWeek is not null)
            .WithMessage("'{PropertyName}' must not be more than maxHoursPerWeek.");

        RuleFor(x => x.Schedules).NotNull().Must(Distinct).WithMessage(TwiceMessage);
        RuleForEach(x => x.Schedules).IsInEnum();
        RuleFor(x => x.EmploymentForms).NotNull().Must(Distinct).WithMessage(TwiceMessage);
        RuleForEach(x => x.EmploymentForms).IsInEnum();
        RuleFor(x => x.JobTypes).NotNull().Must(Distinct).WithMessage(TwiceMessage);
        RuleForEach(x => x.JobTypes).IsInEnum();

        RuleFor(x => x.Avoid).NotNull();
        When(x => x.Avoid is not null, () =>
        {
            RuleFor(x => x.Avoid.Occupations).NotNull().Must(l => l.Count <= MaxAvoidedCodes)
                .WithMessage($"'{{PropertyName}}' may hold at most {MaxAvoidedCodes} codes.");
            RuleForEach(x => x.Avoid.Occupations).Must(reference.IsOccupation)
                .WithMessage("'{PropertyValue}' is not an SSYK 2012 occupation code.");
            RuleFor(x => x.Avoid.Industries).NotNull().Must(l => l.Count <= MaxAvoidedCodes)
                .WithMessage($"'{{PropertyName}}' may hold at most {MaxAvoidedCodes} codes.");
            RuleForEach(x => x.Avoid.Industries).NotNull().Matches("^[0-9]{2,5}$").WithMessage(SniMessage).KnownIndustry(reference);
            RuleFor(x => x.Avoid.EmployerIds).NotNull().Must(l => l.Count <= MaxAvoidedEmployers)
                .WithMessage($"'{{PropertyName}}' may hold at most {MaxAvoidedEmployers} employers.")
                .Must(Distinct).WithMessage("'{PropertyName}' lists the same employer more than once.");
            RuleForEach(x => x.Avoid.EmployerIds).GreaterThan(0);
        });

        RuleFor(x => x.Interests).NotNull().Must(l => l.Count <= MaxInterests)
            .WithMessage($"'{{PropertyName}}' may hold at most {MaxInterests} words or short phrases.")
            .Must(l => l.Where(i => i is not null).Select(i => i.Trim().ToLowerInvariant()).Distinct().Count() == l.Count(i => i is not null))
            .WithMessage("'{PropertyName}' lists the same interest more than once.");
        RuleForEach(x => x.Interests).NotNull().MaximumLength(MaxInterestLength)
            .Must(i => Words.Of(i) is { Count: > 0 } words && words.All(w => w.Length >= MinInterestWordLength))
            .WithMessage($"'{{PropertyValue}}' must be words of at least {MinInterestWordLength} letters or digits each.")
            .Must(i => !PersonalIdentityNumbers.ContainsOne(i)).WithMessage(PersonalIdentityNumbers.NotStoredMessage);

        RuleFor(x => x.PreferredEmployerIds).NotNull().Must(l => l.Count <= MaxAvoidedEmployers)
            .WithMessage($"'{{PropertyName}}' may hold at most {MaxAvoidedEmployers} employers.")
            .Must(Distinct).WithMessage("'{PropertyName}' lists the same employer more than once.")
            .Must((goals, ids) => goals.Avoid?.EmployerIds is not { } avoided || !ids.Intersect(avoided).Any())
            .WithMessage("'{PropertyName}' names an employer that avoid.employerIds also names.");
        RuleForEach(x => x.PreferredEmployerIds).GreaterThan(0);

        RuleFor(x => x.PreferredIndustries).NotNull().Must(l => l.Count <= MaxAvoidedCodes)
            .WithMessage($"'{{PropertyName}}' may hold at most {MaxAvoidedCodes} codes.")
            .Must(Distinct).WithMessage(TwiceMessage);
        RuleForEach(x => x.PreferredIndustries).NotNull().Matches("^[0-9]{2,5}$").WithMessage(SniMessage).KnownIndustry(reference);

        RuleFor(x => x.AvoidSchedules).NotNull().Must(Distinct).WithMessage(TwiceMessage)
            .Must(l => l.Distinct().Count() < Enum.GetValues<Openings.Schedule>().Length)
            .WithMessage("'{PropertyName}' may not avoid every time of day and week.")
            .Must((goals, l) => goals.Schedules is not { } wished || !l.Intersect(wished).Any())
            .WithMessage("'{PropertyName}' names a time that schedules also names.");
        RuleForEach(x => x.AvoidSchedules).IsInEnum();

        RuleFor(x => x.Firm).NotNull();
        When(x => x.Firm is not null, () =>
        {
            RuleFor(x => x.Firm.Hours).Equal(false).When(x => x.MinHoursPerWeek is null && x.MaxHoursPerWeek is null)
                .WithMessage("'firm.hours' needs minHoursPerWeek or maxHoursPerWeek.");
            RuleFor(x => x.Firm.Schedules).Equal(false).When(x => x.Schedules is null || x.Schedules.Count == 0)
                .WithMessage("'firm.schedules' needs at least one wished schedule.");
        });
    }

    private static bool Distinct<T>(IReadOnlyList<T>? list) => list is null || list.Distinct().Count() == list.Count;
}

public static class GoalsApi
{
    public static RouteGroupBuilder MapParticipantGoals(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/participants/{id:long}/goals").WithTags("Participants").WithValidation();

        group.MapGet("/", Get).WithName("GetParticipantGoals").WithSummary("Get a participant's own goals")
            .RequireAuthorization(Scopes.ParticipantsRead)
            .Audited("goals");
        group.MapPut("/", Put).WithName("PutParticipantGoals").WithSummary("Record or replace a participant's own goals")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAuthorization(Scopes.ParticipantsWrite)
            .Audited("goals");
        return group;
    }

    public static async Task<Results<Ok<ParticipantGoals>, NotFoundProblem>> Get(
        [Description("The participant's id.")] long id, ClaimsPrincipal user, Db db, HttpContext http, CancellationToken ct)
    {
        var args = new { ParticipantId = id, TenantId = user.TenantId() };
        await using var connection = await db.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(db, Sqls.Get, args, null, ct);
        if (row is null)
        {
            var live = await LiveParticipants.FindAsync(db, connection, null, id, args.TenantId, ct);
            return live is not null ? new NotFoundProblem($"Participant {id} has no goals recorded yet.") : NotFound(id);
        }
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToGoals());
    }

    public static async Task<Results<Ok<ParticipantGoals>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> Put(
        [Description("The participant's id.")] long id, ParticipantGoals goals, ClaimsPrincipal user, Db db, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected)) return ETags.BadIfMatch();
        var args = new
        {
            ParticipantId = id,
            TenantId = user.TenantId(),
            goals.OwnWords,
            GoalsJson = GoalsJson.Serialize(goals),
            Now = clock.GetUtcNow(),
            Version = expected,
        };

        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await LiveParticipants.FindAsync(db, connection, tx, id, args.TenantId, ct) is null) return NotFound(id);

        if (await UnknownEmployersAsync(goals, "", user.TenantId(), db, connection, tx, ct) is { } errors)
            return FieldProblem.Result(errors);

        // One row written means stored; none means If-Match named a version that is not the current one.
        if (await connection.ExecuteAsync(db, Sqls.Upsert, args, tx, ct) == 0)
            return ETags.Stale();
        var row = await connection.QuerySingleAsync<Row>(db, Sqls.Get, args, tx, ct);
        await tx.CommitAsync(ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToGoals());
    }

    /// <summary>
    /// Errors for the employers the goals name (avoided or preferred) that are not in the caller's
    /// organisation, keyed by field under <paramref name="prefix"/>; null when all are. Another
    /// organisation's employer is reported exactly like one that does not exist.
    /// </summary>
    public static async Task<Dictionary<string, string[]>?> UnknownEmployersAsync(ParticipantGoals goals, string prefix, long tenantId,
        Db db, System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? tx, CancellationToken ct)
    {
        var named = goals.Avoid.EmployerIds.Select((id, i) => (Id: id, Field: $"{prefix}avoid.employerIds[{i}]"))
            .Concat(goals.PreferredEmployerIds.Select((id, i) => (Id: id, Field: $"{prefix}preferredEmployerIds[{i}]")))
            .ToList();
        if (named.Count == 0) return null;
        var args = new { TenantId = tenantId, EmployerIds = JsonSerializer.Serialize(named.Select(n => n.Id).Distinct()) };
        var ours = (await connection.QueryAsync<long>(db, Sqls.OwnEmployers, args, tx, ct)).ToHashSet();
        var errors = named.Where(n => !ours.Contains(n.Id))
            .ToDictionary(n => n.Field, n => new[] { TenantRows.NoEmployer(n.Id) });
        return errors.Count > 0 ? errors : null;
    }

    private static NotFoundProblem NotFound(long id) => LiveParticipants.NotFound(id);

    private sealed class Row
    {
        public string? OwnWords { get; init; }
        public string GoalsJson { get; init; } = "";
        public long Version { get; init; }

        public ParticipantGoals ToGoals() => Participants.GoalsJson.Deserialize(GoalsJson, OwnWords);
    }

    private static class Sqls
    {
        public static readonly Sql Get = new("""
            SELECT own_words AS OwnWords, goals_json AS GoalsJson, version AS Version
            FROM participant_goals
            WHERE participant_id = @ParticipantId AND tenant_id = @TenantId;
            """);

        // The ids arrive as one JSON array, so the statement stays fixed text in both dialects.
        public static readonly Sql OwnEmployers = new(
            Sqlite: """
                SELECT id FROM employers
                WHERE tenant_id = @TenantId AND id IN (SELECT CAST(value AS INTEGER) FROM json_each(@EmployerIds));
                """,
            SqlServer: """
                SELECT id FROM employers
                WHERE tenant_id = @TenantId AND id IN (SELECT CAST(value AS bigint) FROM OPENJSON(@EmployerIds));
                """);

        // Create or replace. With If-Match (@Version set) only an existing row of that version is replaced;
        // a missing row is then not created, so the caller gets 412 rather than a silent insert.
        public static readonly Sql Upsert = new(
            Sqlite: """
                INSERT INTO participant_goals (participant_id, tenant_id, own_words, goals_json, updated_at, version)
                SELECT @ParticipantId, @TenantId, @OwnWords, @GoalsJson, @Now, 1
                WHERE @Version IS NULL OR EXISTS (SELECT 1 FROM participant_goals WHERE participant_id = @ParticipantId)
                ON CONFLICT (participant_id) DO UPDATE
                SET own_words = excluded.own_words, goals_json = excluded.goals_json, updated_at = excluded.updated_at,
                    version = participant_goals.version + 1
                WHERE participant_goals.tenant_id = excluded.tenant_id
                  AND (@Version IS NULL OR participant_goals.version = @Version);
                """,
            SqlServer: """
                UPDATE participant_goals WITH (UPDLOCK, SERIALIZABLE)
                SET own_words = @OwnWords, goals_json = @GoalsJson, updated_at = @Now, version = version + 1
                WHERE participant_id = @ParticipantId AND tenant_id = @TenantId AND (@Version IS NULL OR version = @Version);
                IF @@ROWCOUNT = 0 AND @Version IS NULL
                    INSERT INTO participant_goals (participant_id, tenant_id, own_words, goals_json, updated_at, version)
                    VALUES (@ParticipantId, @TenantId, @OwnWords, @GoalsJson, @Now, 1);
                """);
    }
}

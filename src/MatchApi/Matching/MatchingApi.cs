using System.ComponentModel;
using System.Diagnostics;
using System.Security.Claims;
using System.Text.Json;
using Dapper;
using FluentValidation;
using MatchApi.Audit;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Employers;
using MatchApi.Hosting;
using MatchApi.Openings;
using MatchApi.Participants;
using MatchApi.Reference;
using MatchApi.Security;
using MatchApi.Tenants;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MatchApi.Matching;

[Description("Ranked openings, best first, with the weights version that produced them.")]
public sealed record MatchesResponse(
    [property: Description("Version of the tenant's match weights used (0 = the documented defaults).")] long WeightsVersion,
    [property: Description("When the ranking was made.")] DateTimeOffset GeneratedAt,
    [property: Description("Best first. Within the first 10, no employer appears more than twice when others are available (the employer-diversity rule); liftedByDiversity marks the results it lifted there, above better-scoring openings of employers that already have two.")] IReadOnlyList<MatchDto> Results);

public sealed record MatchDto(
    MatchOpeningDto Opening,
    MatchEmployerDto Employer,
    [property: Description("0–100: how well the opening fits the participant's own goals; the sum of the factor contributions.")] double Score,
    [property: Description("Points each factor added to the score.")] IReadOnlyList<FactorDto> Factors,
    [property: Description("What fits and what does not, in words a coach can read aloud to the participant; the factors that weigh most first.")] IReadOnlyList<ReasonDto> Reasons,
    [property: Description("True when the employer-diversity rule lifted this result into the first 10: by score alone it would not be there, because an employer with better-scoring openings already has two there.")] bool LiftedByDiversity);

public sealed record MatchOpeningDto(
    long Id,
    string Title,
    [property: Description("SSYK 2012 occupation code.")] string SsykCode,
    [property: Description("The SSYK group's name: Swedish, or English when the request asks for it (Accept-Language: en).")] string? OccupationName,
    string MunicipalityCode,
    JobType JobType,
    EmploymentForm EmploymentForm,
    double? HoursPerWeek,
    Schedule? Schedule,
    DateOnly? StartDate,
    [property: Description("Last day to apply (the application deadline), when known.")] DateOnly? ExpiresOn,
    [property: Description("The ad on the web, e.g. on Platsbanken for an imported ad; null when there is none.")] string? WebUrl);

public sealed record MatchEmployerDto(long Id, string Name, Sector Sector);

public sealed record FactorDto(
    [property: Description("occupation, place, hours, schedule, employmentForm, startDate, jobType, sector, knownEmployer, interests or preferredEmployer (the weights of the same names).")] string Name,
    [property: Description("Points out of 100.")] double Contribution);

public sealed record ReasonDto(
    [property: Description("Swedish.")] string Sv,
    [property: Description("English.")] string En,
    [property: Description("The factor the reason explains (a factor name as in factors).")] string Factor,
    [property: Description("fits: as the participant wished; doesNotFit: not as wished; notGiven: the opening does not say, and the factor scored the neutral value; info: a fact the participant stated no wish about.")] ReasonKind Kind);

/// <summary>Goals sent by a system that keeps participant data itself. Nothing of it is stored or logged.</summary>
public sealed record MatchRequest(
    [property: Description("The participant's own goals, in the same shape as stored goals.")] ParticipantGoals Goals,
    [property: Description("The participant's coach in your organisation, so that their employer contacts count more.")] long? CoachId);

[Description("The tenant's current match weights.")]
public sealed record MatchWeightsDto(
    [property: Description("Version; 0 means no weights were set and the defaults apply. Also sent as the ETag.")] long Version,
    [property: Description("When this version was set; null for the defaults.")] DateTimeOffset? CreatedAt,
    MatchWeights Weights);

/// <summary>The shared goal rules (<see cref="ParticipantGoalsValidator"/>), plus the rules of the request itself: it may only add.</summary>
public sealed class MatchRequestValidator : AbstractValidator<MatchRequest>
{
    public MatchRequestValidator(ParticipantGoalsValidator goals)
    {
        // The goal rules: the one instance the goals route uses too (a singleton, see ServiceSetup).
        RuleFor(x => x.Goals).NotNull().SetNestedValidator(goals);
        RuleFor(x => x.CoachId).GreaterThan(0).When(x => x.CoachId is not null);
    }
}

public static class MatchingApi
{
    public static IServiceCollection AddMatching(this IServiceCollection services, IConfiguration configuration)
    {
        // Its one setting is a flag: a value that is not a boolean fails the binding, and so the start.
        services.AddOptions<MatchingOptions>().BindConfiguration("Matching").ValidateOnStart();
        // The bound value, registered once for the matcher's services that take it as it is.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MatchingOptions>>().Value);
        services.AddSingleton<CandidateStore>();
        services.AddHostedService<CandidateWarmUp>();
        services.AddSingleton<WeightsCache>();
        return services;
    }

    public const int DefaultLimit = 20, MaxLimit = 100;

    public static RouteGroupBuilder MapMatching(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1").WithTags("Matching").WithValidation();

        group.MapGet("/participants/{id:long}/matches", ForParticipant).WithName("GetParticipantMatches")
            .WithSummary("Rank open openings by a stored participant's own goals")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .RequireAuthorization(Scopes.Match)
            .Audited("matches", AuditAction.Match);
        group.MapPost("/matches", ForGoals).WithName("MatchGoals")
            .WithSummary("Rank open openings by goals sent in the request (nothing is stored or logged)")
            .RequireAuthorization(Scopes.Match);
        group.MapGet("/matching/weights", GetWeights).WithName("GetMatchWeights")
            .WithSummary("Get the current match weights")
            .RequireAuthorization(Scopes.Match);
        group.MapPut("/matching/weights", PutWeights).WithName("UpdateMatchWeights")
            .WithSummary("Set new match weights (a new version; earlier versions are kept)")
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .RequireAuthorization(Scopes.Admin);
        return group;
    }

    public static async Task<Results<Ok<MatchesResponse>, NotFoundProblem, ValidationProblem, ProblemHttpResult>> ForParticipant(
        [Description("The participant's id.")] long id,
        [Description("How many results, 1 to 100 (default 20).")] int? limit,
        [Description("Only openings of this job type."), QueryEnum<JobType>] string? jobType,
        [Description("Only openings in this municipality (4-digit code).")] string? municipalityCode,
        [Description("Only employers of this sector."), QueryEnum<Sector>] string? sector,
        ClaimsPrincipal user, Db db, ReadConnections reads, CandidateStore store, WeightsCache weights, ReferenceData reference, TimeProvider clock,
        CancellationToken ct)
    {
        if (ParseQuery(limit, jobType, municipalityCode, sector, reference, out var filters) is { } errors)
            return TypedResults.ValidationProblem(errors);
        var tenantId = user.TenantId();
        // One read connection for the request's reads, its statements compiled once: the participant, the change counter,
        // the returned openings.
        await using var connection = await reads.OpenAsync(ct);
        var participant = await ReadParticipantAsync(db, connection, id, tenantId, ct);
        if (participant is null) return LiveParticipants.NotFound(id);
        if (participant.GoalsJson is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The participant has no goals yet.",
                detail: $"Matching ranks openings by the participant's own goals; set participant {id}'s goals first.");

        var goals = GoalsJson.Deserialize(participant.GoalsJson, ownWords: null);
        var query = filters with { OwnCoachId = participant.CoachId };
        return TypedResults.Ok(await RankAsync(tenantId, goals, query, db, connection, store, weights, reference, clock, ct));
    }

    public static async Task<Results<Ok<MatchesResponse>, ValidationProblem>> ForGoals(
        MatchRequest request,
        [Description("How many results, 1 to 100 (default 20).")] int? limit,
        [Description("Only openings of this job type."), QueryEnum<JobType>] string? jobType,
        [Description("Only openings in this municipality (4-digit code).")] string? municipalityCode,
        [Description("Only employers of this sector."), QueryEnum<Sector>] string? sector,
        ClaimsPrincipal user, Db db, ReadConnections reads, CandidateStore store, WeightsCache weights, ReferenceData reference, TimeProvider clock,
        CancellationToken ct)
    {
        if (ParseQuery(limit, jobType, municipalityCode, sector, reference, out var filters) is { } errors)
            return TypedResults.ValidationProblem(errors);
        var tenantId = user.TenantId();
        // One read connection for the request's reads, its statements compiled once: the ids in the body (checked against
        // the caller's organisation, only when the body names any), the change counter, the returned openings.
        await using var connection = await reads.OpenAsync(ct);
        var namesEmployers = request.Goals.Avoid.EmployerIds.Count > 0 || request.Goals.PreferredEmployerIds.Count > 0;
        if (namesEmployers || request.CoachId is not null)
        {
            if (await GoalsApi.UnknownEmployersAsync(request.Goals, "goals.", tenantId, db, connection.Connection, null, ct) is { } unknown)
                return TypedResults.ValidationProblem(unknown);
            if (request.CoachId is { } coachId && !await TenantRows.CoachExistsAsync(db, connection, coachId, tenantId, ct))
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["coachId"] = [TenantRows.NoCoach(coachId)] });
        }
        // The participant's own words play no part in ranking; drop them before anything else sees the goals.
        var goals = request.Goals with { OwnWords = null };
        var query = filters with { OwnCoachId = request.CoachId };
        return TypedResults.Ok(await RankAsync(tenantId, goals, query, db, connection, store, weights, reference, clock, ct));
    }

    public static async Task<Ok<MatchWeightsDto>> GetWeights(ClaimsPrincipal user, Db db, HttpContext http, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var current = await CurrentWeightsAsync(db, connection, user.TenantId(), ct);
        ETags.Set(http, current.Version);
        return TypedResults.Ok(current);
    }

    public static async Task<Results<Ok<MatchWeightsDto>, ValidationProblem, ProblemHttpResult>> PutWeights(
        MatchWeights weights, ClaimsPrincipal user, Db db, WeightsCache cache, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        if (!ETags.TryReadIfMatch(http.Request, out var expected)) return ETags.BadIfMatch();
        var tenantId = user.TenantId();
        var now = clock.GetUtcNow();
        await using var connection = await db.OpenAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var changeSeq = await TenantChanges.BumpAsync(db, connection, tx, tenantId, ct);
        var inserted = await connection.ExecuteAsync(db, Sqls.InsertWeights, new
        {
            TenantId = tenantId,
            WeightsJson = weights.ToJson(),
            Now = now,
            CreatedBy = user.Actor(),
            Version = expected,
        }, tx, ct);
        if (inserted != 1) return ETags.Stale();
        var current = await CurrentWeightsAsync(db, connection, tenantId, ct, tx);
        await tx.CommitAsync(ct);
        cache.Remember(tenantId, current, changeSeq);
        ETags.Set(http, current.Version);
        return TypedResults.Ok(current);
    }

    private static async Task<MatchesResponse> RankAsync(long tenantId, ParticipantGoals goals, MatchQuery query, Db db,
        ReadConnection connection, CandidateStore store, WeightsCache cache, ReferenceData reference, TimeProvider clock, CancellationToken ct)
    {
        var today = clock.Today();
        var occupations = reference.Occupations;
        OccupationNames Names(string code) => occupations.TryGetValue(code, out var o) ? new(o.NameSv, o.NameEn) : default;
        goals = OccupationCodes.ForMatching(goals, reference);

        using var activity = Telemetry.Source.StartActivity("match");
        var started = Stopwatch.GetTimestamp();
        // The tenant's change counter, read first, decides whether the candidates and weights are current (zero staleness).
        var snapshot = await store.GetAsync(tenantId, today, connection, ct);
        var weights = await cache.GetAsync(tenantId, snapshot.Seq, () => CurrentWeightsAsync(db, connection.Connection, tenantId, ct));
        var candidates = snapshot.Set;
        var results = Matcher.Match(goals, candidates, weights.Weights, query, today, Names);
        // A returned opening that closed or changed after the counter was read (a write committed during this match):
        // catch up with the counter and rank again.
        var current = await store.ReadCurrentAsync(tenantId, results, today, connection, ct);
        if (!CandidateStore.AreCurrent(results, current))
        {
            activity?.SetTag("matchapi.match.reranked", true);
            candidates = (await store.GetAsync(tenantId, today, connection, ct)).Set;
            results = Matcher.Match(goals, candidates, weights.Weights, query, today, Names);
            current = await store.ReadCurrentAsync(tenantId, results, today, connection, ct);
        }
        activity?.SetTag("matchapi.match.candidates", candidates.Count);
        Telemetry.Matched(candidates.Count, Stopwatch.GetElapsedTime(started));

        var dtos = new MatchDto[results.Count];
        for (var i = 0; i < dtos.Length; i++)
            dtos[i] = ToDto(results[i], current.TryGetValue(results[i].Opening.Id, out var c) ? c.WebUrl : null, reference);
        return new MatchesResponse(weights.Version, clock.GetUtcNow(), dtos);
    }

    // The ad's web address is display data: read with the returned openings' versions, not carried by the matcher.
    // Arrays of the exact length, filled in a loop: the response is built per request (20 results, ~11 factors and ~8
    // reasons each), so no list growth and no enumerators.
    private static MatchDto ToDto(MatchResult r, string? webUrl, ReferenceData reference)
    {
        var factors = new FactorDto[r.Factors.Count];
        for (var i = 0; i < factors.Length; i++) factors[i] = new FactorDto(r.Factors[i].Name, r.Factors[i].Contribution);
        var reasons = new ReasonDto[r.Reasons.Count];
        for (var i = 0; i < reasons.Length; i++)
        {
            var x = r.Reasons[i];
            reasons[i] = new ReasonDto(x.Sv, x.En, x.Factor.Name(), x.Kind);
        }
        return new(
            new MatchOpeningDto(r.Opening.Id, r.Opening.Title, r.Opening.SsykCode, reference.OccupationName(r.Opening.SsykCode), r.Opening.MunicipalityCode, r.Opening.JobType,
                r.Opening.EmploymentForm, r.Opening.HoursPerWeek, r.Opening.Schedule, r.Opening.StartDate, r.Opening.ExpiresOn, webUrl),
            new MatchEmployerDto(r.Employer.Id, r.Employer.Name, r.Employer.Sector),
            r.Score, factors, reasons, r.LiftedByDiversity);
    }

    private static Dictionary<string, string[]>? ParseQuery(int? limit, string? jobType, string? municipalityCode, string? sector,
        ReferenceData reference, out MatchQuery query)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit) errors["limit"] = [$"'limit' must be between 1 and {MaxLimit}."];
        if (municipalityCode is not null && !reference.IsMunicipality(municipalityCode))
            errors["municipalityCode"] = [$"'{municipalityCode}' is not a municipality code."];
        query = new MatchQuery
        {
            Limit = limit ?? DefaultLimit,
            JobType = ParseEnum<JobType>(jobType, "jobType", errors),
            MunicipalityCode = municipalityCode,
            Sector = ParseEnum<Sector>(sector, "sector", errors),
        };
        return errors.Count > 0 ? errors : null;
    }

    // Query values are written like the JSON enums (camelCase), so they are read without regard to case.
    private static T? ParseEnum<T>(string? value, string name, Dictionary<string, string[]> errors) where T : struct, Enum
    {
        if (value is null) return null;
        if (Enum.TryParse<T>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsDigit(value[0])) return parsed;
        errors[name] = [$"'{name}' must be one of {string.Join(", ", Enum.GetNames<T>().Select(JsonNamingPolicy.CamelCase.ConvertName))}."];
        return null;
    }

    private static async Task<MatchWeightsDto> CurrentWeightsAsync(Db db, System.Data.Common.DbConnection connection, long tenantId,
        CancellationToken ct, System.Data.Common.DbTransaction? tx = null)
    {
        var row = await connection.QuerySingleOrDefaultAsync<WeightsRow>(db, Sqls.CurrentWeights, new { TenantId = tenantId }, tx, ct);
        return row is null
            ? new MatchWeightsDto(0, null, MatchWeights.Default)
            : new MatchWeightsDto(row.Version, row.CreatedAt, MatchWeights.FromJson(row.WeightsJson));
    }

    // The participant's row on the read connection: compiled once there on SQLite, through Dapper on SQL Server.
    private static async Task<ParticipantRow?> ReadParticipantAsync(Db db, ReadConnection connection, long id, long tenantId, CancellationToken ct)
    {
        if (connection.Prepared(Sqls.Participant, ("@Id", id), ("@TenantId", tenantId)) is not { } command)
            return await connection.Connection.QuerySingleOrDefaultAsync<ParticipantRow>(db, Sqls.Participant, new { Id = id, TenantId = tenantId }, null, ct);
        await using var r = await command.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct)
            ? new ParticipantRow { Id = r.GetInt64(0), CoachId = r.IsDBNull(1) ? null : r.GetInt64(1), GoalsJson = r.IsDBNull(2) ? null : r.GetString(2) }
            : null;
    }

    private sealed class ParticipantRow
    {
        public long Id { get; init; }
        public long? CoachId { get; init; }
        public string? GoalsJson { get; init; }
    }

    private sealed class WeightsRow
    {
        public long Version { get; init; }
        public string WeightsJson { get; init; } = "";
        public DateTimeOffset CreatedAt { get; init; }
    }

    private static class Sqls
    {
        // The participant's own words are not read: ranking does not use them.
        public static readonly Sql Participant = new("""
            SELECT p.id AS Id, p.coach_id AS CoachId, g.goals_json AS GoalsJson
            FROM participants p
            LEFT JOIN participant_goals g ON g.participant_id = p.id AND g.tenant_id = p.tenant_id
            WHERE p.id = @Id AND p.tenant_id = @TenantId AND p.erased_at IS NULL;
            """);


        public static readonly Sql CurrentWeights = new(
            Sqlite: """
                SELECT version AS Version, weights_json AS WeightsJson, created_at AS CreatedAt
                FROM match_weights WHERE tenant_id = @TenantId
                ORDER BY version DESC LIMIT 1;
                """,
            SqlServer: """
                SELECT TOP (1) version AS Version, weights_json AS WeightsJson, created_at AS CreatedAt
                FROM match_weights WHERE tenant_id = @TenantId
                ORDER BY version DESC;
                """);

        // Appends the next version only if If-Match (when sent) names the current one; the lock hints keep
        // two concurrent writers on SQL Server from computing the same next version.
        public static readonly Sql InsertWeights = new(
            Sqlite: """
                INSERT INTO match_weights (tenant_id, version, weights_json, created_at, created_by)
                SELECT @TenantId, COALESCE(MAX(version), 0) + 1, @WeightsJson, @Now, @CreatedBy
                FROM match_weights WHERE tenant_id = @TenantId
                HAVING @Version IS NULL OR COALESCE(MAX(version), 0) = @Version;
                """,
            SqlServer: """
                INSERT INTO match_weights (tenant_id, version, weights_json, created_at, created_by)
                SELECT @TenantId, COALESCE(MAX(version), 0) + 1, @WeightsJson, @Now, @CreatedBy
                FROM match_weights WITH (UPDLOCK, HOLDLOCK) WHERE tenant_id = @TenantId
                HAVING @Version IS NULL OR COALESCE(MAX(version), 0) = @Version;
                """);
    }
}

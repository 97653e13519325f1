using System.ComponentModel;
using System.Data.Common;
using Dapper;
using FluentValidation;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Openings;
using MatchApi.Reference;
using MatchApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Sync;

/// <summary>
/// An opening as a job source lists it: a row of a sync list, or the body of PUT /v1/openings/by-ref/{source}/{externalRef}.
/// The employer is named by its reference (employerRef, in employerSource or the opening's own source) or by employerId.
/// </summary>
public sealed record OpeningSyncItem(
    [property: Description(OpeningFieldDescriptions.Title)] string Title,
    [property: Description(OpeningFieldDescriptions.SsykCode)] string SsykCode,
    [property: Description("Municipality code (4 digits) or name where the work is done, e.g. 1480 or Göteborg; stored as the code.")] string MunicipalityCode,
    [property: Description(OpeningFieldDescriptions.EmploymentForm)] EmploymentForm? EmploymentForm,
    [property: Description(OpeningFieldDescriptions.JobType)] JobType? JobType,
    [property: Description("The opening's id in the source system, at most 200 characters; required in a list. In PUT by-ref it may be left out, or must equal the path's.")]
    string? ExternalRef = null,
    [property: Description("Id of one of your organisation's employers; or give employerRef instead.")] long? EmployerId = null,
    [property: Description("The employer's externalRef in employerSource (default: the opening's source); an employer of your organisation.")]
    string? EmployerRef = null,
    [property: Description("The source system of employerRef, when it is not the opening's own.")] string? EmployerSource = null,
    [property: Description(OpeningFieldDescriptions.Description)] string? Description = null,
    [property: Description(OpeningFieldDescriptions.Location)] GeoPoint? Location = null,
    [property: Description(OpeningFieldDescriptions.HoursPerWeek)] double? HoursPerWeek = null,
    [property: Description(OpeningFieldDescriptions.Schedule)] Schedule? Schedule = null,
    [property: Description(OpeningFieldDescriptions.SubsidyType)] SubsidyType? SubsidyType = null,
    [property: Description(OpeningFieldDescriptions.Remote)] bool Remote = false,
    [property: Description(OpeningFieldDescriptions.StartDate)] DateOnly? StartDate = null,
    [property: Description(OpeningFieldDescriptions.ExpiresOn)] DateOnly? ExpiresOn = null,
    [property: Description("Status. Left out: open for a new opening, and as it is for a stored one (a coach may have marked it filled).")]
    OpeningStatus? Status = null) : IOpeningFields;

public sealed class OpeningSyncItemValidator : AbstractValidator<OpeningSyncItem>
{
    public OpeningSyncItemValidator(ReferenceData reference)
    {
        Include(new OpeningFieldsValidator<OpeningSyncItem>(reference, MunicipalityInput.CodeOrName));
        RuleFor(x => x.ExternalRef).NotEmpty().MaximumLength(200).When(x => x.ExternalRef is not null);
        RuleFor(x => x.EmployerId).GreaterThan(0).When(x => x.EmployerId is not null);
        RuleFor(x => x.EmployerRef).NotEmpty().MaximumLength(200).When(x => x.EmployerRef is not null);
        RuleFor(x => x.EmployerSource).NotEmpty().MaximumLength(100).When(x => x.EmployerSource is not null);
        // One way of naming the employer, so that a row can never point at two.
        RuleFor(x => x.EmployerRef).NotNull().When(x => x.EmployerId is null)
            .WithMessage("Name the employer: 'Employer Ref' (its reference in a source system) or 'Employer Id'.");
        RuleFor(x => x.EmployerId).Null().When(x => x.EmployerRef is not null)
            .WithMessage("Give 'Employer Ref' or 'Employer Id', not both.");
        RuleFor(x => x.EmployerSource).Null().When(x => x.EmployerRef is null)
            .WithMessage("'Employer Source' goes together with 'Employer Ref'.");
    }
}

/// <summary>
/// Openings kept in step with a job source: one by its reference, or a whole list (JSON or CSV) in upsert
/// or mirror mode. Rows are matched by (source, externalRef) within the caller's tenant; mirror mode closes
/// the source's open openings that the list leaves out.
/// </summary>
public static class OpeningSyncApi
{
    public static RouteGroupBuilder MapOpeningSync(this IEndpointRouteBuilder app) =>
        app.MapSyncRoutes("/v1/openings", Scopes.OpeningsWrite, Csv,
            (PutByRef, "PutOpeningByRef", "Create or update an opening by its reference in a source system"),
            (Sync, "SyncOpenings", "Sync a job source's opening list (JSON array or CSV): create, update and, in mirror mode, close"));

    public static Task<Results<Created<SyncItemResult>, Ok<SyncItemResult>, ValidationProblem, ProblemHttpResult>> PutByRef(
        [Description("The job source the opening comes from, e.g. platsbanken.")] string source,
        [Description("The opening's id in that source.")] string externalRef,
        OpeningSyncItem request, [AsParameters] SyncServices<OpeningSyncItem> services) =>
        SyncHttp.RunByRefAsync(new OpeningTable(services.Reference), request, source, externalRef, "/v1/openings", services);

    public static Task<Results<Ok<SyncReport>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> Sync(
        [Description("The job source the list comes from, e.g. platsbanken; rows are matched by their externalRef within it.")] string source,
        [Description("upsert (default) creates and updates; mirror also closes this source's open openings that the list leaves out.")][QueryEnum<SyncMode>] string? mode,
        [AsParameters] SyncListOptions options, [AsParameters] SyncServices<OpeningSyncItem> services) =>
        SyncHttp.RunListAsync(new OpeningTable(services.Reference), Csv, source, mode, options, services);

    private static readonly CsvWords<EmploymentForm> EmploymentForms = new(
        ("tillsvidare", EmploymentForm.Permanent), ("tillsvidareanställning", EmploymentForm.Permanent),
        ("visstid", EmploymentForm.Temporary), ("visstidsanställning", EmploymentForm.Temporary),
        ("vikariat", EmploymentForm.Substitute), ("säsong", EmploymentForm.Seasonal), ("säsongsanställning", EmploymentForm.Seasonal),
        ("timanställning", EmploymentForm.Hourly));

    private static readonly CsvWords<JobType> JobTypes = new(
        ("ordinarie", JobType.Competitive), ("subventionerad", JobType.Subsidised), ("praktik", JobType.Internship));

    private static readonly CsvWords<Schedule> Schedules = new(
        ("dag", Schedule.Day), ("dagtid", Schedule.Day), ("kväll", Schedule.Evening), ("natt", Schedule.Night), ("helg", Schedule.Weekend));

    private static readonly CsvWords<SubsidyType> SubsidyTypes = new(
        ("lönebidrag", SubsidyType.Lonebidrag), ("nystartsjobb", SubsidyType.Nystartsjobb), ("osa", SubsidyType.Osa),
        ("samhall", SubsidyType.Samhall), ("annat", SubsidyType.Other));

    private static readonly CsvWords<OpeningStatus> Statuses = new(
        ("öppen", OpeningStatus.Open), ("tillsatt", OpeningStatus.Filled), ("stängd", OpeningStatus.Closed));

    /// <summary>The CSV columns; the first header of each is the Swedish one the README shows.</summary>
    public static readonly CsvSchema<OpeningSyncItem> Csv = new(
    [
        new("ExternalRef", true, "extern referens", "externalRef", "externreferens", "referens", "annons-id", "external_ref"),
        new("EmployerRef", false, "arbetsgivarreferens", "employerRef", "arbetsgivarref", "employer_ref"),
        new("EmployerSource", false, "arbetsgivarkälla", "employerSource", "employer_source"),
        new("EmployerId", false, "arbetsgivar-id", "employerId", "employer_id"),
        new("Title", true, "titel", "title", "rubrik", "yrkestitel"),
        new("Description", false, "beskrivning", "description"),
        new("SsykCode", true, "ssyk", "ssykCode", "yrkeskod", "ssyk-kod"),
        new("MunicipalityCode", true, "kommun", "municipalityCode", "kommunkod", "municipality"),
        new("Location.Latitude", false, "latitud", "latitude", "lat"),
        new("Location.Longitude", false, "longitud", "longitude", "lon", "lng"),
        new("HoursPerWeek", false, "timmar per vecka", "hoursPerWeek", "timmar"),
        new("Schedule", false, "arbetstid", "schedule"),
        new("EmploymentForm", true, "anställningsform", "employmentForm"),
        new("JobType", true, "jobbtyp", "jobType"),
        new("SubsidyType", false, "stödform", "subsidyType"),
        new("Remote", false, "distans", "remote"),
        new("StartDate", false, "startdatum", "startDate", "tillträde"),
        new("ExpiresOn", false, "sista ansökningsdag", "expiresOn", "sista dag"),
        new("Status", false, "status", "status"),
    ], cells => new OpeningSyncItem(
        Title: cells.Text("Title") ?? "",
        SsykCode: cells.Text("SsykCode") ?? "",
        MunicipalityCode: cells.Text("MunicipalityCode") ?? "",
        EmploymentForm: cells.Choice("EmploymentForm", EmploymentForms),
        JobType: cells.Choice("JobType", JobTypes),
        ExternalRef: cells.Text("ExternalRef"),
        EmployerId: cells.WholeNumber("EmployerId"),
        EmployerRef: cells.Text("EmployerRef"),
        EmployerSource: cells.Text("EmployerSource"),
        Description: cells.Text("Description"),
        Location: cells.Location("Location.Latitude", "Location.Longitude"),
        HoursPerWeek: cells.Number("HoursPerWeek"),
        Schedule: cells.Choice("Schedule", Schedules),
        SubsidyType: cells.Choice("SubsidyType", SubsidyTypes),
        Remote: cells.YesNo("Remote") ?? false,
        StartDate: cells.Date("StartDate"),
        ExpiresOn: cells.Date("ExpiresOn"),
        Status: cells.Choice("Status", Statuses)));

    private sealed class OpeningTable(ReferenceData reference) : SyncTable<OpeningSyncItem, OpeningColumns>
    {
        private static readonly SyncStatements AllStatements =
            new(Sqls.LoadExisting, Sqls.CreateStage, Sqls.StageRow, Sqls.Apply, Sqls.DropStage, "#opening_sync", Sqls.Version);

        private static readonly StageColumn<OpeningColumns>[] Columns =
        [
            new("employer_id", "EmployerId", typeof(long), v => v.EmployerId),
            new("title", "Title", typeof(string), v => v.Title),
            new("description", "Description", typeof(string), v => v.Description),
            new("ssyk_code", "SsykCode", typeof(string), v => v.SsykCode),
            new("municipality_code", "MunicipalityCode", typeof(string), v => v.MunicipalityCode),
            new("latitude", "Latitude", typeof(double), v => v.Latitude),
            new("longitude", "Longitude", typeof(double), v => v.Longitude),
            new("hours_per_week", "HoursPerWeek", typeof(double), v => v.HoursPerWeek),
            new("schedule", "Schedule", typeof(string), v => v.Schedule),
            new("employment_form", "EmploymentForm", typeof(string), v => v.EmploymentForm),
            new("job_type", "JobType", typeof(string), v => v.JobType),
            new("subsidy_type", "SubsidyType", typeof(string), v => v.SubsidyType),
            new("remote", "Remote", typeof(bool), v => v.Remote),
            new("start_date", "StartDate", typeof(DateOnly), v => v.StartDate),
            new("expires_on", "ExpiresOn", typeof(DateOnly), v => v.ExpiresOn),
            new("status", "Status", typeof(string), v => v.Status),
        ];

        private readonly HashSet<long> _employerIds = [];
        private Dictionary<string, long> _employersByRef = [];

        public override SyncStatements Statements => AllStatements;

        public override IReadOnlyList<StageColumn<OpeningColumns>> StageColumns => Columns;

        public override string? ExternalRefOf(OpeningSyncItem item) => item.ExternalRef;

        public override OpeningSyncItem WithExternalRef(OpeningSyncItem item, string externalRef) => item with { ExternalRef = externalRef };

        // Only the caller's employers are loaded: an id or reference of another tenant's employer is simply unknown.
        public override async Task PrepareAsync(Db db, long tenantId, string source, CancellationToken ct)
        {
            await using var connection = await db.OpenAsync(ct);
            var employers = await connection.QueryAsync<EmployerKey>(new CommandDefinition(db.Text(Sqls.Employers),
                new { TenantId = tenantId }, cancellationToken: ct));
            _employersByRef = new Dictionary<string, long>(SyncEngine.RefComparer(db));
            foreach (var employer in employers)
            {
                _employerIds.Add(employer.Id);
                if (employer is { Source: { } s, ExternalRef: { } r }) _employersByRef[RefKey(s, r)] = employer.Id;
            }
        }

        public override OpeningColumns? ToValues(OpeningSyncItem item, string source, Action<string, string> error)
        {
            long? employerId = item.EmployerId is { } id
                ? _employerIds.Contains(id) ? id : null
                : _employersByRef.TryGetValue(RefKey(item.EmployerSource ?? source, item.EmployerRef!), out var byRef) ? byRef : null;
            if (employerId is null)
            {
                if (item.EmployerId is not null) error("EmployerId", $"No employer with id {item.EmployerId} in your organisation.");
                else error("EmployerRef", $"No employer with source '{item.EmployerSource ?? source}' and externalRef '{item.EmployerRef}' in your organisation.");
                return null;
            }
            return OpeningColumns.From(item, employerId.Value, reference.MunicipalityCodeOf(item.MunicipalityCode)!, item.Status ?? OpeningStatus.Open);
        }

        public override async Task<IEnumerable<ExistingRow<OpeningColumns>>> LoadAsync(Db db, DbConnection connection, DbTransaction? tx,
            long tenantId, string source, CancellationToken ct)
        {
            var rows = await connection.QueryAsync<Stored>(new CommandDefinition(db.Text(Sqls.LoadExisting),
                new { TenantId = tenantId, Source = source }, tx, cancellationToken: ct));
            return rows.Select(r => new ExistingRow<OpeningColumns>(r.Id, r.ExternalRef, r.Values()));
        }

        public override bool KeepsState(OpeningSyncItem item) => item.Status is null;

        public override OpeningColumns WithStateOf(OpeningColumns incoming, OpeningColumns stored) => incoming with { Status = stored.Status };

        // Filled openings stay filled: a source drops an ad once the job is taken, and that placement is worth keeping.
        public override bool IsActive(OpeningColumns values) => values.Status == nameof(OpeningStatus.Open);

        public override OpeningColumns Deactivated(OpeningColumns values) => values with { Status = nameof(OpeningStatus.Closed) };

        private static string RefKey(string source, string externalRef) => $"{source}\u001f{externalRef}";
    }

    private sealed class EmployerKey
    {
        public long Id { get; init; }
        public string? Source { get; init; }
        public string? ExternalRef { get; init; }
    }

    private sealed record Stored : OpeningColumns
    {
        public long Id { get; init; }
        public string ExternalRef { get; init; } = "";
    }

    private static class Sqls
    {
        private const string Values = """
            employer_id, title, description, ssyk_code, municipality_code, latitude, longitude, hours_per_week, schedule,
            employment_form, job_type, subsidy_type, remote, start_date, expires_on, status
            """;

        private const string Parameters = """
            @EmployerId, @Title, @Description, @SsykCode, @MunicipalityCode, @Latitude, @Longitude, @HoursPerWeek, @Schedule,
            @EmploymentForm, @JobType, @SubsidyType, @Remote, @StartDate, @ExpiresOn, @Status
            """;

        public static readonly Sql Employers = new(
            "SELECT id AS Id, source AS Source, external_ref AS ExternalRef FROM employers WHERE tenant_id = @TenantId;");

        public static readonly Sql Version = new(
            Sqlite: "SELECT version FROM openings WHERE tenant_id = @TenantId AND source = @Source AND external_ref = @ExternalRef;",
            SqlServer: "SELECT version FROM openings WITH (UPDLOCK, HOLDLOCK) WHERE tenant_id = @TenantId AND source = @Source AND external_ref = @ExternalRef;");

        public static readonly Sql LoadExisting = new("""
            SELECT id AS Id, external_ref AS ExternalRef, employer_id AS EmployerId, title AS Title, description AS Description,
                ssyk_code AS SsykCode, municipality_code AS MunicipalityCode, latitude AS Latitude, longitude AS Longitude,
                hours_per_week AS HoursPerWeek, schedule AS Schedule, employment_form AS EmploymentForm, job_type AS JobType,
                subsidy_type AS SubsidyType, remote AS Remote, start_date AS StartDate, expires_on AS ExpiresOn, status AS Status
            FROM openings
            WHERE tenant_id = @TenantId AND source = @Source AND external_ref IS NOT NULL;
            """);

        public static readonly Sql CreateStage = new(
            Sqlite: """
                DROP TABLE IF EXISTS temp.opening_sync;
                CREATE TEMP TABLE opening_sync (
                    row_no INTEGER NOT NULL, external_ref TEXT NOT NULL, employer_id INTEGER NOT NULL, title TEXT NOT NULL,
                    description TEXT NULL, ssyk_code TEXT NOT NULL, municipality_code TEXT NOT NULL, latitude REAL NULL,
                    longitude REAL NULL, hours_per_week REAL NULL, schedule TEXT NULL, employment_form TEXT NOT NULL,
                    job_type TEXT NOT NULL, subsidy_type TEXT NULL, remote INTEGER NOT NULL, start_date TEXT NULL,
                    expires_on TEXT NULL, status TEXT NOT NULL);
                """,
            SqlServer: """
                DROP TABLE IF EXISTS #opening_sync;
                CREATE TABLE #opening_sync (
                    row_no int NOT NULL, external_ref nvarchar(200) COLLATE DATABASE_DEFAULT NOT NULL PRIMARY KEY,
                    employer_id bigint NOT NULL, title nvarchar(200) COLLATE DATABASE_DEFAULT NOT NULL,
                    description nvarchar(4000) COLLATE DATABASE_DEFAULT NULL, ssyk_code nvarchar(4) COLLATE DATABASE_DEFAULT NOT NULL,
                    municipality_code nvarchar(4) COLLATE DATABASE_DEFAULT NOT NULL, latitude float NULL, longitude float NULL,
                    hours_per_week float NULL, schedule nvarchar(20) COLLATE DATABASE_DEFAULT NULL,
                    employment_form nvarchar(20) COLLATE DATABASE_DEFAULT NOT NULL, job_type nvarchar(20) COLLATE DATABASE_DEFAULT NOT NULL,
                    subsidy_type nvarchar(30) COLLATE DATABASE_DEFAULT NULL, remote bit NOT NULL, start_date date NULL,
                    expires_on date NULL, status nvarchar(20) COLLATE DATABASE_DEFAULT NOT NULL);
                """);

        public static readonly Sql StageRow = new(
            Sqlite: $"""
                INSERT INTO temp.opening_sync (row_no, external_ref, {Values})
                VALUES (@RowNo, @ExternalRef, {Parameters});
                """,
            SqlServer: $"""
                INSERT INTO #opening_sync (row_no, external_ref, {Values})
                VALUES (@RowNo, @ExternalRef, {Parameters});
                """);

        // Staged rows are the new and the changed ones only: unchanged rows keep their updated_at and version.
        public static readonly Sql Apply = new(
            Sqlite: $"""
                INSERT INTO openings (tenant_id, {Values}, source, external_ref, created_at, updated_at, change_seq)
                SELECT @TenantId, {Values}, @Source, external_ref, @Now, @Now, @ChangeSeq
                FROM temp.opening_sync
                WHERE true
                ORDER BY row_no
                ON CONFLICT (tenant_id, source, external_ref) WHERE external_ref IS NOT NULL DO UPDATE SET
                    employer_id = excluded.employer_id, title = excluded.title, description = excluded.description,
                    ssyk_code = excluded.ssyk_code, municipality_code = excluded.municipality_code, latitude = excluded.latitude,
                    longitude = excluded.longitude, hours_per_week = excluded.hours_per_week, schedule = excluded.schedule,
                    employment_form = excluded.employment_form, job_type = excluded.job_type, subsidy_type = excluded.subsidy_type,
                    remote = excluded.remote, start_date = excluded.start_date, expires_on = excluded.expires_on,
                    status = excluded.status, updated_at = excluded.updated_at, version = version + 1,
                    change_seq = excluded.change_seq
                RETURNING id AS Id, external_ref AS ExternalRef;
                """,
            SqlServer: $"""
                MERGE openings WITH (HOLDLOCK) AS t
                USING #opening_sync AS s
                    ON t.tenant_id = @TenantId AND t.source = @Source AND t.external_ref = s.external_ref
                WHEN MATCHED THEN UPDATE SET
                    employer_id = s.employer_id, title = s.title, description = s.description, ssyk_code = s.ssyk_code,
                    municipality_code = s.municipality_code, latitude = s.latitude, longitude = s.longitude,
                    hours_per_week = s.hours_per_week, schedule = s.schedule, employment_form = s.employment_form,
                    job_type = s.job_type, subsidy_type = s.subsidy_type, remote = s.remote, start_date = s.start_date,
                    expires_on = s.expires_on, status = s.status, updated_at = @Now, version = t.version + 1, change_seq = @ChangeSeq
                WHEN NOT MATCHED BY TARGET THEN
                    INSERT (tenant_id, {Values}, source, external_ref, created_at, updated_at, change_seq)
                    VALUES (@TenantId, s.employer_id, s.title, s.description, s.ssyk_code, s.municipality_code, s.latitude, s.longitude,
                        s.hours_per_week, s.schedule, s.employment_form, s.job_type, s.subsidy_type, s.remote, s.start_date,
                        s.expires_on, s.status, @Source, s.external_ref, @Now, @Now, @ChangeSeq)
                OUTPUT INSERTED.id AS Id, INSERTED.external_ref AS ExternalRef;
                """);

        public static readonly Sql DropStage = new(Sqlite: "DROP TABLE temp.opening_sync;", SqlServer: "DROP TABLE #opening_sync;");
    }
}

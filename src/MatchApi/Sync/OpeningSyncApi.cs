using System.ComponentModel;
using System.Data.Common;
using Dapper;
using FluentValidation;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Openings;
using MatchApi.Reference;
using MatchApi.Security;
using MatchApi.Tenants;
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

        private static readonly TableColumns<OpeningColumns> Columns = OpeningsTable.Columns;

        private readonly HashSet<long> _employerIds = [];
        private Dictionary<string, long> _employersByRef = [];

        public override SyncStatements Statements => AllStatements;

        public override TableColumns<OpeningColumns> StageColumns => Columns;

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
                if (item.EmployerId is not null) error("EmployerId", TenantRows.NoEmployer(item.EmployerId));
                else error("EmployerRef", $"No employer with source '{item.EmployerSource ?? source}' and externalRef '{item.EmployerRef}' in your organisation.");
                return null;
            }
            return OpeningColumns.From(item, employerId.Value, reference.MunicipalityCodeOf(item.MunicipalityCode)!, item.Status ?? OpeningStatus.Open);
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

    private static class Sqls
    {
        public static readonly Sql Employers = new(
            "SELECT id AS Id, source AS Source, external_ref AS ExternalRef FROM employers WHERE tenant_id = @TenantId;");

        private const string Stage = "opening_sync";

        public static readonly Sql Version = SyncSql.Version(OpeningsTable.Columns);

        public static readonly Sql LoadExisting = SyncSql.LoadExisting(OpeningsTable.Columns);

        public static readonly Sql CreateStage = SyncSql.CreateStage(OpeningsTable.Columns, Stage);

        public static readonly Sql StageRow = SyncSql.StageRow(OpeningsTable.Columns, Stage);

        public static readonly Sql Apply = SyncSql.Apply(OpeningsTable.Columns, Stage);

        public static readonly Sql DropStage = SyncSql.DropStage(Stage);
    }
}

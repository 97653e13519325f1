using System.ComponentModel;
using System.Data.Common;
using Dapper;
using FluentValidation;
using MatchApi.Common;
using MatchApi.Data;
using MatchApi.Employers;
using MatchApi.Reference;
using MatchApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MatchApi.Sync;

/// <summary>An employer as a source system lists it: a row of a sync list, or the body of PUT /v1/employers/by-ref/{source}/{externalRef}.</summary>
public sealed record EmployerSyncItem(
    [property: Description(EmployerFieldDescriptions.Name)] string Name,
    [property: Description("The employer's id in the source system, at most 200 characters; required in a list. In PUT by-ref it may be left out, or must equal the path's.")]
    string? ExternalRef = null,
    [property: Description(EmployerFieldDescriptions.OrgNumber)]
    string? OrgNumber = null,
    [property: Description(EmployerFieldDescriptions.Sector)]
    Sector? Sector = null,
    [property: Description(EmployerFieldDescriptions.SniCode)] string? SniCode = null,
    [property: Description("Municipality code (4 digits) or name, e.g. 1480 or Göteborg; stored as the code.")] string? MunicipalityCode = null,
    [property: Description(EmployerFieldDescriptions.Location)] GeoPoint? Location = null,
    [property: Description("Whether the organisation works with this employer (default true, so an employer a list names again is active again).")]
    bool? Active = null) : IEmployerFields;

public sealed class EmployerSyncItemValidator : AbstractValidator<EmployerSyncItem>
{
    public EmployerSyncItemValidator(ReferenceData reference)
    {
        Include(new EmployerFieldsValidator<EmployerSyncItem>(reference, MunicipalityInput.CodeOrName));
        RuleFor(x => x.ExternalRef).NotEmpty().MaximumLength(200).When(x => x.ExternalRef is not null);
    }
}

/// <summary>
/// Employers kept in step with another system's register: one by its reference, or a whole list (JSON or
/// CSV) in upsert or mirror mode. Rows are matched by (source, externalRef) within the caller's tenant.
/// </summary>
public static class EmployerSyncApi
{
    public static RouteGroupBuilder MapEmployerSync(this IEndpointRouteBuilder app) =>
        app.MapSyncRoutes("/v1/employers", Scopes.EmployersWrite, Csv,
            (PutByRef, "PutEmployerByRef", "Create or update an employer by its reference in a source system"),
            (Sync, "SyncEmployers", "Sync a source system's employer list (JSON array or CSV): create, update and, in mirror mode, deactivate"));

    public static Task<Results<Created<SyncItemResult>, Ok<SyncItemResult>, ValidationProblem, ProblemHttpResult>> PutByRef(
        [Description("The system the employer comes from, e.g. crm.")] string source,
        [Description("The employer's id in that system.")] string externalRef,
        EmployerSyncItem request, [AsParameters] SyncServices<EmployerSyncItem> services) =>
        SyncHttp.RunByRefAsync(new EmployerTable(services.Reference), request, source, externalRef, "/v1/employers", services);

    public static Task<Results<Ok<SyncReport>, ContentHttpResult, ValidationProblem, ProblemHttpResult>> Sync(
        [Description("The system the list comes from, e.g. crm; rows are matched by their externalRef within it.")] string source,
        [Description("upsert (default) creates and updates; mirror also deactivates this source's employers that the list leaves out.")][QueryEnum<SyncMode>] string? mode,
        [AsParameters] SyncListOptions options, [AsParameters] SyncServices<EmployerSyncItem> services) =>
        SyncHttp.RunListAsync(new EmployerTable(services.Reference), Csv, source, mode, options, services);

    private static readonly CsvWords<Sector> Sectors = new(
        ("privat", Sector.Private), ("offentlig", Sector.Public), ("kommunal", Sector.Public), ("statlig", Sector.Public),
        ("region", Sector.Public), ("ideell", Sector.NonProfit), ("idéell", Sector.NonProfit));

    /// <summary>The CSV columns; the first header of each is the Swedish one the README shows.</summary>
    public static readonly CsvSchema<EmployerSyncItem> Csv = new(
    [
        new("ExternalRef", true, "extern referens", "externalRef", "externreferens", "referens", "externt id", "external_ref"),
        new("Name", true, "namn", "name", "företagsnamn", "arbetsgivare"),
        new("OrgNumber", false, "organisationsnummer", "orgNumber", "orgnr", "org nr", "organisationsnr"),
        new("Sector", false, "sektor", "sector"),
        new("SniCode", false, "sni", "sniCode", "sni-kod"),
        new("MunicipalityCode", false, "kommun", "municipalityCode", "kommunkod", "municipality"),
        new("Location.Latitude", false, "latitud", "latitude", "lat"),
        new("Location.Longitude", false, "longitud", "longitude", "lon", "lng"),
        new("Active", false, "aktiv", "active"),
    ], cells => new EmployerSyncItem(
        Name: cells.Text("Name") ?? "",
        ExternalRef: cells.Text("ExternalRef"),
        OrgNumber: cells.Text("OrgNumber"),
        Sector: cells.Choice("Sector", Sectors),
        SniCode: cells.Text("SniCode"),
        MunicipalityCode: cells.Text("MunicipalityCode"),
        Location: cells.Location("Location.Latitude", "Location.Longitude"),
        Active: cells.YesNo("Active")));

    private sealed class EmployerTable(ReferenceData reference) : SyncTable<EmployerSyncItem, EmployerColumns>
    {
        private static readonly SyncStatements AllStatements = new(Sqls.LoadExisting, Sqls.CreateStage, Sqls.StageRow, Sqls.Apply, Sqls.DropStage, "#employer_sync", Sqls.Version);

        private static readonly TableColumns<EmployerColumns> Columns = EmployersTable.Columns;

        public override SyncStatements Statements => AllStatements;

        public override TableColumns<EmployerColumns> StageColumns => Columns;

        public override string? ExternalRefOf(EmployerSyncItem item) => item.ExternalRef;

        public override EmployerSyncItem WithExternalRef(EmployerSyncItem item, string externalRef) => item with { ExternalRef = externalRef };

        public override EmployerColumns ToValues(EmployerSyncItem item, string source, Action<string, string> error) =>
            EmployerColumns.From(item, reference.MunicipalityCodeOf(item.MunicipalityCode));

        public override bool IsActive(EmployerColumns values) => values.Active;

        public override EmployerColumns Deactivated(EmployerColumns values) => values with { Active = false };
    }

    private static class Sqls
    {
        private const string Stage = "employer_sync";

        public static readonly Sql Version = SyncSql.Version(EmployersTable.Columns);

        public static readonly Sql LoadExisting = SyncSql.LoadExisting(EmployersTable.Columns);

        public static readonly Sql CreateStage = SyncSql.CreateStage(EmployersTable.Columns, Stage);

        public static readonly Sql StageRow = SyncSql.StageRow(EmployersTable.Columns, Stage);

        public static readonly Sql Apply = SyncSql.Apply(EmployersTable.Columns, Stage);

        public static readonly Sql DropStage = SyncSql.DropStage(Stage);
    }
}

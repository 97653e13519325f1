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

        private static readonly StageColumn<EmployerColumns>[] Columns =
        [
            new("org_number", "OrgNumber", typeof(string), v => v.OrgNumber),
            new("name", "Name", typeof(string), v => v.Name),
            new("sector", "Sector", typeof(string), v => v.Sector),
            new("sni_code", "SniCode", typeof(string), v => v.SniCode),
            new("municipality_code", "MunicipalityCode", typeof(string), v => v.MunicipalityCode),
            new("latitude", "Latitude", typeof(double), v => v.Latitude),
            new("longitude", "Longitude", typeof(double), v => v.Longitude),
            new("active", "Active", typeof(bool), v => v.Active),
        ];

        public override SyncStatements Statements => AllStatements;

        public override IReadOnlyList<StageColumn<EmployerColumns>> StageColumns => Columns;

        public override string? ExternalRefOf(EmployerSyncItem item) => item.ExternalRef;

        public override EmployerSyncItem WithExternalRef(EmployerSyncItem item, string externalRef) => item with { ExternalRef = externalRef };

        public override EmployerColumns ToValues(EmployerSyncItem item, string source, Action<string, string> error) =>
            EmployerColumns.From(item, reference.MunicipalityCodeOf(item.MunicipalityCode));

        public override async Task<IEnumerable<ExistingRow<EmployerColumns>>> LoadAsync(Db db, DbConnection connection, DbTransaction? tx,
            long tenantId, string source, CancellationToken ct)
        {
            var rows = await connection.QueryAsync<Stored>(new CommandDefinition(db.Text(Sqls.LoadExisting),
                new { TenantId = tenantId, Source = source }, tx, cancellationToken: ct));
            return rows.Select(r => new ExistingRow<EmployerColumns>(r.Id, r.ExternalRef, r.Values()));
        }

        public override bool IsActive(EmployerColumns values) => values.Active;

        public override EmployerColumns Deactivated(EmployerColumns values) => values with { Active = false };
    }

    private sealed record Stored : EmployerColumns
    {
        public long Id { get; init; }
        public string ExternalRef { get; init; } = "";
    }

    private static class Sqls
    {
        private const string Values = "org_number, name, sector, sni_code, municipality_code, latitude, longitude, active";

        public static readonly Sql Version = new(
            Sqlite: "SELECT version FROM employers WHERE tenant_id = @TenantId AND source = @Source AND external_ref = @ExternalRef;",
            SqlServer: "SELECT version FROM employers WITH (UPDLOCK, HOLDLOCK) WHERE tenant_id = @TenantId AND source = @Source AND external_ref = @ExternalRef;");

        public static readonly Sql LoadExisting = new("""
            SELECT id AS Id, external_ref AS ExternalRef, org_number AS OrgNumber, name AS Name, sector AS Sector, sni_code AS SniCode,
                municipality_code AS MunicipalityCode, latitude AS Latitude, longitude AS Longitude, active AS Active
            FROM employers
            WHERE tenant_id = @TenantId AND source = @Source AND external_ref IS NOT NULL;
            """);

        public static readonly Sql CreateStage = new(
            Sqlite: """
                DROP TABLE IF EXISTS temp.employer_sync;
                CREATE TEMP TABLE employer_sync (
                    row_no INTEGER NOT NULL, external_ref TEXT NOT NULL, org_number TEXT NULL, name TEXT NOT NULL,
                    sector TEXT NOT NULL, sni_code TEXT NULL, municipality_code TEXT NULL, latitude REAL NULL, longitude REAL NULL,
                    active INTEGER NOT NULL);
                """,
            SqlServer: """
                DROP TABLE IF EXISTS #employer_sync;
                CREATE TABLE #employer_sync (
                    row_no int NOT NULL, external_ref nvarchar(200) COLLATE DATABASE_DEFAULT NOT NULL PRIMARY KEY,
                    org_number nvarchar(10) COLLATE DATABASE_DEFAULT NULL, name nvarchar(200) COLLATE DATABASE_DEFAULT NOT NULL,
                    sector nvarchar(20) COLLATE DATABASE_DEFAULT NOT NULL, sni_code nvarchar(5) COLLATE DATABASE_DEFAULT NULL,
                    municipality_code nvarchar(4) COLLATE DATABASE_DEFAULT NULL, latitude float NULL, longitude float NULL,
                    active bit NOT NULL);
                """);

        public static readonly Sql StageRow = new(
            Sqlite: $"""
                INSERT INTO temp.employer_sync (row_no, external_ref, {Values})
                VALUES (@RowNo, @ExternalRef, @OrgNumber, @Name, @Sector, @SniCode, @MunicipalityCode, @Latitude, @Longitude, @Active);
                """,
            SqlServer: $"""
                INSERT INTO #employer_sync (row_no, external_ref, {Values})
                VALUES (@RowNo, @ExternalRef, @OrgNumber, @Name, @Sector, @SniCode, @MunicipalityCode, @Latitude, @Longitude, @Active);
                """);

        // Staged rows are the new and the changed ones only: unchanged rows keep their updated_at and version.
        public static readonly Sql Apply = new(
            Sqlite: $"""
                INSERT INTO employers (tenant_id, {Values}, source, external_ref, created_at, updated_at, change_seq)
                SELECT @TenantId, {Values}, @Source, external_ref, @Now, @Now, @ChangeSeq
                FROM temp.employer_sync
                WHERE true
                ORDER BY row_no
                ON CONFLICT (tenant_id, source, external_ref) WHERE external_ref IS NOT NULL DO UPDATE SET
                    org_number = excluded.org_number, name = excluded.name, sector = excluded.sector, sni_code = excluded.sni_code,
                    municipality_code = excluded.municipality_code, latitude = excluded.latitude, longitude = excluded.longitude,
                    active = excluded.active, updated_at = excluded.updated_at, version = version + 1,
                    change_seq = excluded.change_seq
                RETURNING id AS Id, external_ref AS ExternalRef;
                """,
            SqlServer: $"""
                MERGE employers WITH (HOLDLOCK) AS t
                USING #employer_sync AS s
                    ON t.tenant_id = @TenantId AND t.source = @Source AND t.external_ref = s.external_ref
                WHEN MATCHED THEN UPDATE SET
                    org_number = s.org_number, name = s.name, sector = s.sector, sni_code = s.sni_code,
                    municipality_code = s.municipality_code, latitude = s.latitude, longitude = s.longitude,
                    active = s.active, updated_at = @Now, version = t.version + 1, change_seq = @ChangeSeq
                WHEN NOT MATCHED BY TARGET THEN
                    INSERT (tenant_id, {Values}, source, external_ref, created_at, updated_at, change_seq)
                    VALUES (@TenantId, s.org_number, s.name, s.sector, s.sni_code, s.municipality_code, s.latitude, s.longitude,
                        s.active, @Source, s.external_ref, @Now, @Now, @ChangeSeq)
                OUTPUT INSERTED.id AS Id, INSERTED.external_ref AS ExternalRef;
                """);

        public static readonly Sql DropStage = new(Sqlite: "DROP TABLE temp.employer_sync;", SqlServer: "DROP TABLE #employer_sync;");
    }
}

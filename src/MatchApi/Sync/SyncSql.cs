using MatchApi.Data;

namespace MatchApi.Sync;

/// <summary>
/// The statements of a table's sync (<see cref="SyncStatements"/>), derived from its column list: the rows are matched
/// by (tenant, source, external_ref), the listed columns are staged and written, and every write sets the bookkeeping
/// columns (timestamps, version, the tenant's change stamp). Each table keeps the results as its own static fields.
/// </summary>
public static class SyncSql
{
    public static Sql Version<TRow>(TableColumns<TRow> columns) => new(
        Sqlite: $"SELECT version FROM {columns.Table} WHERE tenant_id = @TenantId AND source = @Source AND external_ref = @ExternalRef;",
        SqlServer: $"SELECT version FROM {columns.Table} WITH (UPDLOCK, HOLDLOCK) WHERE tenant_id = @TenantId AND source = @Source AND external_ref = @ExternalRef;");

    /// <summary>Id and external_ref first, then the list's columns (see <see cref="SyncTable{TItem, TColumns}.LoadAsync"/>).</summary>
    public static Sql LoadExisting<TRow>(TableColumns<TRow> columns) => new($"""
        SELECT id AS Id, external_ref AS ExternalRef,
            {columns.Select()}
        FROM {columns.Table}
        WHERE tenant_id = @TenantId AND source = @Source AND external_ref IS NOT NULL;
        """);

    public static Sql CreateStage<TRow>(TableColumns<TRow> columns, string stage) => new(
        Sqlite: $"""
            DROP TABLE IF EXISTS temp.{stage};
            CREATE TEMP TABLE {stage} (
                row_no INTEGER NOT NULL, external_ref TEXT NOT NULL,
                {columns.Definitions(DatabaseProvider.Sqlite)});
            """,
        SqlServer: $"""
            DROP TABLE IF EXISTS #{stage};
            CREATE TABLE #{stage} (
                row_no int NOT NULL, external_ref nvarchar(200) COLLATE DATABASE_DEFAULT NOT NULL PRIMARY KEY,
                {columns.Definitions(DatabaseProvider.SqlServer)});
            """);

    public static Sql StageRow<TRow>(TableColumns<TRow> columns, string stage) => new(
        Sqlite: $"""
            INSERT INTO temp.{stage} (row_no, external_ref, {columns.Names()})
            VALUES (@RowNo, @ExternalRef, {columns.Parameters});
            """,
        SqlServer: $"""
            INSERT INTO #{stage} (row_no, external_ref, {columns.Names()})
            VALUES (@RowNo, @ExternalRef, {columns.Parameters});
            """);

    // Staged rows are the new and the changed ones only: unchanged rows keep their updated_at and version.
    public static Sql Apply<TRow>(TableColumns<TRow> columns, string stage) => new(
        Sqlite: $"""
            INSERT INTO {columns.Table} (tenant_id, {columns.Names()},
                source, external_ref, created_at, updated_at, change_seq)
            SELECT @TenantId, {columns.Names()},
                @Source, external_ref, @Now, @Now, @ChangeSeq
            FROM temp.{stage}
            WHERE true
            ORDER BY row_no
            ON CONFLICT (tenant_id, source, external_ref) WHERE external_ref IS NOT NULL DO UPDATE SET
                {columns.SetClause("excluded")},
                updated_at = excluded.updated_at, version = version + 1, change_seq = excluded.change_seq
            RETURNING id AS Id, external_ref AS ExternalRef;
            """,
        SqlServer: $"""
            MERGE {columns.Table} WITH (HOLDLOCK) AS t
            USING #{stage} AS s
                ON t.tenant_id = @TenantId AND t.source = @Source AND t.external_ref = s.external_ref
            WHEN MATCHED THEN UPDATE SET
                {columns.SetClause("s")},
                updated_at = @Now, version = t.version + 1, change_seq = @ChangeSeq
            WHEN NOT MATCHED BY TARGET THEN
                INSERT (tenant_id, {columns.Names()},
                    source, external_ref, created_at, updated_at, change_seq)
                VALUES (@TenantId, {columns.Names("s")},
                    @Source, s.external_ref, @Now, @Now, @ChangeSeq)
            OUTPUT INSERTED.id AS Id, INSERTED.external_ref AS ExternalRef;
            """);

    public static Sql DropStage(string stage) => new(Sqlite: $"DROP TABLE temp.{stage};", SqlServer: $"DROP TABLE #{stage};");
}

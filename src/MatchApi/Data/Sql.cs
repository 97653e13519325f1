namespace MatchApi.Data;

/// <summary>
/// One SQL statement in both dialects. Most statements are the same text for SQLite and
/// SQL Server; where they differ (upsert, paging, returning ids) both are written out here,
/// side by side. Every instance is declared as a static field so that tests can enumerate
/// them: the SQL Server text is parsed with ScriptDom and the SQLite text is prepared
/// against a migrated database.
/// </summary>
public sealed record Sql(string Sqlite, string SqlServer)
{
    public Sql(string both) : this(both, both) { }

    /// <summary>
    /// One page of <paramref name="selectFromWhere"/> in <paramref name="orderBy"/> order: the
    /// paging clause in each dialect, binding <c>@Skip</c> and <c>@Take</c> (see PageRequest).
    /// </summary>
    public static Sql Paged(string selectFromWhere, string orderBy) => new(
        Sqlite: $"{selectFromWhere}\nORDER BY {orderBy}\nLIMIT @Take OFFSET @Skip;",
        SqlServer: $"{selectFromWhere}\nORDER BY {orderBy}\nOFFSET @Skip ROWS FETCH NEXT @Take ROWS ONLY;");

    /// <summary>
    /// An insert that answers the new row's id: <paramref name="insertInto"/> (<c>INSERT INTO t (columns)</c>) and its
    /// <paramref name="rows"/> (<c>VALUES (…)</c> or <c>SELECT … WHERE …</c>), with <c>RETURNING id</c> in SQLite and
    /// <c>OUTPUT INSERTED.id</c> in SQL Server.
    /// </summary>
    public static Sql InsertReturningId(string insertInto, string rows) => new(
        Sqlite: $"{insertInto}\n{rows}\nRETURNING id;",
        SqlServer: $"{insertInto}\nOUTPUT INSERTED.id\n{rows};");
}

public enum DatabaseProvider { Sqlite, SqlServer }

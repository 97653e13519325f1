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
}

public enum DatabaseProvider { Sqlite, SqlServer }

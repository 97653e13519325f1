using System.Data.Common;
using Dapper;

namespace MatchApi.Data;

/// <summary>
/// Dapper calls that take a <see cref="Sql"/>: the dialect's text, the arguments, the transaction and the
/// cancellation in one call. On a <see cref="Db"/> they open a connection for the one statement; on an open
/// connection they run inside its transaction (or none).
/// </summary>
public static class DbCommands
{
    public static async Task<List<T>> QueryAsync<T>(this Db db, Sql sql, object? args, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return (await connection.QueryAsync<T>(db, sql, args, null, ct)).AsList();
    }

    public static async Task<T?> QuerySingleOrDefaultAsync<T>(this Db db, Sql sql, object? args, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.QuerySingleOrDefaultAsync<T>(db, sql, args, null, ct);
    }

    public static async Task<T?> ExecuteScalarAsync<T>(this Db db, Sql sql, object? args, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteScalarAsync<T>(db, sql, args, null, ct);
    }

    public static async Task<int> ExecuteAsync(this Db db, Sql sql, object? args, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        return await connection.ExecuteAsync(db, sql, args, null, ct);
    }

    public static Task<IEnumerable<T>> QueryAsync<T>(this DbConnection connection, Db db, Sql sql, object? args, DbTransaction? tx, CancellationToken ct) =>
        connection.QueryAsync<T>(Command(db, sql, args, tx, ct));

    public static Task<T> QuerySingleAsync<T>(this DbConnection connection, Db db, Sql sql, object? args, DbTransaction? tx, CancellationToken ct) =>
        connection.QuerySingleAsync<T>(Command(db, sql, args, tx, ct));

    public static Task<T?> QuerySingleOrDefaultAsync<T>(this DbConnection connection, Db db, Sql sql, object? args, DbTransaction? tx, CancellationToken ct) =>
        connection.QuerySingleOrDefaultAsync<T?>(Command(db, sql, args, tx, ct));

    public static Task<T?> ExecuteScalarAsync<T>(this DbConnection connection, Db db, Sql sql, object? args, DbTransaction? tx, CancellationToken ct) =>
        connection.ExecuteScalarAsync<T?>(Command(db, sql, args, tx, ct));

    public static Task<int> ExecuteAsync(this DbConnection connection, Db db, Sql sql, object? args, DbTransaction? tx, CancellationToken ct) =>
        connection.ExecuteAsync(Command(db, sql, args, tx, ct));

    private static CommandDefinition Command(Db db, Sql sql, object? args, DbTransaction? tx, CancellationToken ct) =>
        new(db.Text(sql), args, tx, cancellationToken: ct);
}

using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MatchApi.Data;

/// <summary>
/// Connections for the hot reads of a request (the match routes), with their statements compiled once. Microsoft.Data.Sqlite
/// compiles a statement again for every new command (it keeps no statement cache across commands, dotnet/efcore#14044), and
/// compiling the match's re-read of its returned openings cost more than running it. So on SQLite a few connections stay open
/// here, each keeping the statements it has run prepared (<see cref="ReadConnection.Prepared"/>); a request rents one and
/// gives it back when it is disposed. For reads outside transactions only: writes take <see cref="Db.OpenAsync"/> and its
/// writer gate. On SQL Server a rented connection is a new pooled one and <see cref="ReadConnection.Prepared"/> answers null
/// (the server caches plans itself).
/// </summary>
public sealed class ReadConnections(Db db) : IDisposable
{
    /// <summary>Idle connections kept at most; more concurrent requests than this open and close their own as before.</summary>
    public const int MaxIdle = 16;

    private readonly ConcurrentStack<Idle> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    public async Task<ReadConnection> OpenAsync(CancellationToken ct)
    {
        if (db.Provider != DatabaseProvider.Sqlite) return new ReadConnection(this, db, await db.OpenAsync(ct), null);
        if (_idle.TryPop(out var idle))
        {
            Interlocked.Decrement(ref _idleCount);
            return new ReadConnection(this, db, idle.Connection, idle.Commands);
        }
        var connection = new SqliteConnection(db.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
        return new ReadConnection(this, db, connection, new Dictionary<Sql, SqliteCommand>(ReferenceEqualityComparer.Instance));
    }

    internal void Return(SqliteConnection connection, Dictionary<Sql, SqliteCommand> commands)
    {
        if (!_disposed && connection.State == System.Data.ConnectionState.Open)
        {
            if (Interlocked.Increment(ref _idleCount) <= MaxIdle)
            {
                _idle.Push(new Idle(connection, commands));
                // Disposed meanwhile: whichever of the two empties the stack last closes this one.
                if (_disposed) Drain();
                return;
            }
            Interlocked.Decrement(ref _idleCount);
        }
        Close(connection, commands);
    }

    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryPop(out var idle)) Close(idle.Connection, idle.Commands);
    }

    private static void Close(SqliteConnection connection, Dictionary<Sql, SqliteCommand> commands)
    {
        foreach (var command in commands.Values) command.Dispose();
        connection.Dispose();
    }

    private sealed record Idle(SqliteConnection Connection, Dictionary<Sql, SqliteCommand> Commands);
}

/// <summary>A connection rented from <see cref="ReadConnections"/>; disposing it gives it back.</summary>
public sealed class ReadConnection : IAsyncDisposable
{
    private readonly ReadConnections _owner;
    private readonly Db _db;
    private readonly Dictionary<Sql, SqliteCommand>? _commands;
    private int _disposed;

    internal ReadConnection(ReadConnections owner, Db db, DbConnection connection, Dictionary<Sql, SqliteCommand>? commands)
    {
        _owner = owner;
        _db = db;
        Connection = connection;
        _commands = commands;
    }

    /// <summary>The open connection, for the statements that are not prepared (Dapper), reads only.</summary>
    public DbConnection Connection { get; }

    /// <summary>
    /// <paramref name="sql"/> compiled once on this SQLite connection, its parameters (the names of <paramref name="args"/>,
    /// always the same ones for one statement) bound to the values given; null on SQL Server, where the caller runs the
    /// statement through Dapper on <see cref="Connection"/>. The command belongs to the connection: not to be disposed.
    /// </summary>
    public DbCommand? Prepared(Sql sql, params ReadOnlySpan<(string Name, object? Value)> args)
    {
        if (_commands is null) return null;
        if (!_commands.TryGetValue(sql, out var command))
        {
            command = ((SqliteConnection)Connection).CreateCommand();
            command.CommandText = _db.Text(sql);
            foreach (var (name, _) in args) command.Parameters.Add(new SqliteParameter { ParameterName = name });
            command.Prepare();
            _commands[sql] = command;
        }
        for (var i = 0; i < args.Length; i++) command.Parameters[i].Value = args[i].Value ?? DBNull.Value;
        return command;
    }

    public async ValueTask DisposeAsync()
    {
        // Given back once only: twice would hand one connection to two requests.
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        if (_commands is null) await Connection.DisposeAsync();
        else _owner.Return((SqliteConnection)Connection, _commands);
    }
}

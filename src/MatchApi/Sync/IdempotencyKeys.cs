using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using MatchApi.Data;

namespace MatchApi.Sync;

/// <summary>
/// The <c>Idempotency-Key</c> header of the sync routes. The first request with a key stores its
/// answer together with a SHA-256 hash of method, path, query and body; a retry with the same key
/// and the same request gets that answer and writes nothing, the same key with another request is
/// 422. Keys are per tenant and expire after 24 hours.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    /// <summary>Why the key cannot be used, or null when it can: 1 to 200 visible ASCII characters (a UUID or a file's SHA-256 fits).</summary>
    public static string? Check(string key) =>
        key.Length is >= 1 and <= 200 && key.All(c => c is >= '!' and <= '~')
            ? null
            : $"{Header} must be 1 to 200 visible ASCII characters, e.g. a UUID or the SHA-256 of the file.";

    /// <summary>A hash that the request's body is appended to as it is read; the request line goes first.</summary>
    public static IncrementalHash StartHash(HttpRequest request)
    {
        var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.PathBase}{request.Path}\n{request.QueryString}\n"));
        return hash;
    }

    public static async Task<StoredResponse?> FindAsync(Db db, DbConnection connection, DbTransaction? tx, long tenantId, string key,
        DateTimeOffset now, CancellationToken ct) =>
        await connection.QuerySingleOrDefaultAsync<StoredResponse>(db, Sqls.Find,
            new { TenantId = tenantId, Key = key, Expired = now - Lifetime }, tx, ct);

    /// <summary>Stores the answer in the transaction of the write it describes, so that either both or neither are kept.</summary>
    public static async Task SaveAsync(Db db, DbConnection connection, DbTransaction tx, long tenantId, string key, string requestHash,
        int statusCode, string responseJson, DateTimeOffset now, CancellationToken ct)
    {
        // An expired key may be used again; the tenant's expired keys go at the same time.
        await connection.ExecuteAsync(db, Sqls.DeleteExpired,
            new { TenantId = tenantId, Expired = now - Lifetime }, tx, ct);
        await connection.ExecuteAsync(db, Sqls.Insert, new
        {
            TenantId = tenantId,
            Key = key,
            RequestHash = requestHash,
            StatusCode = statusCode,
            ResponseJson = responseJson,
            Now = now,
        }, tx, ct);
    }

    public sealed class StoredResponse
    {
        public string RequestHash { get; init; } = "";
        public int StatusCode { get; init; }
        public string ResponseJson { get; init; } = "";
    }

    private static class Sqls
    {
        public static readonly Sql Find = new("""
            SELECT request_hash AS RequestHash, status_code AS StatusCode, response_json AS ResponseJson
            FROM idempotency_keys
            WHERE tenant_id = @TenantId AND idem_key = @Key AND created_at >= @Expired;
            """);

        public static readonly Sql DeleteExpired = new(
            "DELETE FROM idempotency_keys WHERE tenant_id = @TenantId AND created_at < @Expired;");

        public static readonly Sql Insert = new("""
            INSERT INTO idempotency_keys (tenant_id, idem_key, request_hash, status_code, response_json, created_at)
            VALUES (@TenantId, @Key, @RequestHash, @StatusCode, @ResponseJson, @Now);
            """);
    }
}

/// <summary>Passes a request body through while hashing it, so that the body is read once and never held whole.</summary>
public sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        var read = inner.Read(buffer, offset, count);
        hash.AppendData(buffer, offset, read);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        hash.AppendData(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Reads what the parser left (trailing blank lines) and returns the hash of everything, as lowercase hex.</summary>
    public async Task<string> FinishAsync(CancellationToken ct)
    {
        var scratch = new byte[16 * 1024];
        while (await ReadAsync(scratch, ct) > 0) { }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) hash.Dispose();
        base.Dispose(disposing);
    }
}

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MatchApi.Tests.Infrastructure;

/// <summary>Thrown into the HTTP exchange (the test's client sees it) when a response breaks the committed document.</summary>
public sealed class OpenApiViolationException(string message) : Exception(message);

/// <summary>
/// Records every response the test host sends and checks it against the committed openapi/v1.json
/// (<see cref="OpenApiContract"/>): undeclared status, body invalid against its schema, or a required header
/// missing fails the exchange at once, so the test that made the request fails on the first violation.
/// Installed by <see cref="MatchApiFactory"/> in front of the whole pipeline, for every suite and both databases.
/// </summary>
public sealed class ResponseValidation : IStartupFilter
{
    /// <summary>Every violation seen in this test run (the exchange itself has already failed).</summary>
    public static readonly ConcurrentQueue<string> Violations = new();

    private static long _checked;

    /// <summary>How many responses of documented operations were checked in this run.</summary>
    public static long Checked => Interlocked.Read(ref _checked);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (http, nextMiddleware) =>
        {
            var original = http.Response.Body;
            await using var tee = new TeeStream(original);
            http.Response.Body = tee;
            var method = http.Request.Method;
            try
            {
                await nextMiddleware(http);
            }
            finally
            {
                http.Response.Body = original;
            }
            if (http.GetEndpoint() is not RouteEndpoint endpoint || endpoint.RoutePattern.RawText is not { } pattern) return;
            var template = OpenApiContract.Template(pattern);
            var contract = OpenApiContract.Committed;
            if (!contract.HasOperation(method, template)) return;

            Interlocked.Increment(ref _checked);
            var headers = http.Response.Headers;
            var problems = contract.Check(method, template, http.Response.StatusCode, name => headers.ContainsKey(name),
                http.Response.ContentType, tee.Copy);
            if (problems.Count == 0) return;
            var message = $"{method} {http.Request.Path}{http.Request.QueryString} answered {http.Response.StatusCode}, "
                + $"which openapi/v1.json does not allow for {method} {template}: {string.Join(" | ", problems)}";
            Violations.Enqueue(message);
            throw new OpenApiViolationException(message);
        });
        next(app);
    };

    /// <summary>Passes writes through and keeps a copy (up to 32 MB) to check.</summary>
    private sealed class TeeStream(Stream inner) : Stream
    {
        private const int Limit = 32 * 1024 * 1024;
        private readonly MemoryStream _copy = new();

        public ReadOnlySpan<byte> Copy => _copy.GetBuffer().AsSpan(0, (int)_copy.Length);

        private void Keep(ReadOnlySpan<byte> data)
        {
            if (_copy.Length + data.Length <= Limit) _copy.Write(data);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        public override ValueTask DisposeAsync()
        {
            _copy.Dispose();
            return base.DisposeAsync();
        }
    }
}

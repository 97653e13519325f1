using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using MatchApi.Data;

namespace MatchApi.Tests.Security;

/// <summary>
/// Kestrel refuses some requests before the ASP.NET Core pipeline exists for them (docs/security.md, "the one exception"):
/// no middleware runs, so the answer has no body and none of the security headers. These tests pin that behaviour on a
/// real server, so that a Kestrel version that lets the pipeline see them (and a problem body become possible) is noticed.
/// </summary>
public sealed class KestrelRefusalTests : IAsyncLifetime
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"matchapi-kestrel-{Guid.NewGuid():N}.db");
    private Process? _server;
    private int _port;

    public async ValueTask InitializeAsync()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Program).Assembly.Location);
        foreach (var a in new[] { "Demo:Seed=false", "--environment", "Development", "--urls", "http://127.0.0.1:0" }) start.ArgumentList.Add(a);
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Database__SqlitePath"] = _database;
        start.Environment["Taxonomy__Fetch"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        _server = Process.Start(start)!;
        _ = _server.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        const string listening = "Now listening on: http://127.0.0.1:";
        string? line;
        while ((line = await _server.StandardOutput.ReadLineAsync(timeout.Token)) is not null)
        {
            var at = line.IndexOf(listening, StringComparison.Ordinal);
            if (at < 0) continue;
            _port = int.Parse(line[(at + listening.Length)..].Trim().TrimEnd('/'), System.Globalization.CultureInfo.InvariantCulture);
            break;
        }
        Assert.True(_port > 0, "the server did not start");
        _ = _server.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is { HasExited: false }) _server.Kill(entireProcessTree: true);
        if (_server is not null) await _server.WaitForExitAsync();
        _server?.Dispose();
        Db.DeleteSqliteFiles(_database);
    }

    /// <summary>Sends raw bytes (what HttpClient refuses to send) and returns the status line, the headers and the body.</summary>
    private async Task<(int Status, string Head, byte[] Body)> SendRawAsync(byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", _port, TestContext.Current.CancellationToken);
        var stream = client.GetStream();
        await stream.WriteAsync(request, TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var received = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        // Kestrel closes the connection after a refusal; a normal answer is read up to its Content-Length.
        while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, read);
            if (Complete(received.ToArray())) break;
        }
        var bytes = received.ToArray();
        var end = IndexOfHeadEnd(bytes);
        Assert.True(end > 0, $"no response head: {Encoding.ASCII.GetString(bytes)}");
        var head = Encoding.ASCII.GetString(bytes, 0, end);
        return (int.Parse(head.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture), head, bytes[(end + 4)..]);
    }

    private static int IndexOfHeadEnd(byte[] bytes) => bytes.AsSpan().IndexOf("\r\n\r\n"u8);

    private static bool Complete(byte[] bytes)
    {
        var end = IndexOfHeadEnd(bytes);
        if (end < 0) return false;
        var head = Encoding.ASCII.GetString(bytes, 0, end);
        var length = head.Split("\r\n").FirstOrDefault(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        return length is not null && bytes.Length - end - 4 >= int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static byte[] Get(string target, string extraHeader = "") =>
        [.. Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"), .. Encoding.Latin1.GetBytes(extraHeader), .. "\r\n"u8];

    public static TheoryData<string, int> Refusals => new()
    {
        { "url-over-8kb", 414 },
        { "nul-in-path", 400 },
        { "non-ascii-header-value", 400 },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task Kestrels_own_refusals_have_no_body_and_no_security_headers(string kind, int status)
    {
        var request = kind switch
        {
            "url-over-8kb" => Get("/v1/participants?q=" + new string('a', 9000)),
            "nul-in-path" => Get("/v1/participants/%00"),
            _ => Get("/v1/participants", "X-Note: Malm\u00f6\r\n"),
        };
        var (actual, head, body) = await SendRawAsync(request);
        Assert.Equal(status, actual);
        Assert.Empty(body);
        Assert.Contains("Content-Length: 0", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("X-Content-Type-Options", head, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("application/problem+json", head, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task On_the_same_server_a_request_the_pipeline_sees_gets_problem_json_and_the_security_headers()
    {
        var (status, head, body) = await SendRawAsync(Get("/no/such/page"));
        Assert.Equal(404, status);
        Assert.Contains("X-Content-Type-Options: nosniff", head, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("application/problem+json", head, StringComparison.OrdinalIgnoreCase);
        Assert.NotEmpty(body);
    }
}

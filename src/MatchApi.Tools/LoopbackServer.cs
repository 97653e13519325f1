using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MatchApi.Tools;

/// <summary>
/// An instance of the service (src/MatchApi), started as a child process on 127.0.0.1 over a given SQLite file,
/// for benchmarks that must go through the real HTTP pipeline (Kestrel and its limits, every middleware).
/// Disposing it stops that process.
/// </summary>
public sealed class LoopbackServer : IAsyncDisposable
{
    private readonly Process _process;

    private LoopbackServer(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>The service process's CPU time so far (user and system), to tell the service's work per request from the client's.</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public static async Task<LoopbackServer> StartAsync(string sqlitePath, CancellationToken ct)
    {
        var port = FreePort();
        // The service's assembly sits next to the tools' (a referenced executable is copied with its runtime config): run it
        // through the dotnet host that runs the tools, or through its own launcher when the tools run through theirs.
        var service = typeof(Program).Assembly.Location;
        var host = Environment.ProcessPath!;
        if (Path.GetFileNameWithoutExtension(host) != "dotnet") host = Path.ChangeExtension(service, OperatingSystem.IsWindows() ? ".exe" : null);
        var start = new ProcessStartInfo(host) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(service);
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Database__SqlitePath"] = sqlitePath;
        start.Environment["Demo__Seed"] = "false";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        // A benchmark is one caller sending as fast as it can: it sets its own limit instead of meeting 429.
        start.Environment["RateLimiting__PermitsPerMinute"] = int.MaxValue.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the service.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine($"[server] {e.Data}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new LoopbackServer(process, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await server.WaitUntilLiveAsync(ct);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
    }

    private async Task WaitUntilLiveAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"The service exited with code {_process.ExitCode} before it answered.");
            try
            {
                if ((await http.GetAsync("/health/live", ct)).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Listening but slow to answer its first request (a busy machine): ask again until the deadline.
            }
            await Task.Delay(200, ct);
        }
        throw new TimeoutException("The service did not answer /health/live within 60 seconds.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

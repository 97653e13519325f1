using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MatchApi.Tests.Infrastructure;

/// <summary>
/// A logger provider that keeps every entry an app writes: its category, event id and level, and a text with the
/// message, its structured values, the exception and the scopes around it (what a log sink could receive). Used by
/// the tests that check what is logged (security events, no personal data) and why an app failed to start.
/// </summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public IReadOnlyList<string> Texts() => [.. Entries.Select(e => e.Text)];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() { }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => capture._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var parts = new List<string> { $"{category}: {formatter(state, exception)}" };
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
                parts.AddRange(values.Select(v => $"{v.Key}={v.Value}"));
            if (exception is not null) parts.Add(exception.ToString());
            capture._scopes.ForEachScope((scope, list) =>
            {
                list.Add($"scope {scope}");
                if (scope is IEnumerable<KeyValuePair<string, object?>> scopeValues)
                    list.AddRange(scopeValues.Select(v => $"scope {v.Key}={v.Value}"));
            }, parts);
            capture.Entries.Enqueue(new LogEntry(category, eventId.Id, logLevel, string.Join(" | ", parts)));
        }
    }
}

public sealed record LogEntry(string Category, int EventId, LogLevel Level, string Text);

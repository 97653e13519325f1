using MatchApi.Tests.Infrastructure;
using MatchApi.Tests.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace MatchApi.Tests.Hosting;

/// <summary>
/// Every options type is bound and validated the same way (AddOptions, BindConfiguration, Validate, ValidateOnStart):
/// a value out of range stops the app at start with a message naming its section, instead of failing on the first request.
/// </summary>
public sealed class InvalidSettingsTests(SqliteApiFactory api)
{
    [Theory]
    [InlineData("Database:CommandTimeoutSeconds", "0", "Database:")]
    [InlineData("Database:BusyTimeoutSeconds", "-1", "Database:")]
    [InlineData("Database:SqlitePath", " ", "Database:")]
    [InlineData("Matching:WarmOnStart", "sometimes", "Matching:WarmOnStart")]
    [InlineData("Authentication:Lockout:MaxFailedAttempts", "0", "Authentication:Lockout:")]
    [InlineData("Authentication:Lockout:Duration", "00:00:00", "Authentication:Lockout:")]
    [InlineData("Authentication:ApiKeyCache:Seconds", "-5", "Authentication:ApiKeyCache:")]
    [InlineData("Authentication:ApiKeyCache:MaxEntries", "-1", "Authentication:ApiKeyCache:")]
    [InlineData("Authentication:Cookie:IdleTimeout", "00:00:00", "Authentication:Cookie:")]
    [InlineData("Authentication:Jwt:Audience", "", "Authentication:Jwt:Audience")]
    [InlineData("Authentication:Jwt:SigningKey", "shorter than 32 bytes", "Authentication:Jwt:SigningKey")]
    [InlineData("Authentication:Oidc:Authority", "https://idp.test.example", "Authentication:Oidc:ClientId")]
    [InlineData("RateLimiting:PermitsPerMinute", "0", "RateLimiting:")]
    [InlineData("RateLimiting:AnonymousPermitsPerMinute", "-3", "RateLimiting:")]
    [InlineData("RequestLimits:MaxBodyBytes", "0", "RequestLimits:")]
    [InlineData("RequestLimits:TimeoutSeconds", "0", "RequestLimits:")]
    [InlineData("Taxonomy:Timeout", "00:00:00", "Taxonomy:")]
    [InlineData("JobStream:Url", "not a url", "JobStream:")]
    [InlineData("Caseload:RecentContactDays", "0", "Caseload:")]
    [InlineData("Reports:SelfSupport:AimLow", "0.9", "Reports:SelfSupport")]
    public void A_setting_out_of_range_stops_the_app_at_start_naming_its_section(string key, string value, string section)
    {
        var logs = new LogCapture();
        using var broken = api.WithSettings([new(key, value)], b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());
        // The host logs why it did not start. WebApplicationFactory sometimes throws an ObjectDisposedException
        // of the already disposed host instead of that reason (dotnet/aspnetcore#38335, dotnet/extensions#4873),
        // so the reason is looked for in both.
        var reasons = logs.Entries.Where(e => e.Level >= LogLevel.Error).Select(e => e.Text).Prepend(error.ToString()).ToList();
        Assert.True(reasons.Any(r => r.Contains(section, StringComparison.Ordinal)), string.Join(Environment.NewLine, reasons));
    }

    [Fact]
    public void The_settings_as_shipped_start_the_app()
    {
        using var app = api.WithSettings([]);
        using var client = app.CreateClient();
        Assert.NotNull(client.BaseAddress);
    }
}

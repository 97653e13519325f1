using System.Reflection;
using MatchApi.Data;

namespace MatchApi.Hosting;

public static class Startup
{
    /// <summary>True when the build-time OpenAPI generator runs the app only to read its endpoints.</summary>
    public static bool IsGeneratingDocument =>
        Assembly.GetEntryAssembly()?.GetName().Name == "GetDocument.Insider";

    /// <summary>Applies migrations (unless switched off) and, in Development on SQLite, creates the demo tenant.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        if (IsGeneratingDocument) return;
        var db = app.Services.GetRequiredService<Db>();
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MatchApi.Startup");
        if (options.MigrateOnStartup)
            await Migrations.ApplyAsync(db, logger);
        if (app.Configuration.GetValue<bool>("Demo:Seed") && db.Provider == DatabaseProvider.Sqlite)
            await Demo.DemoData.EnsureAsync(app);
    }
}

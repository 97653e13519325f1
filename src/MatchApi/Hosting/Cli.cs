using MatchApi.Data;
using MatchApi.Security;
using MatchApi.Tenants;

namespace MatchApi.Hosting;

/// <summary>
/// Administrative commands of the same executable:
/// <c>migrate</c>, <c>create-tenant --name … --municipality 1480</c>,
/// <c>create-api-key --tenant … --name … --scopes a,b [--expires 2027-06-30]</c>,
/// <c>create-account --tenant … --username … [--password …] --role coach|teamLead|admin [--coach-id N]</c>
/// (without --password the password is read from standard input, which keeps it out of shell history),
/// and JobTech's imports (see <see cref="JobTech.JobTechCli"/>). Benchmarks are commands of MatchApi.Tools, apart from the service.
/// </summary>
public static class Cli
{
    private static readonly string[] Commands = ["migrate", "create-tenant", "create-api-key", "create-account"];

    public static bool IsCommand(string[] args) => args.Length > 0 && (Commands.Contains(args[0]) || JobTech.JobTechCli.Commands.Contains(args[0]));

    /// <summary>
    /// True when the first argument is a word that is no command. ASP.NET Core reads only <c>--key value</c>, <c>-k value</c>,
    /// <c>/key value</c> and <c>key=value</c> (e.g. <c>--urls</c>, <c>--environment</c>) and ignores a bare word, so a bare first
    /// word can only be a mistyped command: refused, rather than starting the server as if nothing had been asked.
    /// </summary>
    public static bool IsUnknownCommand(string[] args) =>
        args.Length > 0 && !IsCommand(args) && args[0] is not "" && args[0][0] is not ('-' or '/') && !args[0].Contains('=');

    /// <summary>Names the unknown command and lists the known ones on standard error; exit code 2.</summary>
    public static int RefuseUnknownCommand(string command) =>
        Fail($"Unknown command '{command}'. Commands: {string.Join(", ", Commands.Concat(JobTech.JobTechCli.Commands))}. "
            + "Without a command (or with only settings such as --urls or --environment) the server starts. "
            + "Benchmarks are commands of the tools: dotnet run -c Release --project src/MatchApi.Tools.");

    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var db = app.Services.GetRequiredService<Db>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MatchApi.Cli");
        var clock = app.Services.GetRequiredService<TimeProvider>();
        var options = ParseOptions(args.Skip(1).ToArray());
        try
        {
            if (JobTech.JobTechCli.Commands.Contains(args[0])) return await JobTech.JobTechCli.RunAsync(app, args[0], options, logger);
            switch (args[0])
            {
                case "migrate":
                    var result = await Migrations.ApplyAsync(db, logger);
                    Console.WriteLine(result.Applied.Count == 0
                        ? "The database is up to date."
                        : $"Applied {result.Applied.Count} script(s): {string.Join(", ", result.Applied)}");
                    return 0;

                case "create-tenant":
                {
                    await Migrations.ApplyAsync(db, logger);
                    var name = Required(options, "name");
                    var municipality = Required(options, "municipality");
                    if (!await Tenants.Tenants.MunicipalityExistsAsync(db, municipality, default))
                        return Fail($"Unknown municipality code '{municipality}' (4 digits, e.g. 1480 for Göteborg).");
                    if (await Tenants.Tenants.FindAsync(db, name, default) is not null)
                        return Fail($"A tenant named '{name}' exists already.");
                    var tenant = await Tenants.Tenants.CreateAsync(db, name, municipality, clock.GetUtcNow(), default);
                    Console.WriteLine($"Created tenant {tenant.Id} '{tenant.Name}' ({tenant.MunicipalityCode}).");
                    return 0;
                }

                case "create-api-key":
                {
                    await Migrations.ApplyAsync(db, logger);
                    var tenant = await Tenants.Tenants.FindAsync(db, Required(options, "tenant"), default);
                    if (tenant is null) return Fail($"No tenant '{options["tenant"]}'. Create it first with create-tenant.");
                    var scopes = Required(options, "scopes").Split(',', ' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                    var unknown = scopes.Except(Scopes.All).ToArray();
                    if (unknown.Length > 0 || scopes.Length == 0)
                        return Fail($"Unknown scope(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", Scopes.All)}.");
                    DateTimeOffset? expires = null;
                    if (options.TryGetValue("expires", out var e))
                    {
                        if (!DateOnly.TryParse(e, System.Globalization.CultureInfo.InvariantCulture, out var day))
                            return Fail("--expires must be a date, e.g. 2027-06-30.");
                        expires = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                    }
                    var key = ApiKeys.Generate();
                    var id = await ApiKeys.CreateAsync(db, tenant.Id, Required(options, "name"), scopes, key, expires, default);
                    Console.WriteLine($"Created API key {id} for tenant '{tenant.Name}' with scopes {string.Join(' ', scopes)}.");
                    Console.WriteLine("Store it now; it is not shown again:");
                    Console.WriteLine(key);
                    return 0;
                }

                case "create-account":
                {
                    await Migrations.ApplyAsync(db, logger);
                    var tenant = await Tenants.Tenants.FindAsync(db, Required(options, "tenant"), default);
                    if (tenant is null) return Fail($"No tenant '{options["tenant"]}'. Create it first with create-tenant.");
                    var username = Required(options, "username");
                    if (!System.Text.RegularExpressions.Regex.IsMatch(username, Accounts.UsernamePattern))
                        return Fail("--username must be 3 to 100 letters, digits and . _ @ -, starting with a letter or digit.");
                    if (!Roles.TryParse(Required(options, "role"), out var role))
                        return Fail("--role must be coach, teamLead or admin.");
                    var password = options.TryGetValue("password", out var p) ? p : Console.In.ReadLine() ?? "";
                    if (password.Length is < Accounts.MinPasswordLength or > Accounts.MaxPasswordLength)
                        return Fail($"The password must be {Accounts.MinPasswordLength} to {Accounts.MaxPasswordLength} characters.");
                    long? coachId = null;
                    if (options.TryGetValue("coach-id", out var c))
                    {
                        if (!long.TryParse(c, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed)
                            || !await TenantRows.CoachExistsAsync(db, parsed, tenant.Id, default))
                            return Fail($"No coach with id '{c}' in tenant '{tenant.Name}'.");
                        coachId = parsed;
                    }
                    var id = await Accounts.CreateAsync(db, tenant.Id, username, password, role, coachId, clock.GetUtcNow(), default);
                    if (id is null) return Fail($"The username '{Accounts.Normalize(username)}' is taken (usernames are unique across all tenants).");
                    Console.WriteLine($"Created account {id} '{Accounts.Normalize(username)}' ({Roles.Name(role)}) for tenant '{tenant.Name}'.");
                    return 0;
                }
            }
        }
        catch (ArgumentException ex)
        {
            return Fail(ex.Message);
        }
        return Fail($"Unknown command '{args[0]}'.");
    }

    internal static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return 2;
    }

    internal static string Required(Dictionary<string, string> options, string name) =>
        options.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new ArgumentException($"--{name} is required.");

    internal static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            var name = args[i][2..];
            var eq = name.IndexOf('=');
            if (eq > 0) options[name[..eq]] = name[(eq + 1)..];
            else if (i + 1 < args.Length) options[name] = args[++i];
            else throw new ArgumentException($"--{name} needs a value.");
        }
        return options;
    }
}

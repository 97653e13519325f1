using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Dapper;
using MatchApi.Data;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace MatchApi.Tests.Security;

/// <summary>Helpers shared by the security suites: app variants with other settings, and a participant with data to protect.</summary>
public static class SecurityKit
{
    /// <summary>
    /// A second app on the same database with extra settings. It leaves the schema alone: the shared
    /// app has migrated it already.
    /// </summary>
    public static WebApplicationFactory<Program> WithSettings(this MatchApiFactory api, IEnumerable<KeyValuePair<string, string>> settings,
        Action<IWebHostBuilder>? configure = null)
    {
        api.EnsureUsable();
        _ = api.Services;
        return api.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Database:MigrateOnStartup", "false");
            foreach (var (key, value) in settings) builder.UseSetting(key, value);
            configure?.Invoke(builder);
        });
    }

    /// <summary>A client of <paramref name="factory"/> with a new key of the tenant; returns the key too.</summary>
    public static async Task<(HttpClient Client, string Key)> KeyClientAsync(this WebApplicationFactory<Program> factory, MatchApiFactory api,
        long tenantId, params string[] scopes)
    {
        var key = ApiKeys.Generate();
        await ApiKeys.CreateAsync(api.Db, tenantId, "security test key", scopes.Length == 0 ? Scopes.All : scopes, key, null, default);
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeys.Header, key);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return (client, key);
    }

    public static JsonObject Goals(string ownWords, params long[] avoidEmployerIds) => new()
    {
        ["ownWords"] = ownWords,
        ["desiredOccupations"] = new JsonArray("9412", "5120"),
        ["acceptableMunicipalities"] = new JsonArray("1480"),
        ["maxTravelKm"] = 25,
        ["schedules"] = new JsonArray("day"),
        ["employmentForms"] = new JsonArray("permanent"),
        ["jobTypes"] = new JsonArray("competitive"),
        ["avoid"] = new JsonObject
        {
            ["occupations"] = new JsonArray(),
            ["industries"] = new JsonArray(),
            ["employerIds"] = new JsonArray(avoidEmployerIds.Select(id => (JsonNode)id).ToArray()),
        },
    };

    public static object Contact(long coachId, long? participantId = null, string? note = null, string? purpose = null, string? outcome = null) => new
    {
        coachId,
        contactedAt = DateTimeOffset.UtcNow.AddDays(-1),
        kind = "faceToFace",
        participantId,
        note,
        purpose,
        outcome,
    };

    /// <summary>
    /// Every column of every table of the app's database whose text contains <paramref name="needle"/>,
    /// as "table.column". The tables and columns are read from the database itself, so tables added
    /// later are searched too.
    /// </summary>
    public static async Task<IReadOnlyList<string>> FindTextAsync(Db db, string needle)
    {
        var hits = new List<string>();
        if (db.Provider == DatabaseProvider.Sqlite)
        {
            // Both files of a SQLite database: the main one and the audit log's.
            foreach (var open in new Func<CancellationToken, Task<System.Data.Common.DbConnection>>[] { db.OpenAsync, db.OpenAuditAsync })
            {
                await using var file = await open(default);
                var tables = await file.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%';");
                foreach (var table in tables)
                    foreach (var column in await file.QueryAsync<string>("SELECT name FROM pragma_table_info(@Table);", new { Table = table }))
                    {
                        // Every column, whatever its declared type: SQLite stores text in any column.
                        var sql = $"SELECT COUNT(1) FROM \"{table}\" WHERE instr(CAST(\"{column}\" AS TEXT), @Needle) > 0;";
                        if (await file.ExecuteScalarAsync<long>(sql, new { Needle = needle }) > 0) hits.Add($"{table}.{column}");
                    }
            }
            return hits;
        }
        await using var connection = await db.OpenAsync(default);
        var columns = await connection.QueryAsync<TableColumn>("""
            SELECT c.TABLE_NAME AS [Table], c.COLUMN_NAME AS [Column] FROM INFORMATION_SCHEMA.COLUMNS c
            JOIN INFORMATION_SCHEMA.TABLES t ON t.TABLE_SCHEMA = c.TABLE_SCHEMA AND t.TABLE_NAME = c.TABLE_NAME
            WHERE t.TABLE_TYPE = 'BASE TABLE' AND c.TABLE_SCHEMA = 'dbo'
              AND c.DATA_TYPE IN ('nvarchar', 'varchar', 'nchar', 'char', 'ntext', 'text');
            """);
        foreach (var (table, column) in columns.Select(c => (c.Table, c.Column)))
        {
            var sql = $"SELECT COUNT(1) FROM dbo.[{table}] WHERE CHARINDEX(@Needle, CAST([{column}] AS nvarchar(max))) > 0;";
            if (await connection.ExecuteScalarAsync<long>(sql, new { Needle = needle }) > 0) hits.Add($"{table}.{column}");
        }
        return hits;
    }
}

internal sealed class TableColumn
{
    public string Table { get; init; } = "";
    public string Column { get; init; } = "";
}

/// <summary>
/// A participant with everything personal MatchApi can hold about them, each text carrying a unique
/// marker: case reference, own words, and a contact whose purpose, outcome and note are about them.
/// </summary>
public sealed record PersonalData(TenantClient Tenant, long ParticipantId, long CoachId, long EmployerId, long ContactId,
    string ExternalRef, string OwnWords, string Note, string Purpose, string Outcome, string CallingName, long NextStepId, string NextStep)
{
    public IEnumerable<string> Texts => [ExternalRef, OwnWords, Note, Purpose, Outcome, CallingName, NextStep];

    /// <summary>
    /// A unique marker of letters only: a run of ten digits in a random hex string can read as a valid personal identity
    /// number (a date and its check digit), which the API refuses to store, and a test then fails once in a few hundred runs.
    /// </summary>
    public static string Marker(int length = 12) =>
        string.Concat(Guid.NewGuid().ToString("N")[..length].Select(c => char.IsDigit(c) ? (char)('g' + c - '0') : c));

    public static async Task<PersonalData> CreateAsync(TenantClient tenant)
    {
        var marker = Marker();
        var externalRef = $"IPS-{marker}";
        var ownWords = $"Jag vill jobba med djur {marker}-ownwords";
        var note = $"Pratade om arbetstider {marker}-note";
        var purpose = $"Presentera kandidat {marker}-purpose";
        var outcome = $"Arbetsprövning bokad {marker}-outcome";
        var callingName = "Kim" + marker;
        var nextStep = $"Ring tillbaka på måndag {marker}-nextstep";

        var coachId = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Anna Lindqvist" });
        var employerId = await tenant.Http.CreateAsync("/v1/employers", new { name = "Djurkliniken Väst" });
        var participantId = await tenant.Http.CreateAsync("/v1/participants", new { externalRef, coachId, enrolmentDate = "2024-03-15", callingName });
        var goals = await tenant.Http.PutJsonAsync($"/v1/participants/{participantId}/goals", SecurityKit.Goals(ownWords, employerId));
        goals.EnsureSuccessStatusCode();
        var contactId = await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts",
            SecurityKit.Contact(coachId, participantId, note, purpose, outcome));
        var nextStepId = await tenant.Http.CreateAsync($"/v1/participants/{participantId}/next-steps",
            new { what = nextStep, dueOn = "2024-04-01", coachId });
        return new PersonalData(tenant, participantId, coachId, employerId, contactId, externalRef, ownWords, note, purpose, outcome,
            callingName, nextStepId, nextStep);
    }
}

using MatchApi.Audit;
using MatchApi.Coaches;
using MatchApi.Common;
using MatchApi.Employers;
using MatchApi.Health;
using MatchApi.Hosting;
using MatchApi.JobTech;
using MatchApi.Matching;
using MatchApi.NextSteps;
using MatchApi.Openings;
using MatchApi.Participants;
using MatchApi.Placements;
using MatchApi.Reference;
using MatchApi.Reports;
using MatchApi.Security;
using MatchApi.Sync;
using MatchApi.WebClient;
using Scalar.AspNetCore;

// A mistyped command is refused with the list of commands (exit code 2) instead of starting the server
if (Cli.IsUnknownCommand(args)) return Cli.RefuseUnknownCommand(args[0]);

var builder = WebApplication.CreateBuilder(args);

// Services: data, JSON, errors and validation, security and abuse limits, documentation, health, reports, matching, JobTech, caseload, telemetry
builder.Services.AddMatchApiData(builder.Environment);
builder.Services.AddMatchApiJson();
builder.Services.AddMatchApiProblems();
builder.Services.AddMatchApiSecurity(builder.Configuration, builder.Environment);
builder.Services.AddMatchApiSecurityHeaders();
builder.Services.AddMatchApiAbuseLimits();
builder.Services.AddMatchApiOpenApi();
builder.Services.AddMatchApiHealth();
builder.Services.AddMatchApiReports();
builder.Services.AddMatching(builder.Configuration);
builder.Services.AddJobTech();
builder.Services.AddCaseload();
builder.Services.AddMatchApiTelemetry(builder.Configuration);

var app = builder.Build();

// Administrative commands (migrate, create-tenant, create-api-key, create-account) run instead of the server
if (Cli.IsCommand(args)) return await Cli.RunAsync(app, args);

// Middleware: HEAD and If-None-Match before routing (HEAD finds GET routes); headers first so that every answer carries them;
// limits and audit need to know the caller
app.UseConditionalRequests();
app.UseRouting();
app.UseSecurityHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseUtf8RequestBodies();
app.UseAuthentication();
app.UseMatchApiAbuseLimits();
app.UseCookieAntiforgery();
app.UseAuditLog();
app.UseNameLanguage();
app.UseAuthorization();

// Open endpoints: health, the OpenAPI document and its docs UI
app.MapHealth();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapScalarApiReference(SecurityHeaders.DocsPath, o => o.WithTitle("MatchApi").WithOpenApiRoutePattern("/openapi/{documentName}.json")
    .DisableDefaultFonts());

// Sign-in for the web client, and the client itself (static files at /app/; its API calls use the session cookie)
app.MapAuth();
app.MapWebClient();

// API (every /v1 route requires an API key, a bearer token or a session cookie)
app.MapApiKeys();
app.MapAccounts();
app.MapCoaches();
app.MapCaseload();
app.MapEmployers();
app.MapContacts();
app.MapReference();
app.MapOpenings();
app.MapParticipants();
app.MapParticipantGoals();
app.MapPlacements();
app.MapNextSteps();
app.MapReports();
app.MapMatching();
app.MapParticipantAudit();
app.MapEmployerSync();
app.MapOpeningSync();
app.MapJobTech();

await app.PrepareDatabaseAsync();
await app.RunAsync();
return 0;

public partial class Program;

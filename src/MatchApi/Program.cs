using MatchApi.Coaches;
using MatchApi.Employers;
using MatchApi.Health;
using MatchApi.Hosting;
using MatchApi.Reference;
using MatchApi.Openings;
using MatchApi.Participants;
using MatchApi.Sync;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

// Services: data, JSON, errors and validation, security, documentation, health
builder.Services.AddMatchApiData(builder.Environment);
builder.Services.AddMatchApiJson();
builder.Services.AddMatchApiProblems();
builder.Services.AddMatchApiSecurity();
builder.Services.AddMatchApiOpenApi();
builder.Services.AddMatchApiHealth();
builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = 1024 * 1024);

var app = builder.Build();

// Administrative commands (migrate, create-tenant, create-api-key) run instead of the server
if (Cli.IsCommand(args)) return await Cli.RunAsync(app, args);

// Middleware
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();

// Open endpoints: health, the OpenAPI document and its docs UI
app.MapHealth();
app.MapOpenApi("/openapi/{documentName}.json");
app.MapScalarApiReference("/docs", o => o.WithTitle("MatchApi").WithOpenApiRoutePattern("/openapi/{documentName}.json"));

// API (every /v1 route requires an API key)
app.MapCoaches();
app.MapEmployers();
app.MapContacts();
app.MapReference();
app.MapOpenings();
app.MapParticipants();
app.MapParticipantGoals();
app.MapEmployerSync();
app.MapOpeningSync();

await app.PrepareDatabaseAsync();
await app.RunAsync();
return 0;

public partial class Program;

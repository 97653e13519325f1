using System.ComponentModel;
using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using Dapper;
using FluentValidation;
using MatchApi.Common;
using MatchApi.Data;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MatchApi.Security;

/// <summary>A username and password, posted as JSON or as an HTML form (fields <c>username</c>, <c>password</c>).</summary>
public sealed record LoginRequest(
    [property: Description("The account's username (case does not matter).")] string Username,
    [property: Description("The account's password.")] string Password)
{
    // Binds JSON (with the API's strict options) and form posts alike, without the form binding that would attach the framework's own antiforgery check.
    public static async ValueTask<LoginRequest?> BindAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(http.RequestAborted);
                return new LoginRequest(form["username"].ToString(), form["password"].ToString());
            }
            // A bad boundary or a truncated section is the caller's malformed body, not a fault (a hang-up is left alone).
            catch (Exception ex) when (ex is InvalidDataException or IOException && !http.RequestAborted.IsCancellationRequested)
            {
                throw new BadHttpRequestException("The form body is malformed: " + ex.Message, ex);
            }
        }
        if (!request.HasJsonContentType())
            throw new BadHttpRequestException("Send the sign-in as application/json or as a form.", StatusCodes.Status415UnsupportedMediaType);
        var options = http.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        try
        {
            return await request.ReadFromJsonAsync<LoginRequest>(options, http.RequestAborted)
                ?? throw new BadHttpRequestException("The body is empty.");
        }
        catch (JsonException ex)
        {
            throw new BadHttpRequestException("Failed to read the sign-in from the request body as JSON.", ex);
        }
    }
}

public sealed class LoginRequestValidator : AbstractValidator<LoginRequest>
{
    public LoginRequestValidator()
    {
        RuleFor(x => x.Username).NotEmpty().MaximumLength(100);
        RuleFor(x => x.Password).NotEmpty().MaximumLength(Accounts.MaxPasswordLength);
    }
}

/// <summary>How the caller proved who it is.</summary>
public enum CallerKind { ApiKey, Account, Bearer, OpenIdConnect }

/// <summary>Who is calling: enough for the web client to greet the user and show what they may do.</summary>
public sealed record MeDto(
    [property: Description("How the caller signed in.")] CallerKind Kind,
    [property: Description("The account's username, or the name the identity provider gave; null for API keys.")] string? Username,
    [property: Description("coach, teamLead or admin; null for API keys.")] Role? Role,
    [property: Description("The caller's coach record (GET /v1/coaches/{id}), when linked.")] long? CoachId,
    [property: Description("The name of the caller's organisation.")] string Tenant,
    [property: Description("What the caller may do.")] IReadOnlyList<string> Scopes);

/// <summary>The antiforgery token for cookie-authenticated state changes.</summary>
public sealed record AntiforgeryTokenDto(
    [property: Description("Send this value in the header named below.")] string Token,
    [property: Description("The header to send it in.")] string HeaderName);

public static class AuthApi
{
    public static RouteGroupBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/auth").WithTags("Sign-in").WithValidation();

        group.MapPost("/login", Login).WithName("SignIn").WithSummary("Sign in with username and password; sets the session cookie")
            .Accepts<LoginRequest>("application/json", "application/x-www-form-urlencoded")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .AllowAnonymous();
        // Cast, or the HttpContext-only handler would bind as a RequestDelegate and its result would be dropped.
        group.MapPost("/logout", (Delegate)Logout).WithName("SignOut").WithSummary("End the session (clears the session cookie)")
            .AllowAnonymous();
        group.MapGet("/me", Me).WithName("GetCurrentCaller").WithSummary("Who is calling: name, role, coach, organisation and scopes")
            .RequireAuthorization();
        group.MapGet("/antiforgery", Antiforgery).WithName("GetAntiforgeryToken")
            .WithSummary("Get the token that cookie-authenticated POST, PUT, PATCH and DELETE requests must send in X-XSRF-TOKEN")
            .AllowAnonymous();
        group.MapGet("/oidc/login", OidcLogin).WithName("SignInWithOpenIdConnect")
            .WithSummary("Sign in through the organisation's identity provider (when configured)")
            .Produces(StatusCodes.Status302Found)
            .AllowAnonymous();
        return group;
    }

    public static async Task<Results<Ok<MeDto>, ValidationProblem, ProblemHttpResult>> Login(
        LoginRequest request, Db db, TimeProvider clock, IOptions<LockoutOptions> lockout, HttpContext http, ILoggerFactory loggers,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var result = await Accounts.SignInAsync(db, request.Username, request.Password, lockout.Value, now, ct);
        if (result.Status != SignInStatus.Succeeded) SecurityEvents.SignInRefused(loggers, http, request.Username, result.Status);
        switch (result.Status)
        {
            case SignInStatus.LockedOut:
                var seconds = Math.Max(1, (int)Math.Ceiling((result.LockedUntil!.Value - now).TotalSeconds));
                http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return TypedResults.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many failed sign-ins.",
                    detail: "Sign-in is paused for this account after repeated failures; try again after the time in Retry-After.");
            case SignInStatus.Failed:
                // The same answer for an unknown user, a wrong password and a disabled account.
                return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in failed.",
                    detail: "The username or password is not correct.");
        }

        var account = result.Account!;
        var principal = Principals.ForAccount(CookieSignIn.Scheme, account.Id, account.TenantId, account.Role, account.CoachId, account.Username);
        await http.SignInAsync(CookieSignIn.Scheme, principal, new AuthenticationProperties { IsPersistent = false });
        return TypedResults.Ok(await DescribeAsync(principal, db, ct));
    }

    public static async Task<NoContent> Logout(HttpContext http)
    {
        await http.SignOutAsync(CookieSignIn.Scheme);
        return TypedResults.NoContent();
    }

    public static async Task<Ok<MeDto>> Me(ClaimsPrincipal user, Db db, CancellationToken ct) =>
        TypedResults.Ok(await DescribeAsync(user, db, ct));

    public static Ok<AntiforgeryTokenDto> Antiforgery(IAntiforgery antiforgery, HttpContext http)
    {
        var tokens = antiforgery.GetAndStoreTokens(http);
        return TypedResults.Ok(new AntiforgeryTokenDto(tokens.RequestToken!, tokens.HeaderName ?? CookieAntiforgery.HeaderName));
    }

    public static Results<ChallengeHttpResult, NotFoundProblem> OidcLogin(
        [Description("Where in the web client to return after signing in (a path on this site, e.g. /participants).")] string? returnUrl,
        IOptions<OidcSettings> oidc)
    {
        if (!oidc.Value.Enabled)
            return new NotFoundProblem("Sign-in through an identity provider is not configured (Authentication:Oidc:Authority).");
        return TypedResults.Challenge(new AuthenticationProperties { RedirectUri = LocalPath(returnUrl) }, [OpenIdConnect.Scheme]);
    }

    /// <summary>Only paths on this site, so the sign-in cannot be used to bounce a user to another site ("//evil.example", "/\\evil.example").</summary>
    internal static string LocalPath(string? returnUrl) =>
        returnUrl is ['/', not '/' and not '\\', ..] or "/" && !returnUrl.Contains("://", StringComparison.Ordinal) ? returnUrl : "/";

    private static async Task<MeDto> DescribeAsync(ClaimsPrincipal user, Db db, CancellationToken ct)
    {
        await using var connection = await db.OpenAsync(ct);
        var tenant = await connection.QuerySingleAsync<string>(db, Sqls.TenantName,
            new { TenantId = user.TenantId() }, null, ct);
        var subject = user.FindFirstValue(ClaimNames.Subject);
        var kind = user.FindFirstValue(ClaimNames.KeyId) is not null ? CallerKind.ApiKey
            : user.AccountId() is not null ? CallerKind.Account
            : subject?.StartsWith("jwt:", StringComparison.Ordinal) == true ? CallerKind.Bearer
            : CallerKind.OpenIdConnect;
        return new MeDto(kind, user.FindFirstValue(ClaimNames.Name), user.Role(), user.CoachId(), tenant, user.Scopes());
    }

    private static class Sqls
    {
        public static readonly Sql TenantName = new("SELECT name FROM tenants WHERE id = @TenantId;");
    }
}

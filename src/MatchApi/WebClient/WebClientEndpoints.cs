using System.Globalization;
using MatchApi.Common;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace MatchApi.WebClient;

/// <summary>
/// The coaches' web client: plain HTML, CSS and JavaScript modules from <c>wwwroot/app</c>, served
/// at <c>/app/</c> with a strict Content-Security-Policy. Any path under <c>/app/</c> without a file
/// extension is a page of the client (a deep link) and gets <c>index.html</c>; the client routes itself.
/// </summary>
/// <remarks>
/// Served by one endpoint rather than the static-file middleware, so that the client is a single
/// line in Program.cs, its headers apply to every response under <c>/app</c> (404s included), and
/// nothing outside <c>wwwroot/app</c> is ever served. There is no build step: files are revalidated
/// with ETags instead of being fingerprinted.
/// </remarks>
public static class WebClientEndpoints
{
    public const string BasePath = "/app/";

    /// <summary>No inline script or style anywhere: everything comes from this origin's own files.</summary>
    public const string ContentSecurityPolicy = Security.SecurityHeaders.StrictContentSecurityPolicy;

    private const string Folder = "app";
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static RouteGroupBuilder MapWebClient(this IEndpointRouteBuilder app)
    {
        // HEAD too: link checkers and uptime monitors ask with HEAD, and 405 would read as "down".
        string[] getAndHead = [HttpMethods.Get, HttpMethods.Head];
        app.MapMethods("/", getAndHead, () => TypedResults.Redirect(BasePath)).ExcludeFromDescription();
        var group = app.MapGroup("/app").ExcludeFromDescription();
        group.MapMethods("/{**path}", getAndHead, Serve).WithName("WebClient");
        return group;
    }

    public static Results<PhysicalFileHttpResult, RedirectHttpResult, NotFoundProblem> Serve(
        string? path, IWebHostEnvironment environment, HttpContext http)
    {
        // Relative URLs in the pages resolve against /app/, so /app (no slash) must become /app/.
        if (!http.Request.Path.StartsWithSegments("/app", out var rest) || !rest.HasValue)
            return TypedResults.Redirect(BasePath);

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";

        var relative = string.IsNullOrEmpty(path) ? "index.html" : path;
        var file = environment.WebRootFileProvider.GetFileInfo($"{Folder}/{relative}");
        if (file is { Exists: true, IsDirectory: false, PhysicalPath: not null } && ContentTypes.TryGetContentType(relative, out var type))
            return File(file, type);

        // A path with an extension names a file that is not there; any other path is one of the client's pages.
        if (Path.HasExtension(relative))
            return new NotFoundProblem($"The web client has no file '{relative}'.");
        var index = environment.WebRootFileProvider.GetFileInfo($"{Folder}/index.html");
        return index is { Exists: true, PhysicalPath: not null }
            ? File(index, "text/html")
            : new NotFoundProblem("The web client is not installed (wwwroot/app/index.html is missing).");
    }

    private static PhysicalFileHttpResult File(Microsoft.Extensions.FileProviders.IFileInfo file, string contentType)
    {
        var tag = new EntityTagHeaderValue(string.Create(CultureInfo.InvariantCulture,
            $"\"{file.LastModified.UtcTicks:x}-{file.Length:x}\""));
        if (contentType.StartsWith("text/", StringComparison.Ordinal)) contentType += "; charset=utf-8";
        return TypedResults.PhysicalFile(file.PhysicalPath!, contentType, lastModified: file.LastModified, entityTag: tag);
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using MatchApi.Tests.Infrastructure;
using MatchApi.WebClient;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace MatchApi.Tests.WebClient;

/// <summary>How the web client's files are served; what the pages do is tested in MatchApi.BrowserTests.</summary>
public sealed class WebClientTests(SqliteApiFactory api)
{
    private string AppFolder => Path.Combine(api.Services.GetRequiredService<IWebHostEnvironment>().WebRootPath, "app");

    private HttpClient Client() => api.Browser();

    [Fact]
    public async Task The_site_root_redirects_to_the_web_client()
    {
        var response = await Client().GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/app/", response.Headers.Location!.OriginalString);

        var noSlash = await Client().GetAsync("/app");
        Assert.Equal(HttpStatusCode.Redirect, noSlash.StatusCode);
        Assert.Equal("/app/", noSlash.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Head_on_the_root_and_the_client_answers_like_get_without_a_body()
    {
        var root = await Client().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/"));
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/app/", root.Headers.Location!.OriginalString);

        var app = await Client().SendAsync(new HttpRequestMessage(HttpMethod.Head, "/app/"));
        Assert.Equal(HttpStatusCode.OK, app.StatusCode);
        Assert.Equal("text/html", app.Content.Headers.ContentType!.MediaType);
        Assert.Empty((await app.Content.ReadAsByteArrayAsync()));
    }

    [Fact]
    public async Task The_client_is_served_with_a_strict_content_security_policy()
    {
        var response = await Client().GetAsync("/app/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Equal(WebClientEndpoints.ContentSecurityPolicy, policy);
        Assert.DoesNotContain("unsafe", policy);
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("<script type=\"module\" src=\"/app/js/main.js\"></script>", (await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("/app/participants/12")]
    [InlineData("/app/participants/12/matches")]
    [InlineData("/app/employers")]
    [InlineData("/app/login")]
    public async Task Deep_links_get_the_client_page(string path)
    {
        var index = await (await Client().GetAsync("/app/")).Content.ReadAsStringAsync();
        var response = await Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
        Assert.Equal(index, (await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    [InlineData("/app/js/main.js", "text/javascript")]
    [InlineData("/app/js/pages/caseload.js", "text/javascript")]
    [InlineData("/app/app.css", "text/css")]
    [InlineData("/app/icon.svg", "image/svg+xml")]
    public async Task Files_are_served_with_their_content_type_and_revalidated_by_etag(string path, string type)
    {
        var response = await Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(type, response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.CacheControl!.NoCache);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);

        var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await Client().SendAsync(again)).StatusCode);
    }

    [Theory]
    [InlineData("/app/js/missing.js")]
    [InlineData("/app/%2e%2e/appsettings.json")]
    [InlineData("/app/..%2f..%2fMatchApi.csproj")]
    [InlineData("/app/..%5cappsettings.json")]
    public async Task Missing_files_and_paths_outside_the_client_are_not_found(string path)
    {
        var response = await Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("ConnectionStrings", (await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task A_missing_file_is_a_problem_response()
    {
        var response = await Client().GetAsync("/app/js/missing.js");
        var problem = await response.ReadProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains("js/missing.js", ((string)problem["detail"]!));
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task The_client_is_not_part_of_the_api_document()
    {
        var document = await (await api.Anonymous().GetAsync("/openapi/v1.json")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("\"/app", document);
        Assert.DoesNotContain("\"/\":", document);
    }

    [Fact]
    public void No_inline_script_style_or_event_handler_exists_in_the_client()
    {
        // The policy forbids them, so any would silently not work in the browser.
        foreach (var file in Directory.EnumerateFiles(AppFolder, "*.html", SearchOption.AllDirectories))
        {
            var html = File.ReadAllText(file);
            Assert.False(Regex.IsMatch(html, @"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase), $"{file} has an inline script");
            Assert.False(Regex.IsMatch(html, @"\sstyle\s*=", RegexOptions.IgnoreCase), $"{file} has a style attribute");
            Assert.False(Regex.IsMatch(html, @"<style", RegexOptions.IgnoreCase), $"{file} has a style element");
            Assert.False(Regex.IsMatch(html, @"\son[a-z]+\s*=", RegexOptions.IgnoreCase), $"{file} has an inline event handler");
            Assert.False(Regex.IsMatch(html, @"(src|href)=""(https?:)?//", RegexOptions.IgnoreCase), $"{file} loads from another site");
        }
        foreach (var file in Directory.EnumerateFiles(AppFolder, "*.js", SearchOption.AllDirectories))
        {
            var js = File.ReadAllText(file);
            Assert.False(js.Contains("innerHTML"), userMessage: $"{file} builds markup from strings");
            Assert.False(js.Contains("eval("), userMessage: file);
            Assert.False(js.Contains("new Function"), userMessage: file);
            Assert.False(Regex.IsMatch(js, @"setAttribute\(\s*'style'"), $"{file} sets a style attribute");
        }
    }

    [Fact]
    public void Every_imported_module_exists()
    {
        foreach (var file in Directory.EnumerateFiles(AppFolder, "*.js", SearchOption.AllDirectories))
        {
            foreach (Match import in Regex.Matches(File.ReadAllText(file), @"from '(\.[^']+)'"))
            {
                var target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, import.Groups[1].Value));
                Assert.True(File.Exists(target), $"{file} imports {import.Groups[1].Value}, which does not exist");
            }
        }
    }

    [Fact]
    public void Every_text_exists_in_swedish_and_english()
    {
        static HashSet<string> Keys(string text) =>
            Regex.Matches(text, @"^\s+'([\w.]+)':", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        // i18n.js holds the texts and merges those of strings-week.js (the coach's week): both are read the same way.
        var swedish = new HashSet<string>();
        var english = new HashSet<string>();
        foreach (var name in new[] { "i18n.js", "strings-week.js" })
        {
            var text = File.ReadAllText(Path.Combine(AppFolder, "js", name));
            var split = text.IndexOf("\n  en: {", StringComparison.Ordinal);
            Assert.True(split > 0, name);
            var end = text.IndexOf("\n};", split, StringComparison.Ordinal);
            swedish.UnionWith(Keys(text[..split]));
            english.UnionWith(Keys(text[split..end]));
        }

        // Validation messages are translated only into Swedish: in English the API's own text is shown.
        Assert.Empty(swedish.Where(k => !k.StartsWith("validation.", StringComparison.Ordinal)).Except(english));
        Assert.Empty(english.Except(swedish));

        foreach (var file in Directory.EnumerateFiles(AppFolder, "*.js", SearchOption.AllDirectories))
            foreach (Match used in Regex.Matches(File.ReadAllText(file), @"\bt\('([\w.]+)'"))
            {
                Assert.True(swedish.Contains(used.Groups[1].Value), $"{Path.GetFileName(file)} uses a text that does not exist");
            }
        // Counted texts (tn) need both forms.
        foreach (var file in Directory.EnumerateFiles(AppFolder, "*.js", SearchOption.AllDirectories))
            foreach (Match used in Regex.Matches(File.ReadAllText(file), @"\btn\('([\w.]+)'"))
            {
                Assert.True(swedish.Contains(used.Groups[1].Value + ".one"), $"{Path.GetFileName(file)} counts with a text that does not exist");
                Assert.True(swedish.Contains(used.Groups[1].Value + ".other"), $"{Path.GetFileName(file)} counts with a text that does not exist");
            }
    }
}

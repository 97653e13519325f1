using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MatchApi.Employers;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Sync;

public abstract class SyncTests(MatchApiFactory api)
{
    private const string SwedishHeader = "extern referens;namn;organisationsnummer;sektor;sni;kommun;latitud;longitud";

    static SyncTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static object Employer(string externalRef, string name, string? orgNumber = null, string? municipalityCode = "1480") =>
        new { externalRef, name, orgNumber, municipalityCode };

    private static HttpContent Csv(string text, Encoding? encoding = null, bool bom = false, string? charset = null)
    {
        encoding ??= new UTF8Encoding(false);
        var bytes = (bom ? encoding.GetPreamble() : []).Concat(encoding.GetBytes(text)).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv") { CharSet = charset };
        return content;
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string url, HttpContent content, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (idempotencyKey is not null) request.Headers.Add("Idempotency-Key", idempotencyKey);
        return http.SendAsync(request);
    }

    private static HttpContent Json(object body) => System.Net.Http.Json.JsonContent.Create(body, options: Http.Json);

    private static async Task<JsonObject> SyncAsync(HttpClient http, string url, HttpContent content, string? idempotencyKey = null) =>
        (await (await PostAsync(http, url, content, idempotencyKey)).ReadJsonAsync(HttpStatusCode.OK)).AsObject();

    private static void AssertCounts(JsonObject report, int created, int updated, int unchanged, int deactivated)
    {
        Assert.Equal(created, (int)report["created"]!);
        Assert.Equal(updated, (int)report["updated"]!);
        Assert.Equal(unchanged, (int)report["unchanged"]!);
        Assert.Equal(deactivated, (int)report["deactivated"]!);
    }

    private static async Task<List<JsonNode>> EmployersAsync(HttpClient http)
    {
        var list = await (await http.GetAsync("/v1/employers?pageSize=200")).ReadJsonAsync(HttpStatusCode.OK);
        return list["items"]!.AsArray().Select(i => i!).ToList();
    }

    private static async Task<JsonNode> EmployerByRefAsync(HttpClient http, string source, string externalRef) =>
        (await EmployersAsync(http)).Single(e => (string?)e["source"] == source && (string?)e["externalRef"] == externalRef);

    private static async Task<string?> ETagAsync(HttpClient http, string url) => (await http.GetAsync(url)).Headers.ETag?.Tag;

    // Organisation numbers of legal persons (third digit 6, so never a birth date) with a correct check digit.
    private static string OrgNumber(int n)
    {
        var nine = $"556{n:D6}";
        return $"{nine[..6]}-{nine[6..]}{OrganisationNumber.CheckDigit(nine)}";
    }

    [Fact]
    public async Task A_list_larger_than_the_default_body_limit_is_accepted_on_the_sync_route()
    {
        // About 1.5 MB: over the 1 MB default for other routes, well under the sync routes' own limit.
        var tenant = await api.NewTenantAsync();
        var list = Enumerable.Range(1, 12_000)
            .Select(i => Employer($"BIG{i:00000}", $"Arbetsgivare nummer {i} med ett ganska långt namn AB"))
            .ToArray();

        var report = await SyncAsync(tenant.Http, "/v1/employers/sync?source=big&dryRun=true", Json(list));
        AssertCounts(report, 12_000, 0, 0, 0);
    }

    [Fact]
    public async Task Json_list_creates_rows_then_reports_them_unchanged_and_updates_only_what_changed()
    {
        var tenant = await api.NewTenantAsync();
        object[] list =
        [
            Employer("E1", "Volvo Lastvagnar", "556036-0793"),
            Employer("E2", "Göteborgs Stad", "212000-1355"),
            Employer("E3", "Stadsmissionen", "802002-4280", "Göteborg"),
        ];

        var first = await SyncAsync(tenant.Http, "/v1/employers/sync?source=crm", Json(list));
        AssertCounts(first, 3, 0, 0, 0);
        Assert.Equal(3, (int)first["received"]!);
        Assert.Equal(["E1", "E2", "E3"], first["items"]!.AsArray().Select(i => (string)i!["externalRef"]!));
        Assert.All(first["items"]!.AsArray(), i => Assert.Equal("created", (string)i!["outcome"]!));
        var e3 = await EmployerByRefAsync(tenant.Http, "crm", "E3");
        Assert.Equal((long)first["items"]![2]!["id"]!, (long)e3["id"]!);
        Assert.Equal("8020024280", (string)e3["orgNumber"]!);
        Assert.Equal("nonProfit", (string)e3["sector"]!);
        Assert.Equal("1480", (string)e3["municipalityCode"]!);
        Assert.Equal("public", (string)(await EmployerByRefAsync(tenant.Http, "crm", "E2"))["sector"]!);

        var again = await SyncAsync(tenant.Http, "/v1/employers/sync?source=crm", Json(list));
        AssertCounts(again, 0, 0, 3, 0);
        Assert.Equal("\"1\"", await ETagAsync(tenant.Http, $"/v1/employers/{e3["id"]}"));

        list[1] = Employer("E2", "Göteborgs Stad, Kretslopp och vatten", "212000-1355");
        var changed = await SyncAsync(tenant.Http, "/v1/employers/sync?source=crm", Json(list));
        AssertCounts(changed, 0, 1, 2, 0);
        Assert.Equal("updated", (string)changed["items"]![1]!["outcome"]!);
        var e2 = await EmployerByRefAsync(tenant.Http, "crm", "E2");
        Assert.Equal("Göteborgs Stad, Kretslopp och vatten", (string)e2["name"]!);
        Assert.Equal("\"2\"", await ETagAsync(tenant.Http, $"/v1/employers/{e2["id"]}"));
        Assert.Equal("\"1\"", await ETagAsync(tenant.Http, $"/v1/employers/{e3["id"]}"));
    }

    [Fact]
    public async Task Excel_csv_with_bom_semicolons_and_swedish_headers_keeps_aao_and_reads_decimal_commas()
    {
        var tenant = await api.NewTenantAsync();
        var csv = $"""
            {SwedishHeader}
            A-1;"Åkeriet i Älvsborg; Öckerö AB";556036-0793;privat;49410;Göteborg;57,7089;11,9746
            A-2;Lindholmens Café;;;;1480;;
            A-3;Västra Götalandsregionen;232100-0131;offentlig;;göteborg;"57,71";"11,97"

            """.ReplaceLineEndings("\r\n");

        var report = await SyncAsync(tenant.Http, "/v1/employers/sync?source=excel", Csv(csv, bom: true));

        AssertCounts(report, 3, 0, 0, 0);
        var a1 = await EmployerByRefAsync(tenant.Http, "excel", "A-1");
        Assert.Equal("Åkeriet i Älvsborg; Öckerö AB", (string)a1["name"]!);
        Assert.Equal("5560360793", (string)a1["orgNumber"]!);
        Assert.Equal("private", (string)a1["sector"]!);
        Assert.Equal("49410", (string)a1["sniCode"]!);
        Assert.Equal("1480", (string)a1["municipalityCode"]!);
        Assert.Equal(57.7089, (double)a1["location"]!["latitude"]!);
        Assert.Equal(11.9746, (double)a1["location"]!["longitude"]!);
        var a2 = await EmployerByRefAsync(tenant.Http, "excel", "A-2");
        Assert.Null(a2["orgNumber"]);
        Assert.Null(a2["location"]);
        var a3 = await EmployerByRefAsync(tenant.Http, "excel", "A-3");
        Assert.Equal("public", (string)a3["sector"]!);
        Assert.Equal("1480", (string)a3["municipalityCode"]!);

        var again = await SyncAsync(tenant.Http, "/v1/employers/sync?source=excel", Csv(csv, bom: true));
        AssertCounts(again, 0, 0, 3, 0);
    }

    [Fact]
    public async Task Comma_separated_csv_with_english_headers_and_quoted_commas_is_read()
    {
        var tenant = await api.NewTenantAsync();
        var csv = "externalRef,name,orgNumber,sector,municipalityCode,active\n"
            + "C-1,\"Bygg, Mark & Anläggning i Mölndal\",556036-0793,private,1481,yes\n"
            + "C-2,Partille Hemtjänst,,nonProfit,Partille,no\n";

        var report = await SyncAsync(tenant.Http, "/v1/employers/sync?source=hr", Csv(csv));

        AssertCounts(report, 2, 0, 0, 0);
        var c1 = await EmployerByRefAsync(tenant.Http, "hr", "C-1");
        Assert.Equal("Bygg, Mark & Anläggning i Mölndal", (string)c1["name"]!);
        Assert.Equal("1481", (string)c1["municipalityCode"]!);
        Assert.True((bool)c1["active"]!);
        var c2 = await EmployerByRefAsync(tenant.Http, "hr", "C-2");
        Assert.Equal("nonProfit", (string)c2["sector"]!);
        Assert.Equal("1402", (string)c2["municipalityCode"]!);
        Assert.False((bool)c2["active"]!);
    }

    [Fact]
    public async Task Windows_1252_csv_with_its_charset_declared_keeps_swedish_letters()
    {
        var tenant = await api.NewTenantAsync();
        var csv = "extern referens;namn;kommun\r\nW-1;Ölands Överlåtelse & Säljbolag;Mölndal\r\n";

        var report = await SyncAsync(tenant.Http, "/v1/employers/sync?source=excel",
            Csv(csv, Encoding.GetEncoding(1252), charset: "windows-1252"));

        AssertCounts(report, 1, 0, 0, 0);
        var w1 = await EmployerByRefAsync(tenant.Http, "excel", "W-1");
        Assert.Equal("Ölands Överlåtelse & Säljbolag", (string)w1["name"]!);
        Assert.Equal("1481", (string)w1["municipalityCode"]!);
    }

    [Fact]
    public async Task Windows_1252_csv_sent_as_utf8_is_refused_with_a_hint_and_writes_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var csv = "extern referens;namn\r\nW-1;Fabriken AB\r\nW-2;Åkeri AB\r\n";

        var response = await PostAsync(tenant.Http, "/v1/employers/sync?source=excel", Csv(csv, Encoding.GetEncoding(1252)));

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("charset=windows-1252", (string)problem["detail"]!);
        Assert.Contains("Line 3", (string)problem["detail"]!);
        Assert.Empty(await EmployersAsync(tenant.Http));
    }

    [Fact]
    public async Task Csv_with_an_unknown_or_missing_column_is_refused_naming_them()
    {
        var tenant = await api.NewTenantAsync();

        var unknown = await PostAsync(tenant.Http, "/v1/employers/sync?source=excel", Csv("extern referens;namn;arbetsförmåga\r\nX;Y;låg\r\n"));
        var problem = await unknown.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Unknown column 'arbetsförmåga'", (string)problem["detail"]!);

        var missing = await PostAsync(tenant.Http, "/v1/employers/sync?source=excel", Csv("namn;kommun\r\nY;1480\r\n"));
        problem = await missing.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("'extern referens' (externalRef) is missing", (string)problem["detail"]!);
        Assert.Empty(await EmployersAsync(tenant.Http));
    }

    [Fact]
    public async Task Invalid_rows_in_the_middle_write_nothing_and_every_one_is_reported_with_its_line()
    {
        var tenant = await api.NewTenantAsync();
        var csv = string.Join("\r\n",
            SwedishHeader,
            "R-1;\"Två rader\r\nAB\";556036-0793;;;1480;;",
            "R-2;Fel kontrollsiffra AB;556036-0794;;;1480;;",
            "",
            "R-3;Rätt AB;;;;1480;;",
            "R-4;;;okänd;;Atlantis;91;abc",
            "R-1;Dubblett AB;;;;1480;;",
            "R-6;Sista AB;;;;1480;;") + "\r\n";

        var response = await PostAsync(tenant.Http, "/v1/employers/sync?source=excel", Csv(csv));

        var problem = await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        var rows = problem["invalidRows"]!.AsArray().Select(r => r!).ToList();
        Assert.Equal([2, 4, 5], rows.Select(r => (int)r["row"]!).Distinct());
        var checkDigit = rows.Single(r => (int)r["row"]! == 2);
        Assert.Equal(4, (int)checkDigit["line"]!);
        Assert.Equal("R-2", (string)checkDigit["externalRef"]!);
        Assert.Equal("orgNumber", (string)checkDigit["field"]!);
        Assert.Equal("organisationsnummer", (string)checkDigit["column"]!);
        Assert.Equal(OrganisationNumber.CheckDigitMessage, (string)checkDigit["message"]!);

        var row4 = rows.Where(r => (int)r["row"]! == 4).ToDictionary(r => (string)r["field"]!, r => r);
        Assert.Equal(["location.longitude", "municipalityCode", "name", "sector"], row4.Keys.Order());
        Assert.All(row4.Values, r => Assert.Equal(7, (int)r["line"]!));
        Assert.Equal("kommun", (string)row4["municipalityCode"]["column"]!);
        Assert.Contains("'abc' is not a number", (string)row4["location.longitude"]["message"]!);

        var duplicate = rows.Single(r => (int)r["row"]! == 5);
        Assert.Equal(8, (int)duplicate["line"]!);
        Assert.Contains("also on row 1", (string)duplicate["message"]!);

        var errors = problem["errors"]!.AsObject();
        Assert.True(errors.ContainsKey("rows[2].orgNumber"));
        Assert.True(errors.ContainsKey("rows[4].municipalityCode"));
        Assert.Empty(await EmployersAsync(tenant.Http));
    }

    [Fact]
    public async Task Dry_run_reports_the_changes_and_writes_nothing()
    {
        var tenant = await api.NewTenantAsync();
        await SyncAsync(tenant.Http, "/v1/employers/sync?source=crm", Json(new[] { Employer("K1", "Kvar AB"), Employer("K2", "Borta AB") }));

        var report = await SyncAsync(tenant.Http, "/v1/employers/sync?source=crm&mode=mirror&dryRun=true",
            Json(new[] { Employer("K1", "Kvar AB, nytt namn"), Employer("K3", "Ny AB") }));

        Assert.True((bool)report["dryRun"]!);
        AssertCounts(report, 1, 1, 0, 1);
        var items = report["items"]!.AsArray();
        Assert.Equal("K3", (string)items[1]!["externalRef"]!);
        Assert.Null(items[1]!["id"]);
        Assert.Equal("deactivated", (string)items[2]!["outcome"]!);
        Assert.Null(items[2]!["row"]);
        var employers = await EmployersAsync(tenant.Http);
        Assert.Equal(["Borta AB", "Kvar AB"], employers.Select(e => (string)e["name"]!).Order());
        Assert.All(employers, e => Assert.True((bool)e["active"]!));
    }

    [Fact]
    public async Task Mirror_deactivates_the_sources_missing_rows_and_leaves_other_sources_and_contacts_alone()
    {
        var tenant = await api.NewTenantAsync();
        await SyncAsync(tenant.Http, "/v1/employers/sync?source=crm",
            Json(new[] { Employer("A", "Alfa AB"), Employer("B", "Beta AB"), Employer("C", "Gamma AB") }));
        await SyncAsync(tenant.Http, "/v1/employers/sync?source=hr", Json(new[] { Employer("C", "HR:s Gamma AB") }));
        var manual = await tenant.Http.CreateAsync("/v1/employers", new { name = "Handinlagd AB" });
        var gamma = (long)(await EmployerByRefAsync(tenant.Http, "crm", "C"))["id"]!;
        var coach = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Anna Lindqvist" });
        await tenant.Http.CreateAsync($"/v1/employers/{gamma}/contacts",
            new { coachId = coach, contactedAt = DateTimeOffset.UtcNow.AddDays(-1), kind = "faceToFace", outcome = "Två praktikplatser" });

        var report = await SyncAsync(tenant.Http, "/v1/employers/sync?source=crm&mode=mirror",
            Json(new[] { Employer("A", "Alfa AB"), Employer("B", "Beta AB") }));

        AssertCounts(report, 0, 0, 2, 1);
        var deactivated = report["items"]!.AsArray().Last()!;
        Assert.Equal(gamma, (long)deactivated["id"]!);
        Assert.Equal("C", (string)deactivated["externalRef"]!);
        Assert.False((bool)(await EmployerByRefAsync(tenant.Http, "crm", "C"))["active"]!);
        var hrGamma = await EmployerByRefAsync(tenant.Http, "hr", "C");
        Assert.True((bool)hrGamma["active"]!);
        Assert.Equal("\"1\"", await ETagAsync(tenant.Http, $"/v1/employers/{hrGamma["id"]}"));
        Assert.Equal("\"1\"", await ETagAsync(tenant.Http, $"/v1/employers/{manual}"));
        var contacts = await (await tenant.Http.GetAsync($"/v1/employers/{gamma}/contacts")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(1, (long)contacts["total"]!);
        Assert.Equal(5, (await EmployersAsync(tenant.Http)).Count);

        // Listed again, the employer is active again; mirroring the same list twice changes nothing more.
        var back = await SyncAsync(tenant.Http, "/v1/employers/sync?source=crm&mode=mirror",
            Json(new[] { Employer("A", "Alfa AB"), Employer("B", "Beta AB"), Employer("C", "Gamma AB") }));
        AssertCounts(back, 0, 1, 2, 0);
        Assert.True((bool)(await EmployerByRefAsync(tenant.Http, "crm", "C"))["active"]!);
    }

    [Fact]
    public async Task An_empty_list_in_mirror_mode_is_refused()
    {
        var tenant = await api.NewTenantAsync();
        await SyncAsync(tenant.Http, "/v1/employers/sync?source=crm", Json(new[] { Employer("A", "Alfa AB") }));

        var response = await PostAsync(tenant.Http, "/v1/employers/sync?source=crm&mode=mirror", Json(Array.Empty<object>()));

        await response.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.True((bool)(await EmployerByRefAsync(tenant.Http, "crm", "A"))["active"]!);
    }

    [Fact]
    public async Task Retry_with_the_same_idempotency_key_returns_the_first_answer_and_writes_nothing_twice()
    {
        var tenant = await api.NewTenantAsync();
        var csv = "extern referens;namn\r\nI-1;Idem AB\r\nI-2;Potent AB\r\n";
        var key = Guid.NewGuid().ToString();

        var first = await PostAsync(tenant.Http, "/v1/employers/sync?source=excel&mode=mirror", Csv(csv), key);
        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        // Someone changes a row in between; a replay must not put the list's values back.
        var i1 = await EmployerByRefAsync(tenant.Http, "excel", "I-1");
        await tenant.Http.PutJsonAsync($"/v1/employers/{i1["id"]}", new { name = "Idem AB (ändrad)", source = "excel", externalRef = "I-1" });

        var retry = await PostAsync(tenant.Http, "/v1/employers/sync?source=excel&mode=mirror", Csv(csv), key);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(firstBody, await retry.Content.ReadAsStringAsync());
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        var employers = await EmployersAsync(tenant.Http);
        Assert.Equal(2, employers.Count);
        Assert.Equal("Idem AB (ändrad)", (string)(await EmployerByRefAsync(tenant.Http, "excel", "I-1"))["name"]!);
        Assert.Equal("\"2\"", await ETagAsync(tenant.Http, $"/v1/employers/{i1["id"]}"));
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
    }

    [Fact]
    public async Task The_same_idempotency_key_with_another_body_is_422_and_writes_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var key = Guid.NewGuid().ToString();
        await SyncAsync(tenant.Http, "/v1/employers/sync?source=crm", Json(new[] { Employer("A", "Alfa AB") }), key);

        var other = await PostAsync(tenant.Http, "/v1/employers/sync?source=crm", Json(new[] { Employer("B", "Beta AB") }), key);
        await other.ReadProblemAsync(HttpStatusCode.UnprocessableEntity);
        var otherQuery = await PostAsync(tenant.Http, "/v1/employers/sync?source=crm&mode=mirror", Json(new[] { Employer("A", "Alfa AB") }), key);
        await otherQuery.ReadProblemAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["A"], (await EmployersAsync(tenant.Http)).Select(e => (string)e["externalRef"]!));
        // Keys belong to a tenant: another organisation may use the same one.
        var stranger = await api.NewTenantAsync();
        AssertCounts(await SyncAsync(stranger.Http, "/v1/employers/sync?source=crm", Json(new[] { Employer("B", "Beta AB") }), key), 1, 0, 0, 0);
    }

    [Fact]
    public async Task By_ref_put_creates_then_answers_unchanged_then_updated()
    {
        var tenant = await api.NewTenantAsync();
        var body = new { name = "Pepparkaksbageriet", orgNumber = "556036-0793", municipalityCode = "Göteborg" };

        var created = await tenant.Http.PutJsonAsync("/v1/employers/by-ref/crm/P-7", body);
        var first = await created.ReadJsonAsync(HttpStatusCode.Created);
        Assert.Equal("created", (string)first["outcome"]!);
        Assert.Equal($"/v1/employers/{first["id"]}", created.Headers.Location?.OriginalString);
        var employer = await (await tenant.Http.GetAsync(created.Headers.Location)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("P-7", (string)employer["externalRef"]!);
        Assert.Equal("crm", (string)employer["source"]!);
        Assert.Equal("1480", (string)employer["municipalityCode"]!);

        var same = await (await tenant.Http.PutJsonAsync("/v1/employers/by-ref/crm/P-7", body)).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("unchanged", (string)same["outcome"]!);
        Assert.Equal((long)first["id"]!, (long)same["id"]!);
        Assert.Equal("\"1\"", await ETagAsync(tenant.Http, $"/v1/employers/{first["id"]}"));

        var renamed = await (await tenant.Http.PutJsonAsync("/v1/employers/by-ref/crm/P-7", new { name = "Pepparkaksbageriet AB" }))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("updated", (string)renamed["outcome"]!);
        Assert.Single(await EmployersAsync(tenant.Http));
    }

    [Fact]
    public async Task By_ref_put_validates_the_body_and_its_reference()
    {
        var tenant = await api.NewTenantAsync();

        var errors = await (await tenant.Http.PutJsonAsync("/v1/employers/by-ref/crm/P-1",
            new { name = "", orgNumber = "19800101-1234", municipalityCode = "Atlantis" })).ReadValidationErrorsAsync();
        Assert.Equal(["municipalityCode", "name", "orgNumber"], errors.Select(e => e.Key).Order());
        Assert.Equal(OrganisationNumber.PersonalNumberMessage, (string)errors["orgNumber"]![0]!);

        var mismatch = await (await tenant.Http.PutJsonAsync("/v1/employers/by-ref/crm/P-1", new { name = "X", externalRef = "P-2" }))
            .ReadValidationErrorsAsync();
        Assert.True(mismatch.ContainsKey("externalRef"));
        Assert.Empty(await EmployersAsync(tenant.Http));
    }

    [Fact]
    public async Task Another_tenants_references_are_never_matched()
    {
        var owner = await api.NewTenantAsync();
        var ownerReport = await SyncAsync(owner.Http, "/v1/employers/sync?source=crm", Json(new[] { Employer("E1", "Ägarens AB") }));
        var ownersEmployer = (long)ownerReport["items"]![0]!["id"]!;
        var other = await api.NewTenantAsync();

        var report = await SyncAsync(other.Http, "/v1/employers/sync?source=crm&mode=mirror", Json(new[] { Employer("E1", "Andras AB") }));
        var byRef = await (await other.Http.PutJsonAsync("/v1/employers/by-ref/crm/E1", new { name = "Andras AB", municipalityCode = "1480" })).ReadJsonAsync(HttpStatusCode.OK);

        AssertCounts(report, 1, 0, 0, 0);
        Assert.NotEqual(ownersEmployer, (long)report["items"]![0]!["id"]!);
        Assert.Equal("unchanged", (string)byRef["outcome"]!);
        var owners = await EmployerByRefAsync(owner.Http, "crm", "E1");
        Assert.Equal("Ägarens AB", (string)owners["name"]!);
        Assert.True((bool)owners["active"]!);
        Assert.Equal("\"1\"", await ETagAsync(owner.Http, $"/v1/employers/{ownersEmployer}"));

        // An opening of the other tenant names its employer by the same reference: its own employer, never the owner's.
        var opening = new
        {
            externalRef = "O1", employerRef = "E1", title = "Lagerarbetare", ssykCode = "9332", municipalityCode = "1480",
            employmentForm = "permanent", jobType = "competitive"
        };
        var openings = await SyncAsync(other.Http, "/v1/openings/sync?source=crm", Json(new[] { opening }));
        var created = await (await other.Http.GetAsync($"/v1/openings/{openings["items"]![0]!["id"]}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal((long)report["items"]![0]!["id"]!, (long)created["employerId"]!);
        var byId = await PostAsync(other.Http, "/v1/openings/sync?source=crm",
            Json(new[] { new { externalRef = "O2", employerId = ownersEmployer, title = "Truckförare", ssykCode = "8344", municipalityCode = "1480",
                employmentForm = "permanent", jobType = "competitive" } }));
        var problem = await byId.ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains($"No employer with id {ownersEmployer}", (string)problem["invalidRows"]![0]!["message"]!);
    }

    [Fact]
    public async Task Opening_list_names_employers_by_reference_reads_swedish_values_and_mirror_closes_only_open_openings()
    {
        var tenant = await api.NewTenantAsync();
        await SyncAsync(tenant.Http, "/v1/employers/sync?source=crm", Json(new[] { Employer("E1", "ICA Maxi Högsbo"), Employer("E2", "Volvo") }));
        var header = "extern referens;arbetsgivarkälla;arbetsgivarreferens;titel;ssyk;kommun;anställningsform;jobbtyp;stödform;arbetstid;timmar per vecka;distans;startdatum;sista ansökningsdag";
        var csv = string.Join("\r\n", header,
            "O-1;crm;E1;Butiksbiträde;5223;Göteborg;tillsvidare;ordinarie;;kväll;\"32,5\";nej;2026-03-01;2026-03-15",
            "O-2;crm;E2;Lagerarbetare;9332;1480;visstid;subventionerad;lönebidrag;dag;40;ja;;",
            "O-3;crm;E2;Montör;8211;Mölndal;säsong;praktik;;;;;;") + "\r\n";

        var report = await SyncAsync(tenant.Http, "/v1/openings/sync?source=platsbanken", Csv(csv, bom: true));

        AssertCounts(report, 3, 0, 0, 0);
        var ids = report["items"]!.AsArray().Select(i => (long)i!["id"]!).ToArray();
        var o1 = await (await tenant.Http.GetAsync($"/v1/openings/{ids[0]}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("ICA Maxi Högsbo", (string)o1["employerName"]!);
        Assert.Equal("1480", (string)o1["municipalityCode"]!);
        Assert.Equal("permanent", (string)o1["employmentForm"]!);
        Assert.Equal("evening", (string)o1["schedule"]!);
        Assert.Equal(32.5, (double)o1["hoursPerWeek"]!);
        Assert.Equal("2026-03-01", (string)o1["startDate"]!);
        Assert.Equal("open", (string)o1["status"]!);
        var o2 = await (await tenant.Http.GetAsync($"/v1/openings/{ids[1]}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("subsidised", (string)o2["jobType"]!);
        Assert.Equal("lonebidrag", (string)o2["subsidyType"]!);
        Assert.True((bool)o2["remote"]!);
        Assert.Equal("1481", (string)(await (await tenant.Http.GetAsync($"/v1/openings/{ids[2]}")).ReadJsonAsync(HttpStatusCode.OK))["municipalityCode"]!);

        // A coach marks O-2 filled; the source then drops O-2 and O-3. Mirror closes O-3 only, and O-1 keeps its status.
        var filled = new HttpRequestMessage(HttpMethod.Post, $"/v1/openings/{ids[1]}/status") { Content = Json(new { status = "filled" }) };
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.SendAsync(filled)).StatusCode);
        var mirror = await SyncAsync(tenant.Http, "/v1/openings/sync?source=platsbanken&mode=mirror",
            Csv(string.Join("\r\n", header, "O-1;crm;E1;Butiksbiträde;5223;Göteborg;tillsvidare;ordinarie;;kväll;\"32,5\";nej;2026-03-01;2026-03-15") + "\r\n"));

        AssertCounts(mirror, 0, 0, 1, 1);
        Assert.Equal(ids[2], (long)mirror["items"]![1]!["id"]!);
        Assert.Equal("closed", (string)(await (await tenant.Http.GetAsync($"/v1/openings/{ids[2]}")).ReadJsonAsync(HttpStatusCode.OK))["status"]!);
        Assert.Equal("filled", (string)(await (await tenant.Http.GetAsync($"/v1/openings/{ids[1]}")).ReadJsonAsync(HttpStatusCode.OK))["status"]!);
        var listed = await (await tenant.Http.GetAsync("/v1/openings?pageSize=200")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, (long)listed["total"]!);
    }

    [Fact]
    public async Task Opening_rows_with_unknown_employers_or_bad_values_are_reported_and_nothing_is_written()
    {
        var tenant = await api.NewTenantAsync();
        await SyncAsync(tenant.Http, "/v1/employers/sync?source=crm", Json(new[] { Employer("E1", "ICA") }));
        var csv = "extern referens;arbetsgivarreferens;titel;ssyk;kommun;anställningsform;jobbtyp;startdatum\r\n"
            + "O-1;E1;Kassör;5223;1480;tillsvidare;ordinarie;2026-04-01\r\n"
            + "O-2;E9;Kassör;52;1480;tillsvidare;ordinarie;\r\n"
            + "O-3;E1;Kassör;5223;1480;fast;ordinarie;1 april\r\n";

        var response = await PostAsync(tenant.Http, "/v1/openings/sync?source=crm", Csv(csv));

        var rows = (await response.ReadProblemAsync(HttpStatusCode.BadRequest))["invalidRows"]!.AsArray().Select(r => r!).ToList();
        Assert.Equal(["ssykCode"], rows.Where(r => (int)r["row"]! == 2).Select(r => (string)r["field"]!));
        Assert.Equal(["employmentForm", "startDate"], rows.Where(r => (int)r["row"]! == 3).Select(r => (string)r["field"]!).Order());
        Assert.Contains("tillsvidare", (string)rows.Single(r => (string)r["field"]! == "employmentForm")["message"]!);

        var fixedSsyk = csv.Replace(";52;", ";5223;").Replace("fast", "visstid").Replace("1 april", "2026-04-01");
        var unknownEmployer = (await (await PostAsync(tenant.Http, "/v1/openings/sync?source=crm", Csv(fixedSsyk)))
            .ReadProblemAsync(HttpStatusCode.BadRequest))["invalidRows"]!.AsArray().Single()!;
        Assert.Equal("employerRef", (string)unknownEmployer["field"]!);
        Assert.Equal("arbetsgivarreferens", (string)unknownEmployer["column"]!);
        Assert.Equal(3, (int)unknownEmployer["line"]!);
        var listed = await (await tenant.Http.GetAsync("/v1/openings")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (long)listed["total"]!);
    }

    [Fact]
    public async Task Opening_by_ref_put_keeps_a_coachs_status_and_is_idempotent()
    {
        var tenant = await api.NewTenantAsync();
        await SyncAsync(tenant.Http, "/v1/employers/sync?source=crm", Json(new[] { Employer("E1", "ICA") }));
        var body = new
        {
            employerRef = "E1", employerSource = "crm", title = "Kassör", ssykCode = "5223", municipalityCode = "1480",
            employmentForm = "hourly", jobType = "competitive"
        };

        var created = await tenant.Http.PutJsonAsync("/v1/openings/by-ref/platsbanken/AF-1", body);
        var id = (long)(await created.ReadJsonAsync(HttpStatusCode.Created))["id"]!;
        var status = new HttpRequestMessage(HttpMethod.Post, $"/v1/openings/{id}/status") { Content = Json(new { status = "filled" }) };
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.SendAsync(status)).StatusCode);

        var again = await (await tenant.Http.PutJsonAsync("/v1/openings/by-ref/platsbanken/AF-1", body)).ReadJsonAsync(HttpStatusCode.OK);

        Assert.Equal("unchanged", (string)again["outcome"]!);
        var opening = await (await tenant.Http.GetAsync($"/v1/openings/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("filled", (string)opening["status"]!);
        var both = await (await tenant.Http.PutJsonAsync("/v1/openings/by-ref/platsbanken/AF-1", new
        {
            employerId = 1, employerRef = "E1", title = "Kassör", ssykCode = "5223", municipalityCode = "1480",
            employmentForm = "hourly", jobType = "competitive",
        })).ReadValidationErrorsAsync();
        Assert.True(both.ContainsKey("employerId"));
    }

    [Fact]
    public async Task Employer_by_ref_put_honours_if_match_and_returns_the_etag()
    {
        var tenant = await api.NewTenantAsync();
        const string url = "/v1/employers/by-ref/crm/M-1";
        // If-Match names a version; a row that does not exist yet has none, so nothing is created.
        await (await tenant.Http.PutJsonAsync(url, new { name = "Malmö Bygg AB" }, ifMatch: "\"1\"")).ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        Assert.Equal(0, (long)(await (await tenant.Http.GetAsync("/v1/employers")).ReadJsonAsync(HttpStatusCode.OK))["total"]!);

        var created = await tenant.Http.PutJsonAsync(url, new { name = "Malmö Bygg AB" });
        var id = (long)(await created.ReadJsonAsync(HttpStatusCode.Created))["id"]!;
        var first = created.Headers.ETag!.Tag;
        var fetched = await tenant.Http.GetAsync($"/v1/employers/{id}");
        Assert.Equal(fetched.Headers.ETag?.Tag, first);

        var renamed = await tenant.Http.PutJsonAsync(url, new { name = "Malmö Bygg och Mark AB" }, ifMatch: first);
        Assert.Equal("updated", (string)(await renamed.ReadJsonAsync(HttpStatusCode.OK))["outcome"]!);
        var second = renamed.Headers.ETag!.Tag;
        Assert.NotEqual(first, second);

        // A stale If-Match is refused and writes nothing; without If-Match the PUT stays an unconditional upsert.
        var stale = await tenant.Http.PutJsonAsync(url, new { name = "Gammalt namn AB" }, ifMatch: first);
        Assert.Contains("If-Match", (string)(await stale.ReadProblemAsync(HttpStatusCode.PreconditionFailed))["detail"]!);
        var stored = await (await tenant.Http.GetAsync($"/v1/employers/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Malmö Bygg och Mark AB", (string)stored["name"]!);
        var unchanged = await tenant.Http.PutJsonAsync(url, new { name = "Malmö Bygg och Mark AB" });
        Assert.Equal("unchanged", (string)(await unchanged.ReadJsonAsync(HttpStatusCode.OK))["outcome"]!);
        Assert.Equal(second, unchanged.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.OK, (await tenant.Http.PutJsonAsync(url, new { name = "Malmö Mark AB" }, ifMatch: "*")).StatusCode);
        await (await tenant.Http.PutJsonAsync(url, new { name = "X" }, ifMatch: "version 3")).ReadProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Opening_by_ref_put_honours_if_match()
    {
        var tenant = await api.NewTenantAsync();
        await SyncAsync(tenant.Http, "/v1/employers/sync?source=crm", Json(new[] { Employer("E1", "ICA") }));
        const string url = "/v1/openings/by-ref/platsbanken/AF-9";
        object Body(string title) => new
        {
            employerRef = "E1", employerSource = "crm", title, ssykCode = "5223", municipalityCode = "1480",
            employmentForm = "hourly", jobType = "competitive"
        };
        var created = await tenant.Http.PutJsonAsync(url, Body("Kassör"));
        var id = (long)(await created.ReadJsonAsync(HttpStatusCode.Created))["id"]!;
        var first = created.Headers.ETag!.Tag;

        var updated = await tenant.Http.PutJsonAsync(url, Body("Kassör, deltid"), ifMatch: first);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        await (await tenant.Http.PutJsonAsync(url, Body("Butikssäljare"), ifMatch: first)).ReadProblemAsync(HttpStatusCode.PreconditionFailed);
        var opening = await (await tenant.Http.GetAsync($"/v1/openings/{id}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Kassör, deltid", (string)opening["title"]!);
        Assert.Equal(updated.Headers.ETag?.Tag, (await tenant.Http.GetAsync($"/v1/openings/{id}")).Headers.ETag?.Tag);
    }

    [Fact]
    public async Task Query_values_and_media_types_are_checked()
    {
        var tenant = await api.NewTenantAsync();
        var list = Json(new[] { Employer("A", "Alfa AB") });

        var errors = await (await PostAsync(tenant.Http, "/v1/employers/sync?source=crm&mode=replace", list)).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("mode"));
        await (await PostAsync(tenant.Http, "/v1/employers/sync", Json(new[] { Employer("A", "Alfa AB") }))).ReadProblemAsync(HttpStatusCode.BadRequest);
        var key = await (await PostAsync(tenant.Http, "/v1/employers/sync?source=crm", Json(new[] { Employer("A", "Alfa AB") }), "mellan slag"))
            .ReadValidationErrorsAsync();
        Assert.True(key.ContainsKey("Idempotency-Key"));
        var xml = new StringContent("<employers/>", Encoding.UTF8, "application/xml");
        await (await PostAsync(tenant.Http, "/v1/employers/sync?source=crm", xml)).ReadProblemAsync(HttpStatusCode.UnsupportedMediaType);
        var notAList = await PostAsync(tenant.Http, "/v1/employers/sync?source=crm", Json(new { items = new[] { Employer("A", "Alfa AB") } }));
        await notAList.ReadProblemAsync(HttpStatusCode.BadRequest);
        var unknownField = await PostAsync(tenant.Http, "/v1/employers/sync?source=crm",
            Json(new[] { new { externalRef = "A", name = "Alfa AB", workAbility = "low" } }));
        Assert.Contains("workAbility", (string)(await unknownField.ReadProblemAsync(HttpStatusCode.BadRequest))["detail"]!);
        Assert.Empty(await EmployersAsync(tenant.Http));
    }

    [Fact]
    public async Task Without_a_key_every_sync_route_is_401()
    {
        var client = api.Anonymous();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PutJsonAsync("/v1/employers/by-ref/crm/A", new { name = "A" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client, "/v1/employers/sync?source=crm", Json(Array.Empty<object>()))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PutJsonAsync("/v1/openings/by-ref/crm/A", new { title = "A" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(client, "/v1/openings/sync?source=crm", Json(Array.Empty<object>()))).StatusCode);
    }

    [Fact]
    public async Task A_key_without_the_write_scope_is_403_and_writes_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var reader = await tenant.WithScopesAsync(Scopes.EmployersRead, Scopes.OpeningsRead);
        var employersOnly = await tenant.WithScopesAsync(Scopes.EmployersWrite);
        var opening = new
        {
            externalRef = "O1", employerRef = "A", title = "Kassör", ssykCode = "5223", municipalityCode = "1480",
            employmentForm = "hourly", jobType = "competitive"
        };

        await (await reader.PutJsonAsync("/v1/employers/by-ref/crm/A", new { name = "Alfa AB" })).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await PostAsync(reader, "/v1/employers/sync?source=crm", Json(new[] { Employer("A", "Alfa AB") }))).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await employersOnly.PutJsonAsync("/v1/openings/by-ref/crm/O1", opening)).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await PostAsync(employersOnly, "/v1/openings/sync?source=crm", Json(new[] { opening }))).ReadProblemAsync(HttpStatusCode.Forbidden);

        Assert.Empty(await EmployersAsync(tenant.Http));
        Assert.Equal(0, (long)(await (await tenant.Http.GetAsync("/v1/openings")).ReadJsonAsync(HttpStatusCode.OK))["total"]!);
    }

    [Fact]
    public async Task Two_thousand_rows_sync_correctly_and_a_second_mirror_run_reports_each_change()
    {
        var tenant = await api.NewTenantAsync();
        string Row(int i, string name) => string.Create(CultureInfo.InvariantCulture,
            $"R{i:D5};{name};{OrgNumber(i)};;;{(i % 2 == 0 ? "Göteborg" : "1481")};{57 + i % 100 / 100.0:0.0000};11,9");
        var rows = Enumerable.Range(1, 2000).Select(i => Row(i, $"Arbetsgivare {i} AB")).ToList();

        var first = await SyncAsync(tenant.Http, "/v1/employers/sync?source=bulk", Csv(SwedishHeader + "\r\n" + string.Join("\r\n", rows), bom: true));

        AssertCounts(first, 2000, 0, 0, 0);
        var ids = first["items"]!.AsArray().Select(i => (long)i!["id"]!).ToList();
        Assert.Equal(2000, ids.Distinct().Count());
        var total = await (await tenant.Http.GetAsync("/v1/employers?pageSize=1")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(2000, (long)total["total"]!);
        var sample = await (await tenant.Http.GetAsync($"/v1/employers/{ids[1233]}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal("Arbetsgivare 1234 AB", (string)sample["name"]!);
        Assert.Equal("R01234", (string)sample["externalRef"]!);
        Assert.Equal("1480", (string)sample["municipalityCode"]!);
        Assert.Equal(57.34, (double)sample["location"]!["latitude"]!);

        for (var i = 0; i < 10; i++) rows[i * 100] = Row(i * 100 + 1, $"Omdöpt {i} AB");
        rows.RemoveRange(1995, 5);
        var second = await SyncAsync(tenant.Http, "/v1/employers/sync?source=bulk&mode=mirror", Csv(SwedishHeader + "\n" + string.Join("\n", rows)));

        AssertCounts(second, 0, 10, 1985, 5);
        Assert.Equal("Omdöpt 3 AB", (string)(await (await tenant.Http.GetAsync($"/v1/employers/{ids[300]}")).ReadJsonAsync(HttpStatusCode.OK))["name"]!);
        var inactive = await (await tenant.Http.GetAsync("/v1/employers?active=false&pageSize=10")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(["R01996", "R01997", "R01998", "R01999", "R02000"],
            inactive["items"]!.AsArray().Select(e => (string)e!["externalRef"]!).Order());
    }

    [Fact]
    public async Task With_onInvalid_skip_the_valid_rows_are_written_and_the_invalid_ones_reported()
    {
        var tenant = await api.NewTenantAsync();
        var rows = new[] { Employer("OK-1", "Bra AB"), Employer("BAD-1", "Fel AB", municipalityCode: "9999"), Employer("OK-2", "Också bra AB") };
        await (await PostAsync(tenant.Http, "/v1/employers/sync?source=crm", Json(rows))).ReadProblemAsync(HttpStatusCode.BadRequest);
        Assert.Empty((await EmployersAsync(tenant.Http)));

        var report = await SyncAsync(tenant.Http, "/v1/employers/sync?source=crm&onInvalid=skip", Json(rows));
        AssertCounts(report, created: 2, updated: 0, unchanged: 0, deactivated: 0);
        Assert.Equal(3, (int)report["received"]!);
        var skipped = Assert.Single(report["skipped"]!.AsArray());
        Assert.Equal(2, (int)skipped!["row"]!);
        Assert.Equal("BAD-1", (string)skipped["externalRef"]!);
        Assert.Equal(["OK-1", "OK-2"], (await EmployersAsync(tenant.Http)).Select(e => (string)e["externalRef"]!).Order());

        var mirror = await (await PostAsync(tenant.Http, "/v1/employers/sync?source=crm&mode=mirror&onInvalid=skip", Json(rows))).ReadValidationErrorsAsync();
        Assert.True(mirror.ContainsKey("onInvalid"));
        var unknown = await (await PostAsync(tenant.Http, "/v1/employers/sync?source=crm&onInvalid=maybe", Json(rows))).ReadValidationErrorsAsync();
        Assert.True(unknown.ContainsKey("onInvalid"));
    }
}

public sealed class SyncTestsOnSqlite(SqliteApiFactory api) : SyncTests(api);
public sealed class SyncTestsOnSqlServer(SqlServerApiFactory api) : SyncTests(api);

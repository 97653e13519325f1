using System.Net;
using System.Text.Json.Nodes;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Security;

/// <summary>Every free-text field a caller can send is refused when it carries a personal identity number.</summary>
public abstract class PersonalIdentityNumberSweepTests(MatchApiFactory api)
{
    // Real dates with a made-up serial; the coordination number adds 60 to the day.
    private const string Ten = "850709-9805";
    private const string Twelve = "198507099805";
    private const string Coordination = "850769-9801";

    private sealed record Case(string Method, string Url, string Field, JsonObject Body);

    [Fact]
    public async Task Every_text_field_refuses_a_personal_identity_number_and_stores_nothing()
    {
        var tenant = await api.NewTenantAsync();
        var coachId = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Anna Lindqvist" });
        var employerId = await tenant.Http.CreateAsync("/v1/employers", new { name = "Fixarna AB" });
        var participantId = await tenant.Http.CreateAsync("/v1/participants", new { externalRef = "IPS-PNR-1", enrolmentDate = "2024-03-15" });

        JsonObject Participant(string externalRef) => new() { ["externalRef"] = externalRef, ["enrolmentDate"] = "2024-03-15" };
        JsonObject Contact(string field, string value)
        {
            var body = new JsonObject { ["coachId"] = coachId, ["contactedAt"] = "2024-05-02T09:00:00Z", ["kind"] = "phone", ["participantId"] = participantId };
            body[field] = value;
            return body;
        }
        JsonObject Coach(string field, string value)
        {
            var body = new JsonObject { ["name"] = "Berit Ek" };
            body[field] = value;
            return body;
        }

        var cases = new List<Case>();
        foreach (var number in new[] { Ten, Twelve, Coordination })
        {
            cases.Add(new("POST", "/v1/participants", "ExternalRef", Participant($"Ärende {number}")));
            cases.Add(new("PUT", $"/v1/participants/{participantId}", "ExternalRef", Participant(number)));
            cases.Add(new("PUT", $"/v1/participants/{participantId}/goals", "OwnWords", SecurityKit.Goals($"Mitt nummer är {number}, jag vill jobba")));
            foreach (var field in new[] { "note", "purpose", "outcome" })
                cases.Add(new("POST", $"/v1/employers/{employerId}/contacts", char.ToUpperInvariant(field[0]) + field[1..],
                    Contact(field, $"Gällde {number}")));
            cases.Add(new("POST", "/v1/coaches", "Name", Coach("name", $"Berit Ek {number}")));
            cases.Add(new("PUT", $"/v1/coaches/{coachId}", "Name", Coach("name", $"Anna {number}")));
            cases.Add(new("POST", "/v1/coaches", "Email", Coach("email", $"{number}@goteborg.se")));
        }
        // Phone numbers are checked for the forms no phone number takes: with the century or a dash after the date.
        cases.Add(new("POST", "/v1/coaches", "Phone", Coach("phone", Ten)));
        cases.Add(new("POST", "/v1/coaches", "Phone", Coach("phone", Twelve)));

        var failures = new List<string>();
        foreach (var c in cases)
        {
            var response = c.Method == "POST" ? await tenant.Http.PostJsonAsync(c.Url, c.Body) : await tenant.Http.PutJsonAsync(c.Url, c.Body);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.BadRequest)
                failures.Add($"{c.Method} {c.Url} {c.Field}: {(int)response.StatusCode}");
            else if (JsonNode.Parse(body)?["errors"]?[System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(c.Field)] is null)
                failures.Add($"{c.Method} {c.Url} {c.Field}: 400 without an error for the field: {body}");
        }
        Assert.True(failures.Count == 0, "Accepted a personal identity number: " + string.Join(Environment.NewLine, failures));

        foreach (var number in new[] { Ten, Twelve, Coordination, "8507099805" })
            Assert.Empty((await SecurityKit.FindTextAsync(api.Db, number)));
    }

    [Theory]
    [InlineData("0701234567")]
    [InlineData("031-365 00 00")]
    [InlineData("+46 70 123 45 67")]
    public async Task Ordinary_phone_numbers_are_not_mistaken_for_personal_identity_numbers(string phone)
    {
        var tenant = await api.NewTenantAsync();
        await tenant.Http.CreateAsync("/v1/coaches", new { name = "Anna Lindqvist", phone });
    }

    [Fact]
    public async Task Contact_texts_may_name_an_organisation_number()
    {
        var tenant = await api.NewTenantAsync();
        var coachId = await tenant.Http.CreateAsync("/v1/coaches", new { name = "Anna Lindqvist" });
        var employerId = await tenant.Http.CreateAsync("/v1/employers", new { name = "Volvo" });
        await tenant.Http.CreateAsync($"/v1/employers/{employerId}/contacts",
            SecurityKit.Contact(coachId, note: "Org.nr 556036-0793, kontakt via HR", purpose: "Träff 2024-05-02 kl 10", outcome: "Ring 031-365 00 00"));
    }
}

public sealed class PersonalIdentityNumberSweepTestsOnSqlite(SqliteApiFactory api) : PersonalIdentityNumberSweepTests(api);
public sealed class PersonalIdentityNumberSweepTestsOnSqlServer(SqlServerApiFactory api) : PersonalIdentityNumberSweepTests(api);

using System.Net;
using Dapper;
using MatchApi.Security;
using MatchApi.Tests.Infrastructure;

namespace MatchApi.Tests.Security;

public abstract class ErasureTests(MatchApiFactory api)
{
    [Fact]
    public async Task After_erasure_no_personal_text_is_left_in_any_table()
    {
        var tenant = await api.NewTenantAsync();
        var person = await PersonalData.CreateAsync(tenant);
        // A contact about nobody in particular shows that the search finds text where it is kept.
        var keptNote = $"Allmän träff om rekrytering {Guid.NewGuid():N}";
        await tenant.Http.CreateAsync($"/v1/employers/{person.EmployerId}/contacts", SecurityKit.Contact(person.CoachId, note: keptNote));
        foreach (var text in person.Texts)
            Assert.NotEmpty((await SecurityKit.FindTextAsync(api.Db, text)));

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Http.DeleteAsync($"/v1/participants/{person.ParticipantId}")).StatusCode);

        var survivors = new List<string>();
        foreach (var text in person.Texts)
            survivors.AddRange((await SecurityKit.FindTextAsync(api.Db, text)).Select(place => $"'{text}' in {place}"));
        Assert.True(survivors.Count == 0, "Personal text survived erasure: " + string.Join("; ", survivors));
        Assert.Equal(["employer_contacts.note"], await SecurityKit.FindTextAsync(api.Db, keptNote));
    }

    [Fact]
    public async Task Erasure_keeps_an_anonymised_participant_for_statistics()
    {
        var tenant = await api.NewTenantAsync();
        var person = await PersonalData.CreateAsync(tenant);

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Http.DeleteAsync($"/v1/participants/{person.ParticipantId}")).StatusCode);

        await using var connection = await api.Db.OpenAsync(default);
        var row = await connection.QuerySingleAsync<ErasedRow>("""
            SELECT external_ref AS ExternalRef, coach_id AS CoachId, enrolment_date AS EnrolmentDate, status AS Status, erased_at AS ErasedAt
            FROM participants WHERE id = @Id;
            """, new { Id = person.ParticipantId });
        Assert.Equal($"erased-{person.ParticipantId}", row.ExternalRef);
        Assert.Equal(person.CoachId, row.CoachId);
        Assert.Equal(new DateOnly(2024, 3, 15), row.EnrolmentDate);
        Assert.Equal("Active", row.Status);
        Assert.NotNull(row.ErasedAt);

        // The contact stays part of the employer's history, linked to the anonymous row but without its text.
        var contact = await (await tenant.Http.GetAsync($"/v1/employers/{person.EmployerId}/contacts/{person.ContactId}"))
            .ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(person.ParticipantId, (long)contact["participantId"]!);
        Assert.Null(contact["note"]);
        Assert.Null(contact["purpose"]);
        Assert.Null(contact["outcome"]);
    }

    [Fact]
    public async Task An_erased_participant_is_not_found_on_any_route_and_not_listed()
    {
        var tenant = await api.NewTenantAsync();
        var person = await PersonalData.CreateAsync(tenant);
        var id = person.ParticipantId;

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Http.DeleteAsync($"/v1/participants/{id}")).StatusCode);

        await (await tenant.Http.GetAsync($"/v1/participants/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Http.PutJsonAsync($"/v1/participants/{id}", new { externalRef = "IPS-BACK", enrolmentDate = "2024-03-15" }))
            .ReadProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Http.GetAsync($"/v1/participants/{id}/goals")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Http.PutJsonAsync($"/v1/participants/{id}/goals", SecurityKit.Goals("Tillbaka")))
            .ReadProblemAsync(HttpStatusCode.NotFound);
        await (await tenant.Http.DeleteAsync($"/v1/participants/{id}")).ReadProblemAsync(HttpStatusCode.NotFound);
        var list = await (await tenant.Http.GetAsync("/v1/participants")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, (long)list["total"]!);
        var errors = await (await tenant.Http.PostJsonAsync($"/v1/employers/{person.EmployerId}/contacts",
            SecurityKit.Contact(person.CoachId, id, note: "Ny kontakt"))).ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("participantId"));

        // The case reference is free again for a new enrolment of the same person.
        await tenant.Http.CreateAsync("/v1/participants", new { externalRef = person.ExternalRef, enrolmentDate = "2025-01-10" });
    }

    [Fact]
    public async Task The_audit_trail_survives_erasure_and_records_it()
    {
        var tenant = await api.NewTenantAsync();
        var person = await PersonalData.CreateAsync(tenant);

        Assert.Equal(HttpStatusCode.NoContent, (await tenant.Http.DeleteAsync($"/v1/participants/{person.ParticipantId}")).StatusCode);

        var page = await (await tenant.Http.GetAsync($"/v1/participants/{person.ParticipantId}/audit")).ReadJsonAsync(HttpStatusCode.OK);
        var entries = page["items"]!.AsArray().Select(e => $"{e!["action"]} {e["resource"]} {e["statusCode"]}").ToList();
        Assert.Equal(["erase participant 204", "create next-steps 201", "create contacts 201", "update goals 200", "create participant 201"], entries);
    }

    [Fact]
    public async Task Erasure_needs_an_admin_key_of_the_same_organisation()
    {
        var tenant = await api.NewTenantAsync();
        var person = await PersonalData.CreateAsync(tenant);
        var writer = await tenant.WithScopesAsync(Scopes.ParticipantsRead, Scopes.ParticipantsWrite);
        var other = await api.NewTenantAsync();

        await (await writer.DeleteAsync($"/v1/participants/{person.ParticipantId}")).ReadProblemAsync(HttpStatusCode.Forbidden);
        await (await other.Http.DeleteAsync($"/v1/participants/{person.ParticipantId}")).ReadProblemAsync(HttpStatusCode.NotFound);
        await (await api.Anonymous().DeleteAsync($"/v1/participants/{person.ParticipantId}")).ReadProblemAsync(HttpStatusCode.Unauthorized);
        await (await tenant.Http.DeleteAsync("/v1/participants/987654321")).ReadProblemAsync(HttpStatusCode.NotFound);

        var goals = await (await tenant.Http.GetAsync($"/v1/participants/{person.ParticipantId}/goals")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(person.OwnWords, (string)goals["ownWords"]!);
        var participant = await (await tenant.Http.GetAsync($"/v1/participants/{person.ParticipantId}")).ReadJsonAsync(HttpStatusCode.OK);
        Assert.Equal(person.ExternalRef, (string)participant["externalRef"]!);
    }

    [Theory]
    [InlineData("erased-17")]
    [InlineData("ERASED-x")]
    public async Task Case_references_of_erased_participants_are_reserved(string externalRef)
    {
        var tenant = await api.NewTenantAsync();
        var errors = await (await tenant.Http.PostJsonAsync("/v1/participants", new { externalRef, enrolmentDate = "2024-03-15" }))
            .ReadValidationErrorsAsync();
        Assert.True(errors.ContainsKey("externalRef"));
    }

    private sealed class ErasedRow
    {
        public string ExternalRef { get; init; } = "";
        public long? CoachId { get; init; }
        public DateOnly EnrolmentDate { get; init; }
        public string Status { get; init; } = "";
        public DateTimeOffset? ErasedAt { get; init; }
    }
}

public sealed class ErasureTestsOnSqlite(SqliteApiFactory api) : ErasureTests(api);
public sealed class ErasureTestsOnSqlServer(SqlServerApiFactory api) : ErasureTests(api);

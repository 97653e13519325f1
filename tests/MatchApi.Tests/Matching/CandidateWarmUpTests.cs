using MatchApi.Common;
using MatchApi.Matching;
using MatchApi.Tests.Infrastructure;
using MatchApi.Tests.Security;
using Microsoft.Extensions.DependencyInjection;

namespace MatchApi.Tests.Matching;

public abstract class CandidateWarmUpTests(MatchApiFactory api)
{
    [Fact]
    public async Task A_starting_instance_reads_the_candidates_of_tenants_with_open_openings_before_any_match()
    {
        var tenant = await TenantWithAnOpeningAsync();

        // A second instance on the same database: starting it starts its warm-up; nobody asks it for a match.
        await using var instance = api.WithSettings([]);
        var store = instance.Services.GetRequiredService<CandidateStore>();
        var today = instance.Services.GetRequiredService<TimeProvider>().Today();
        // The warm-up runs in the background after start: a bounded wait for it, not a timing.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!store.Holds(tenant.TenantId, today) && DateTime.UtcNow < deadline) await Task.Delay(20);

        Assert.True(store.Holds(tenant.TenantId, today), "The new instance did not read the tenant's candidates at start-up.");
    }

    [Fact]
    public async Task With_warm_up_off_the_store_reads_a_tenant_at_its_first_match()
    {
        var tenant = await TenantWithAnOpeningAsync();
        await using var instance = api.WithSettings([new("Matching:WarmOnStart", "false")]);
        var store = instance.Services.GetRequiredService<CandidateStore>();
        var today = instance.Services.GetRequiredService<TimeProvider>().Today();
        Assert.False(store.Holds(tenant.TenantId, today));

        await store.GetAsync(tenant.TenantId, today, TestContext.Current.CancellationToken);

        Assert.True(store.Holds(tenant.TenantId, today));
    }

    private async Task<TenantClient> TenantWithAnOpeningAsync()
    {
        var tenant = await api.NewTenantAsync();
        var employer = await tenant.Http.CreateAsync("/v1/employers", new { name = "Bageriet på hörnet" });
        await tenant.Http.CreateAsync("/v1/openings", new
        {
            employerId = employer, title = "Bagare", ssykCode = "9412", municipalityCode = "1480",
            employmentForm = "permanent", jobType = "competitive",
        });
        return tenant;
    }
}

public sealed class CandidateWarmUpTestsOnSqlite(SqliteApiFactory api) : CandidateWarmUpTests(api);
public sealed class CandidateWarmUpTestsOnSqlServer(SqlServerApiFactory api) : CandidateWarmUpTests(api);

using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Seomin.Contracts.Contributions;
using Seomin.Guarantee.Api.Endpoints;
using Seomin.Guarantee.Api.Features;
using Seomin.Guarantee.Domain.Screening;
using Seomin.Testing;
using static Seomin.Guarantee.Tests.Integration.WorkerSunshineApplications;

namespace Seomin.Guarantee.Tests.Integration;

/// <summary>
/// The capacity ledger replaces the global approval lock: these tests hold the ledger row so that two decisions
/// are both past their (unlocked) capacity read and both blocked at the insert, then release it.
/// </summary>
public sealed class CapacityLedgerTests(PlatformServers servers)
{
    // Fund ₩1,000,000 × 10 = limit ₩10,000,000; WORKER_SUNSHINE guarantees 90% of the loan.
    private const long SmallFund = 1_000_000;

    [Fact]
    public async Task ApproveApplication_WhenTwoConcurrentApprovalsTogetherBreakMultiple_ExactlyOneSucceeds()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_cap_approve", fundBalance: SmallFund);
        var client = api.CreateClient();
        var first = await SubmitAsync(client, Application(SyntheticRrn.Adult(30), 12_000_000));
        var second = await SubmitAsync(client, Application(SyntheticRrn.Adult(40), 12_000_000));
        Assert.Equal(ApplicationStatus.Referred, first.Status);
        Assert.Equal(ApplicationStatus.Referred, second.Status);

        // Each approval of ₩8M guarantees ₩7.2M: either fits under ₩10M alone, both together do not.
        var checker = api.CreateCheckerClient();
        var responses = await WhileLedgerHeldAsync(api, () =>
        [
            checker.PostAsJsonAsync($"/api/guarantees/applications/{first.Id}/approval", new { amount = 8_000_000 }),
            checker.PostAsJsonAsync($"/api/guarantees/applications/{second.Id}/approval", new { amount = 8_000_000 }),
        ]);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        var refused = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.UnprocessableEntity);
        Assert.Contains("GuaranteesMustStayWithinOperatingMultiple", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await api.WithDbAsync(db => db.Guarantees.CountAsync()));
        await AssertLedgerMatchesGuaranteesAsync(api, 7_200_000);
    }

    [Fact]
    public async Task SubmitApplication_WhenTwoConcurrentAutoApprovalsTogetherBreakMultiple_OneIsApprovedAndOneReferred()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_cap_submit", fundBalance: SmallFund);
        var client = api.CreateClient();

        // ₩10M loans guarantee ₩9M each: both screen as eligible against an empty ledger; only one fits.
        var responses = await WhileLedgerHeldAsync(api, () =>
        [
            client.PostAsJsonAsync("/api/guarantees/applications", Application(SyntheticRrn.Adult(30), 10_000_000)),
            client.PostAsJsonAsync("/api/guarantees/applications", Application(SyntheticRrn.Adult(40), 10_000_000)),
        ]);

        var views = new List<ApplicationView>();
        foreach (var response in responses)
        {
            views.Add(await response.ReadAsync<ApplicationView>(HttpStatusCode.Created));
        }

        Assert.Single(views, v => v.Status == ApplicationStatus.Approved);
        var referred = Assert.Single(views, v => v.Status == ApplicationStatus.Referred);
        Assert.Contains(referred.Rules, r => r.Rule == ReferralRules.ReferralCapacity && !r.Passed);
        Assert.Equal(1, await api.WithDbAsync(db => db.Guarantees.CountAsync()));
        await AssertLedgerMatchesGuaranteesAsync(api, 9_000_000);
    }

    [Fact]
    public async Task CapacityLedger_WhenGuaranteeRepaidAndTerminated_TracksOutstandingAndEqualsRecompute()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_cap_lifecycle");
        var client = api.CreateClient();
        var application = await SubmitAsync(client, Application(SyntheticRrn.Adult(30), 10_000_000));
        var id = application.GuaranteeId!.Value;
        await AssertLedgerMatchesGuaranteesAsync(api, 9_000_000);

        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/agreement", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/issuance", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/loan-executed", new { loanAmount = 10_000_000 })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/repayments", new { amount = 4_000_000 })).ExpectAsync(HttpStatusCode.OK);
        await AssertLedgerMatchesGuaranteesAsync(api, 5_400_000);

        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/full-repayment", new { on = new DateOnly(2027, 3, 2) }))
            .ExpectAsync(HttpStatusCode.OK);
        await AssertLedgerMatchesGuaranteesAsync(api, 0);
    }

    private static async Task<ApplicationView> SubmitAsync(HttpClient client, object body) =>
        await (await client.PostAsJsonAsync("/api/guarantees/applications", body)).ReadAsync<ApplicationView>(HttpStatusCode.Created);

    /// <summary>Locks the ledger row, starts the requests, waits until both are blocked on it, then releases it.</summary>
    private static async Task<HttpResponseMessage[]> WhileLedgerHeldAsync(GuaranteeApiFactory api, Func<Task<HttpResponseMessage>[]> start)
    {
        var connectionString = await api.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        await using var holder = new NpgsqlConnection(connectionString);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await using (var lockRow = new NpgsqlCommand("SELECT 1 FROM guarantee.fund_capacity WHERE fund_code = 'KINFA-SUPPLEMENTARY' FOR UPDATE", holder, tx))
        {
            await lockRow.ExecuteScalarAsync();
        }

        var requests = start();
        await using var watcher = new NpgsqlConnection(connectionString);
        await watcher.OpenAsync();
        await Probe.UntilAsync(async () =>
        {
            await using var waiting = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", watcher);
            return (long)(await waiting.ExecuteScalarAsync())! == requests.Length;
        }, "both requests blocked on the capacity ledger row", TimeSpan.FromSeconds(30));
        await tx.CommitAsync();
        return await Task.WhenAll(requests);
    }

    private static async Task AssertLedgerMatchesGuaranteesAsync(GuaranteeApiFactory api, long expected)
    {
        var ledger = await api.WithDbAsync(db => CapacityLedger.ReadAsync(db, FundCodes.KinfaSupplementary, CancellationToken.None));
        var summed = await api.WithDbAsync(db => ExposureQueries.OutstandingGuaranteedAsync(db, CancellationToken.None));
        var recomputed = await api.WithDbAsync(db => CapacityLedger.RecomputeAsync(db, CancellationToken.None));
        Assert.Equal(expected, ledger.OutstandingGuaranteed);
        Assert.Equal(expected, summed);
        Assert.Equal(expected, recomputed);
        Assert.Equal(ledger.FundBalance * 10, ledger.Limit);
    }
}

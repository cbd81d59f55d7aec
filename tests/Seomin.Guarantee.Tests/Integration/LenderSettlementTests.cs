using System.Net;
using System.Net.Http.Json;
using Seomin.Guarantee.Api.Endpoints;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.Testing;

namespace Seomin.Guarantee.Tests.Integration;

/// <summary>
/// 금융기관 보증료 정산 (#17 item 15). Each fee is 9,000,000 × 1% × 1,096/365 = 270,246 (2026-03-02..2029-03-02).
/// NH collects A's fee and, on full repayment on 2026-03-31 (29 days used), pays back 270,246 × 1,067/1,096 = 263,095.3
/// → 263,095, so NH owes 270,246 − 263,095 = 7,151 for March. KB collects C's fee: owes 270,246. B's fee was paid to the
/// agency directly and is in no settlement.
/// </summary>
public sealed class LenderSettlementTests(PlatformServers servers)
{
    private static async Task<Guid> ExecutedAsync(HttpClient client, string lender)
    {
        var application = await (await client.PostAsJsonAsync("/api/guarantees/applications", new
        {
            productCode = "WORKER_SUNSHINE", rrn = SyntheticRrn.Adult(30), channel = "Mobile", lenderCode = lender, requestedAmount = 10_000_000,
            termMonths = 36, employmentMonths = 24, workingDaysLastThreeMonths = new[] { 22, 21, 20 }, annualIncome = 30_000_000, creditScore = 700, creditPercentile = 40, feePaymentPlan = "Upfront",
        })).ReadAsync<ApplicationView>(HttpStatusCode.Created);
        var id = application.GuaranteeId!.Value;
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/agreement", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/issuance", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/loan-executed", new { loanAmount = 10_000_000 })).ExpectAsync(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task MonthlySettlement_NetsLenderRefundsAgainstCollectedFeesAndMatchesRemittances()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_settlement");
        var client = api.CreateClient();
        var a = await ExecutedAsync(client, "NH");
        var b = await ExecutedAsync(client, "NH");
        var c = await ExecutedAsync(client, "KB");
        await (await client.PostAsJsonAsync($"/api/guarantees/{a}/fees/payments", new { amount = 270_246, collectedByLender = true })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{b}/fees/payments", new { amount = 270_246 })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{c}/fees/payments", new { amount = 270_246, collectedByLender = true })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{a}/notices/full-repayment", new { on = new DateOnly(2026, 3, 31) })).ExpectAsync(HttpStatusCode.OK);

        var remittance = new { lenderCode = "NH", month = "2026-03", amount = 7_151, receivedOn = new DateOnly(2026, 4, 10), reference = "NH-202603" };
        var created = await (await client.PostAsJsonAsync("/api/guarantees/settlements/remittances", remittance)).ReadAsync<RemittanceView>(HttpStatusCode.Created);
        var replayed = await (await client.PostAsJsonAsync("/api/guarantees/settlements/remittances", remittance)).ReadAsync<RemittanceView>(HttpStatusCode.OK);
        var conflicting = await client.PostAsJsonAsync("/api/guarantees/settlements/remittances", remittance with { amount = 7_000 });
        await (await client.PostAsJsonAsync("/api/guarantees/settlements/remittances",
            new { lenderCode = "KB", month = "2026-03", amount = 270_000, receivedOn = new DateOnly(2026, 4, 10), reference = "KB-202603" })).ExpectAsync(HttpStatusCode.Created);

        var march = await (await client.GetAsync("/api/guarantees/settlements?month=2026-03")).ReadAsync<PagedResult<LenderSettlement>>(HttpStatusCode.OK);
        var april = await (await client.GetAsync("/api/guarantees/settlements?month=2026-04")).ReadAsync<PagedResult<LenderSettlement>>(HttpStatusCode.OK);
        var statistics = await (await client.GetAsync("/api/guarantees/settlements/statistics?month=2026-03")).ReadAsync<List<LenderProductStatistic>>(HttpStatusCode.OK);
        var badMonth = await (await client.GetAsync("/api/guarantees/settlements?month=2026-13")).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Equal(created.Id, replayed.Id);
        Assert.Equal(HttpStatusCode.Conflict, conflicting.StatusCode);
        Assert.Equal(
            [
                new LenderSettlement("KB", "2026-03", 1, 270_246, 0, 0, 270_246, 270_000, -246, SettlementMatch.Short),
                new LenderSettlement("NH", "2026-03", 1, 270_246, 1, 263_095, 7_151, 7_151, 0, SettlementMatch.Matched),
            ],
            march.Items);
        Assert.Equal(0, april.TotalCount);
        Assert.Equal(
            [
                new LenderProductStatistic("KB", "WORKER_SUNSHINE", 1, 270_246, 0, 0, 270_246),
                new LenderProductStatistic("NH", "WORKER_SUNSHINE", 1, 270_246, 1, 263_095, 7_151),
            ],
            statistics);
        Assert.Contains("month", badMonth, StringComparison.Ordinal);
    }
}

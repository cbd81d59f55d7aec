using System.Net;
using System.Net.Http.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Seomin.Contracts.Contributions;
using Seomin.Contracts.Subrogation;
using Seomin.Guarantee.Api.Endpoints;
using Seomin.Guarantee.Api.Features;
using Seomin.Guarantee.Domain.Capacity;
using Seomin.Guarantee.Domain.Guarantees;
using Seomin.Guarantee.Domain.Screening;
using Seomin.Messaging;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.Testing;

namespace Seomin.Guarantee.Tests.Integration;

/// <summary>Capacity per guarantor fund, FundCode on the events, closing a subrogated guarantee, the daily monitoring list.</summary>
public sealed class FundsAndSubrogationTests(PlatformServers servers)
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static object Application(string rrn, long amount, string product = "WORKER_SUNSHINE", string? branch = null) => new
    {
        productCode = product,
        rrn,
        channel = "Branch",
        lenderCode = "NH",
        branchCode = branch,
        requestedAmount = amount,
        termMonths = product.StartsWith("INCHEON_", StringComparison.Ordinal) ? 60 : 36,
        employmentMonths = 24,
        workingDaysLastThreeMonths = new[] { 22, 21, 20 },
        annualIncome = 30_000_000,
        creditScore = 700,
        creditPercentile = 40,
        businessAgeMonths = 24,
        feePaymentPlan = "Upfront",
    };

    private static async Task<ApplicationView> SubmitAsync(HttpClient client, object body) =>
        await (await client.PostAsJsonAsync("/api/guarantees/applications", body)).ReadAsync<ApplicationView>(HttpStatusCode.Created);

    private static async Task<Guid> ExecutedAsync(HttpClient client, string rrn, long amount = 10_000_000)
    {
        var application = await SubmitAsync(client, Application(rrn, amount));
        var id = application.GuaranteeId!.Value;
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/agreement", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/issuance", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/loan-executed", new { loanAmount = amount })).ExpectAsync(HttpStatusCode.OK);
        return id;
    }

    [Fact]
    public async Task Approval_WhenItsFundIsExhausted_IsRefusedWhileAnotherFundStillIssues()
    {
        // INCHEON-BASE: ₩1,000,000 × 10 = ₩10,000,000 of capacity; KINFA-SUPPLEMENTARY keeps the default ₩100bn.
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_fund_capacity",
            settings: new Dictionary<string, string> { ["Guarantee:Capacity:Funds:INCHEON-BASE:InitialFundBalance"] = "1000000" });
        var client = api.CreateClient();

        // ₩12M on the Incheon programme guarantees ₩12M (100%): above its fund's ₩10M → referred, and staff approval is 422.
        var incheon = await SubmitAsync(client, Application(SyntheticRrn.Adult(30), 12_000_000, "INCHEON_COVID19"));
        var refused = await (await api.CreateCheckerClient().PostAsJsonAsync($"/api/guarantees/applications/{incheon.Id}/approval", new { amount = 12_000_000 }))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity);
        // ₩12M of 근로자햇살론 on KINFA's account issues at once.
        var kinfa = await SubmitAsync(client, Application(SyntheticRrn.Adult(31), 12_000_000));

        Assert.Equal(ApplicationStatus.Referred, incheon.Status);
        Assert.Contains(incheon.Rules, r => r.Rule == ReferralRules.ReferralCapacity && !r.Passed);
        Assert.Contains(CapacityRule.GuaranteesMustStayWithinOperatingMultiple, refused, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Approved, kinfa.Status);
        var kinfaLedger = await api.WithDbAsync(db => CapacityLedger.ReadAsync(db, FundCodes.KinfaSupplementary, CancellationToken.None));
        var incheonLedger = await api.WithDbAsync(db => CapacityLedger.ReadAsync(db, FundCodes.IncheonBase, CancellationToken.None));
        Assert.Equal(10_800_000, kinfaLedger.OutstandingGuaranteed);
        Assert.Equal(0, incheonLedger.OutstandingGuaranteed);
        Assert.Equal(10_000_000, incheonLedger.Limit);

        // The foundation's fund grows to ₩2M (limit ₩20M): the same approval now goes through; an older sequence is ignored.
        var bus = api.Services.GetRequiredService<IBus>();
        await bus.Publish(new GuaranteeFundBalanceChanged
        {
            EventId = Guid.NewGuid(), FundCode = FundCodes.IncheonBase, Balance = 2_000_000, Sequence = 5, OccurredAt = api.Time.GetUtcNow(),
        });
        await Probe.UntilAsync(
            async () => (await api.WithDbAsync(db => CapacityLedger.ReadAsync(db, FundCodes.IncheonBase, CancellationToken.None))).Limit == 20_000_000,
            "the Incheon fund's new limit", TimeSpan.FromSeconds(30));
        await bus.Publish(new GuaranteeFundBalanceChanged
        {
            EventId = Guid.NewGuid(), FundCode = FundCodes.IncheonBase, Balance = 500_000, Sequence = 4, OccurredAt = api.Time.GetUtcNow(),
        });
        var approved = await (await api.CreateCheckerClient().PostAsJsonAsync($"/api/guarantees/applications/{incheon.Id}/approval", new { amount = 12_000_000 }))
            .ReadAsync<ApplicationView>(HttpStatusCode.OK);
        var report = await (await client.GetAsync("/api/guarantees/reports/operating-multiple?fundCode=INCHEON-BASE"))
            .ReadAsync<OperatingMultipleReport>(HttpStatusCode.OK);
        var funds = await (await client.GetAsync("/api/guarantees/reports/operating-multiple/funds"))
            .ReadAsync<List<OperatingMultipleReport>>(HttpStatusCode.OK);

        Assert.Equal(ApplicationStatus.Approved, approved.Status);
        Assert.Equal(new OperatingMultipleReport(2_000_000, 12_000_000, 6m, 10m, 20_000_000, 8_000_000) { FundCode = FundCodes.IncheonBase }, report);
        Assert.Equal(FundCodes.All, funds.Select(f => f.FundCode));
        Assert.Equal(10_800_000, funds.Single(f => f.FundCode == FundCodes.KinfaSupplementary).OutstandingGuaranteed);
        // The older sequence 4 (₩500,000) changed nothing.
        Assert.Equal(2_000_000, await api.WithDbAsync(db => db.FundBalances.Where(f => f.FundCode == FundCodes.IncheonBase).Select(f => f.Balance).SingleAsync()));
        var kinfaGuarantee = await (await client.GetAsync($"/api/guarantees/{kinfa.GuaranteeId}")).ReadAsync<GuaranteeView>(HttpStatusCode.OK);
        Assert.Equal(FundCodes.KinfaSupplementary, kinfaGuarantee.FundCode);
    }

    [Fact]
    public async Task SubrogationPaid_WhenPublished_ClosesGuaranteeReleasesCapacityAndPublishesTerminatedOnce()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_subrogated");
        var client = api.CreateClient();
        var id = await ExecutedAsync(client, SyntheticRrn.Adult(30));
        var fee = (await (await client.GetAsync($"/api/guarantees/{id}/fees")).ReadAsync<FeeView>(HttpStatusCode.OK)).Instalments.Single().Amount;
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/fees/payments", new { amount = fee })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/accidents", new { occurredOn = Today.AddDays(200), kind = "Default" }))
            .ExpectAsync(HttpStatusCode.OK);
        // An executed guarantee whose accident notice has not reached this service yet (out of order).
        var early = await ExecutedAsync(client, SyntheticRrn.Adult(40), 5_000_000);
        Assert.Equal(9_000_000 + 4_500_000, (await api.WithDbAsync(db => CapacityLedger.ReadAsync(db, FundCodes.KinfaSupplementary, CancellationToken.None))).OutstandingGuaranteed);

        var bus = api.Services.GetRequiredService<IBus>();
        var claim = Guid.NewGuid();
        SubrogationPaid Paid(Guid guarantee, Guid claimId) => new()
        {
            EventId = Guid.NewGuid(), ClaimId = claimId, GuaranteeId = guarantee, CustomerId = "C", LenderCode = "NH", FundCode = FundCodes.KinfaSupplementary,
            Amount = 9_000_000, PaidOn = Today.AddDays(300), OccurredAt = api.Time.GetUtcNow(),
        };
        await bus.Publish(Paid(id, claim));
        await bus.Publish(Paid(id, claim));
        await bus.Publish(Paid(early, Guid.NewGuid()));
        await Probe.UntilAsync(
            () => api.WithDbAsync(db => db.Guarantees.CountAsync(g => g.Status == GuaranteeStatus.Subrogated).ContinueWith(t => t.Result == 2)),
            "both guarantees subrogated", TimeSpan.FromSeconds(30));
        await Probe.UntilAsync(
            () => api.WithDbAsync(db => db.Set<InboxMessage>().CountAsync(m => m.ConsumerEndpoint.Contains("subrogation-paid")).ContinueWith(t => t.Result == 3)),
            "all three payment messages consumed", TimeSpan.FromSeconds(30));

        var raw = await (await client.GetAsync($"/api/guarantees/{id}")).ExpectAsync(HttpStatusCode.OK);
        var view = await (await client.GetAsync($"/api/guarantees/{id}")).ReadAsync<GuaranteeView>(HttpStatusCode.OK);
        // The API writes enum values in camelCase like every other status ("issued", "terminated"): GuaranteeStatus.Subrogated.
        Assert.True(raw.Contains("\"status\":\"subrogated\"", StringComparison.Ordinal), raw);
        Assert.Equal(GuaranteeStatus.Subrogated, view.Status);
        Assert.Equal(Today.AddDays(300), view.EndedOn);
        Assert.Equal("subrogated", view.EndReason);
        Assert.Equal(0, view.OutstandingGuaranteed);
        Assert.Equal(0, (await api.WithDbAsync(db => CapacityLedger.ReadAsync(db, FundCodes.KinfaSupplementary, CancellationToken.None))).OutstandingGuaranteed);
        Assert.Equal(0, await api.WithDbAsync(db => CapacityLedger.RecomputeAsync(db, CancellationToken.None)));
        var terminated = await api.WithDbAsync(db => db.Set<OutboxMessage>().Where(m => m.MessageType == "guarantee.terminated").Select(m => m.Body).ToListAsync());
        Assert.Equal(2, terminated.Count);
        Assert.Single(terminated, b => b.Contains(id.ToString(), StringComparison.Ordinal));
        Assert.All(terminated, b => Assert.Contains("\"reason\":\"subrogated\"", b, StringComparison.Ordinal));
        // No fee accrues after the payment: the fee instalment is owed only up to the payment date.
        var fees = await (await client.GetAsync($"/api/guarantees/{id}/fees")).ReadAsync<FeeView>(HttpStatusCode.OK);
        Assert.True(fees.Instalments.Single(i => i.Kind == Seomin.Guarantee.Domain.Fees.FeeInstalmentKind.Fee).Reduction > 0);
        Assert.Equal(fees.LedgerSum, fees.PaidBalance);
    }

    [Fact]
    public async Task Events_CarryTheProductsFund()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_fund_events");
        var client = api.CreateClient();
        var kinfa = await ExecutedAsync(client, SyntheticRrn.Adult(30));
        var incheon = (await SubmitAsync(client, Application(SyntheticRrn.Adult(31), 5_000_000, "INCHEON_COVID19"))).GuaranteeId!.Value;
        await (await client.PostAsJsonAsync($"/api/guarantees/{incheon}/agreement", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{incheon}/issuance", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{kinfa}/fees/payments", new { amount = 300_000 })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{kinfa}/refunds", new { })).ExpectAsync(HttpStatusCode.OK);

        var bodies = await api.WithDbAsync(db => db.Set<OutboxMessage>()
            .Where(m => m.MessageType == "guarantee.issued" || m.MessageType == "guarantee.fee-paid" || m.MessageType == "guarantee.fee-refunded")
            .Select(m => new { m.MessageType, m.Body }).ToListAsync());

        Assert.Single(bodies, b => b.MessageType == "guarantee.issued" && b.Body.Contains(incheon.ToString(), StringComparison.Ordinal)
            && b.Body.Contains("\"fundCode\":\"INCHEON-BASE\"", StringComparison.Ordinal));
        Assert.Single(bodies, b => b.MessageType == "guarantee.issued" && b.Body.Contains(kinfa.ToString(), StringComparison.Ordinal)
            && b.Body.Contains("\"fundCode\":\"KINFA-SUPPLEMENTARY\"", StringComparison.Ordinal));
        Assert.Single(bodies, b => b.MessageType == "guarantee.fee-paid" && b.Body.Contains("\"fundCode\":\"KINFA-SUPPLEMENTARY\"", StringComparison.Ordinal));
        Assert.Single(bodies, b => b.MessageType == "guarantee.fee-refunded" && b.Body.Contains("\"fundCode\":\"KINFA-SUPPLEMENTARY\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DailyMonitoring_ListsGuaranteesAboveThirtyMillionGuaranteedByBranchGroup()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_monitoring");
        var client = api.CreateClient();
        await (await client.PostAsJsonAsync("/api/guarantees/products/WORKER_SUNSHINE/versions", new { effectiveFrom = Today, maxAmountPerPerson = 50_000_000 }))
            .ExpectAsync(HttpStatusCode.Created);

        // 40M × 90% = 36M (listed); 34M × 90% = 30.6M (listed); 33M × 90% = 29.7M: a loan above 30M whose guarantee is not.
        await SubmitAsync(client, Application(SyntheticRrn.Adult(30), 40_000_000, branch: "부평"));
        await SubmitAsync(client, Application(SyntheticRrn.Adult(31), 34_000_000, branch: "연수"));
        await SubmitAsync(client, Application(SyntheticRrn.Adult(32), 33_000_000, branch: "계양"));
        await SubmitAsync(client, Application(SyntheticRrn.Adult(33), 35_000_000));

        var all = await (await client.GetAsync("/api/guarantees/reports/daily-monitoring?date=2026-03-02"))
            .ReadAsync<PagedResult<MonitoringLine>>(HttpStatusCode.OK);
        var groupOne = await (await client.GetAsync("/api/guarantees/reports/daily-monitoring?date=2026-03-02&branchGroup=I"))
            .ReadAsync<PagedResult<MonitoringLine>>(HttpStatusCode.OK);
        var unassigned = await (await client.GetAsync("/api/guarantees/reports/daily-monitoring?date=2026-03-02&branchGroup=Unassigned"))
            .ReadAsync<PagedResult<MonitoringLine>>(HttpStatusCode.OK);
        var page2 = await (await client.GetAsync("/api/guarantees/reports/daily-monitoring?date=2026-03-02&page=2&pageSize=2"))
            .ReadAsync<PagedResult<MonitoringLine>>(HttpStatusCode.OK);
        var otherDay = await (await client.GetAsync("/api/guarantees/reports/daily-monitoring?date=2026-03-03"))
            .ReadAsync<PagedResult<MonitoringLine>>(HttpStatusCode.OK);
        var badGroup = await (await client.GetAsync("/api/guarantees/reports/daily-monitoring?branchGroup=III")).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Equal(3, all.TotalCount);
        // Ordered by branch (no branch last), then by amount.
        Assert.Equal([36_000_000L, 30_600_000L, 31_500_000L], all.Items.Select(l => l.GuaranteedAmount).ToArray());
        var one = Assert.Single(groupOne.Items);
        Assert.Equal(("부평", "I", 36_000_000L), (one.BranchCode, one.BranchGroup, one.GuaranteedAmount));
        Assert.Equal(31_500_000, Assert.Single(unassigned.Items).GuaranteedAmount);
        Assert.Equal(31_500_000, Assert.Single(page2.Items).GuaranteedAmount);
        Assert.Equal(0, otherDay.TotalCount);
        Assert.Contains("branchGroup", badGroup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SupplyReport_WhenThePlanCountsExtensions_AddsTheExtendedBalance()
    {
        // The foundation's plan counts 기한연장 as supply (seed 003). A 2026 plan of ₩100M for the fund, set up here:
        // a ₩10M loan executed and then extended (balance ₩10M) supplies ₩20M = 20% of the fund's plan; the product line,
        // whose plan row does not count extensions, shows the ₩10M executed.
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_supply_extensions");
        await api.WithDbAsync(async db =>
        {
            db.SupplyPlans.Add(new Seomin.Guarantee.Api.Data.SupplyPlan
            {
                ProductCode = FundCodes.IncheonBase, Year = 2026, PlannedAmount = 100_000_000, CountsExtensions = true, Source = "test plan",
            });
            return await db.SaveChangesAsync();
        });
        var client = api.CreateClient();
        var id = (await SubmitAsync(client, Application(SyntheticRrn.Adult(30), 10_000_000, "INCHEON_COVID19"))).GuaranteeId!.Value;
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/agreement", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/issuance", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/loan-executed", new { loanAmount = 10_000_000 })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/extensions", new { extendedOn = new DateOnly(2026, 6, 1), additionalMonths = 12 }))
            .ExpectAsync(HttpStatusCode.OK);

        var supply = await (await client.GetAsync("/api/guarantees/reports/supply?year=2026")).ReadAsync<SupplyReport>(HttpStatusCode.OK);

        var fund = Assert.Single(supply.Products, l => l.ProductCode == FundCodes.IncheonBase);
        Assert.Equal((20_000_000L, 2, 20m, 10_000_000L, 1), (fund.SuppliedAmount, fund.SuppliedCount, fund.AchievementPercent, fund.ExtensionAmount, fund.ExtensionCount));
        var product = Assert.Single(supply.Products, l => l.ProductCode == "INCHEON_COVID19");
        Assert.Equal((10_000_000L, 0L), (product.SuppliedAmount, product.ExtensionAmount));
        Assert.Equal(10_000_000, supply.TotalSupplied);
    }
}

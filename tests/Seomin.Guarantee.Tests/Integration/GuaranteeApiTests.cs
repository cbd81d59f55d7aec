using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Seomin.Contracts.Counseling;
using Seomin.Contracts.Guarantee;
using Seomin.Guarantee.Api.Endpoints;
using Seomin.Guarantee.Api.Features.Lapse;
using Seomin.Guarantee.Domain.Fees;
using Seomin.Guarantee.Domain.Guarantees;
using Seomin.Guarantee.Domain.Screening;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.Messaging;
using Seomin.PersonalData.Audit;
using Seomin.Testing;

namespace Seomin.Guarantee.Tests.Integration;

public sealed class GuaranteeApiTests(PlatformServers servers)
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    private static object Application(string rrn, long amount = 10_000_000, string product = "WORKER_SUNSHINE", long income = 30_000_000,
        int creditScore = 700, int? businessAgeMonths = null, string plan = "Upfront", int term = 36) => new
    {
        productCode = product,
        rrn,
        channel = "Mobile",
        lenderCode = "NH",
        requestedAmount = amount,
        termMonths = term,
        employmentMonths = 24,
        workingDaysLastThreeMonths = new[] { 22, 21, 20 },
        annualIncome = income,
        creditScore,
        creditPercentile = 40,
        businessAgeMonths,
        feePaymentPlan = plan,
    };

    private static async Task<ApplicationView> SubmitAsync(HttpClient client, object body, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/guarantees/applications") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await client.SendAsync(request);
        return await response.ReadAsync<ApplicationView>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Guarantee_WhenTakenFromApplicationToFullRepayment_RefundsUnusedFeeAndPublishesEvents()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_lifecycle");
        await using var bus = await BusQueue.BindAsync(api.Messaging,
            typeof(GuaranteeApplicationSubmitted), typeof(GuaranteeIssued), typeof(GuaranteeLoanExecuted), typeof(GuaranteeFeePaid),
            typeof(GuaranteeFeeRefunded), typeof(GuaranteeTerminated));
        var client = api.CreateClient();

        var application = await SubmitAsync(client, Application(SyntheticRrn.Adult(30)));
        Assert.Equal(ApplicationStatus.Approved, application.Status);
        Assert.Matches("^[0-9]{6}-\\*{7}$", application.MaskedRrn);
        var id = application.GuaranteeId!.Value;

        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/agreement", new { })).ExpectAsync(HttpStatusCode.OK);
        var issued = await (await client.PostAsJsonAsync($"/api/guarantees/{id}/issuance", new { })).ReadAsync<GuaranteeView>(HttpStatusCode.OK);
        Assert.StartsWith("SG2026-", issued.CertificateNumber, StringComparison.Ordinal);
        Assert.Equal(Today.AddMonths(36), issued.EndDate);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/loan-executed", new { loanAmount = 10_000_000 })).ExpectAsync(HttpStatusCode.OK);
        var fees = await (await client.GetAsync($"/api/guarantees/{id}/fees")).ReadAsync<FeeView>(HttpStatusCode.OK);
        var fee = Assert.Single(fees.Instalments).Amount;
        Assert.Equal(270_246, fee);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/fees/payments", new { amount = fee })).ExpectAsync(HttpStatusCode.OK);
        var repaid = await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/repayments", new { amount = 4_000_000 }))
            .ReadAsync<GuaranteeView>(HttpStatusCode.OK);
        Assert.Equal(6_000_000, repaid.LoanBalance);
        var ended = await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/full-repayment", new { on = Today.AddDays(365) }))
            .ReadAsync<GuaranteeView>(HttpStatusCode.OK);

        Assert.Equal(GuaranteeStatus.Terminated, ended.Status);
        var after = await (await client.GetAsync($"/api/guarantees/{id}/fees")).ReadAsync<FeeView>(HttpStatusCode.OK);
        var refund = Assert.Single(after.Ledger, e => e.Amount < 0);
        Assert.Equal(-180_246, refund.Amount);
        Assert.Equal(after.LedgerSum, after.PaidBalance);
        Assert.Equal(90_000, after.PaidBalance);
        await Probe.UntilAsync(async () =>
        {
            var received = await bus.ReceivedAsync();
            return received.Any(m => m.Contains("GuaranteeTerminated", StringComparison.Ordinal) && m.Contains(id.ToString(), StringComparison.Ordinal))
                && received.Any(m => m.Contains("GuaranteeFeeRefunded", StringComparison.Ordinal) && m.Contains("180246", StringComparison.Ordinal)
                    && Regex.IsMatch(m, $"\"refundedOn\":\\s*\"{Today.AddDays(365):yyyy-MM-dd}\"")) // the business date, for the fund ledger
                && received.Any(m => m.Contains("GuaranteeFeePaid", StringComparison.Ordinal) && m.Contains("270246", StringComparison.Ordinal)
                    && Regex.IsMatch(m, $"\"paidOn\":\\s*\"{Today:yyyy-MM-dd}\""))
                && received.Any(m => m.Contains("GuaranteeIssued", StringComparison.Ordinal) && m.Contains(issued.CertificateNumber!, StringComparison.Ordinal))
                && received.Any(m => m.Contains("GuaranteeApplicationSubmitted", StringComparison.Ordinal));
        }, "issued, fee-refunded and terminated events on the bus", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task PayFee_WhenLateFeeAssessedInAnEarlierRequest_ChargesOneTruncationOverTheWholeUnpaidTime()
    {
        // 시행령 44③ (10%/yr): fee 270,246 unpaid from 2026-03-02. Day 120: 270,246 × 10% × 120/365 = 8,884.8 → 8,884.
        // Paid on day 180: the total 270,246 × 10% × 180/365 = 13,327.2 → 13,327 adds 4,443 (restarting at day 120 would add 4,442).
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_late_fee");
        var client = api.CreateClient();
        var id = (await SubmitAsync(client, Application(SyntheticRrn.Adult(31)))).GuaranteeId!.Value;
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/agreement", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/issuance", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/loan-executed", new { loanAmount = 10_000_000 })).ExpectAsync(HttpStatusCode.OK);

        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/fees/late-fees", new { on = Today.AddDays(120) })).ExpectAsync(HttpStatusCode.OK);
        var paid = await (await client.PostAsJsonAsync($"/api/guarantees/{id}/fees/payments", new { paidOn = Today.AddDays(180), amount = 270_246 + 13_327 }))
            .ReadAsync<FeeView>(HttpStatusCode.OK);
        var refund = await client.PostAsJsonAsync($"/api/guarantees/{id}/refunds", new { });

        Assert.Equal([8_884L, 4_443L], paid.Instalments.Where(i => i.Kind == FeeInstalmentKind.LateFee).Select(i => i.Amount));
        Assert.Equal(0, paid.FeesOutstanding);
        Assert.Equal(0, paid.Overpayment);
        Assert.Equal(paid.LedgerSum, paid.PaidBalance);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refund.StatusCode);
    }

    [Fact]
    public async Task SubmitApplication_WhenSameKeyAndBody_ReplaysFirstResponseAndDifferentBodyIs422()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_idempotency");
        var client = api.CreateClient();
        var rrn = SyntheticRrn.Adult(30);

        var first = await SubmitAsync(client, Application(rrn), "key-1");
        var second = await SubmitAsync(client, Application(rrn), "key-1");
        using var different = new HttpRequestMessage(HttpMethod.Post, "/api/guarantees/applications") { Content = JsonContent.Create(Application(rrn, amount: 5_000_000)) };
        different.Headers.Add("Idempotency-Key", "key-1");
        var conflict = await (await client.SendAsync(different)).ExpectAsync(HttpStatusCode.UnprocessableEntity);

        Assert.Equal(first.Id, second.Id);
        Assert.Contains("IdempotencyKeyMustMatchBody", conflict, StringComparison.Ordinal);
        Assert.Equal(1, await api.WithDbAsync(db => db.Applications.CountAsync()));
        Assert.Equal(1, await api.WithDbAsync(db => db.Guarantees.CountAsync()));
    }

    [Fact]
    public async Task SubmitApplication_WhenReplayed_AnswersWithTheFirstStatusLocationAndReplayHeader()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_idem_replay");
        var client = api.CreateClient();
        var body = Application(SyntheticRrn.Adult(30));

        using var first = await SendWithKeyAsync(client, body, "replay-1");
        using var second = await SendWithKeyAsync(client, body, "replay-1");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", Assert.Single(second.Headers.GetValues("Idempotent-Replayed")));
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SubmitApplication_WhenFirstAttemptFailed_SameKeyIsProcessedAgain()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_idem_retry");
        var client = api.CreateClient();
        var rrn = SyntheticRrn.Adult(30);

        using var refused = await SendWithKeyAsync(client, Application(rrn, product: "NOPE"), "retry-1");
        using var accepted = await SendWithKeyAsync(client, Application(rrn), "retry-1");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        Assert.Equal(1, await api.WithDbAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task SubmitApplication_WhenTwoEmployeesUseTheSameKey_BothAreProcessed()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_idem_clients");

        using var alpha = await SendWithKeyAsync(api.CreateClient(), Application(SyntheticRrn.Adult(30)), "shared-1");
        using var beta = await SendWithKeyAsync(api.CreateCheckerClient(), Application(SyntheticRrn.Adult(31)), "shared-1");

        Assert.Equal(HttpStatusCode.Created, alpha.StatusCode);
        Assert.Equal(HttpStatusCode.Created, beta.StatusCode);
        Assert.Equal(2, await api.WithDbAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task SubmitApplication_WhenAClientHeaderIsSent_TheKeyStaysTheCallers()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_idem_header");
        var client = api.CreateClient();

        using var first = await SendWithKeyAsync(client, Application(SyntheticRrn.Adult(30)), "header-1", spoofedClientHeader: "alpha");
        using var second = await SendWithKeyAsync(client, Application(SyntheticRrn.Adult(31)), "header-1", spoofedClientHeader: "beta");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, second.StatusCode);
        Assert.Contains("IdempotencyKeyMustMatchBody", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await api.WithDbAsync(db => db.Applications.CountAsync()));
    }

    [Fact]
    public async Task SubmitApplication_WhenKeyTooLong_Is400()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_idem_long");
        var client = api.CreateClient();

        using var response = await SendWithKeyAsync(client, Application(SyntheticRrn.Adult(30)), new string('k', 201));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await api.WithDbAsync(db => db.Applications.CountAsync()));
    }

    private static async Task<HttpResponseMessage> SendWithKeyAsync(HttpClient client, object body, string key, string? spoofedClientHeader = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/guarantees/applications") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        if (spoofedClientHeader is not null)
        {
            request.Headers.Add("X-Seomin-Client-Id", spoofedClientHeader);
        }

        return await client.SendAsync(request);
    }

    [Fact]
    public async Task SubmitApplication_WhenBadInput_ReturnsProblemAndPersistsNothing()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_bad_input");
        var client = api.CreateClient();
        var rrn = SyntheticRrn.Adult(30);

        var unknown = await (await client.PostAsJsonAsync("/api/guarantees/applications", Application(rrn, product: "NOPE"))).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var income = await (await client.PostAsJsonAsync("/api/guarantees/applications", Application(rrn, income: 60_000_000))).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var limit = await (await client.PostAsJsonAsync("/api/guarantees/applications", Application(rrn, amount: 20_000_001))).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var term = await (await client.PostAsJsonAsync("/api/guarantees/applications", Application(rrn, term: 48))).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var youth = await (await client.PostAsJsonAsync("/api/guarantees/applications", Application(SyntheticRrn.Adult(40), product: "YOUTH_SUNSHINE", amount: 5_000_000, term: 12)))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var fraction = await (await client.PostAsync("/api/guarantees/applications",
            new StringContent($$"""{"productCode":"WORKER_SUNSHINE","rrn":"{{rrn}}","lenderCode":"NH","requestedAmount":1000.5,"termMonths":36,"creditScore":700}""",
                System.Text.Encoding.UTF8, "application/json"))).ExpectAsync(HttpStatusCode.BadRequest);
        var synthetic = SyntheticRrn.Adult(30);
        var monthThirteen = synthetic[..2] + "13" + synthetic[4..];
        var badRrn = await (await client.PostAsJsonAsync("/api/guarantees/applications", Application(monthThirteen))).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains("ProductMustExist", unknown, StringComparison.Ordinal);
        Assert.Contains("IncomeMustFallInBand", income, StringComparison.Ordinal);
        Assert.Contains("AmountMustNotExceedPerPersonLimit", limit, StringComparison.Ordinal);
        Assert.Contains("TermMustBeOffered", term, StringComparison.Ordinal);
        Assert.Contains("AgeMustBeInRange", youth, StringComparison.Ordinal);
        Assert.Contains("requestedAmount", fraction, StringComparison.Ordinal);
        Assert.Contains("rrn", badRrn, StringComparison.Ordinal);
        Assert.DoesNotContain(monthThirteen[..6], badRrn, StringComparison.Ordinal);
        Assert.Equal(0, await api.WithDbAsync(db => db.Applications.CountAsync()));
        Assert.Equal(0, await api.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync()));
    }

    [Fact]
    public async Task LenderNotice_WhenGuaranteeUnknownTerminatedOrRepaymentTooLarge_IsRefusedWithoutEvent()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_notices");
        var client = api.CreateClient();
        var id = (await SubmitAsync(client, Application(SyntheticRrn.Adult(30)))).GuaranteeId!.Value;
        await client.PostAsJsonAsync($"/api/guarantees/{id}/agreement", new { });
        await client.PostAsJsonAsync($"/api/guarantees/{id}/issuance", new { });
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/loan-executed", new { loanAmount = 10_000_000 })).ExpectAsync(HttpStatusCode.OK);
        var events = await api.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync());

        await (await client.PostAsJsonAsync($"/api/guarantees/{Guid.NewGuid()}/notices/repayments", new { amount = 1 })).ExpectAsync(HttpStatusCode.NotFound);
        var tooLarge = await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/repayments", new { amount = 10_000_001 })).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/cures", new { })).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Equal(events, await api.WithDbAsync(db => db.Set<OutboxMessage>().CountAsync()));
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/full-repayment", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/repayments", new { amount = 1 })).ExpectAsync(HttpStatusCode.Conflict);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/accidents", new { kind = "Default" })).ExpectAsync(HttpStatusCode.Conflict);

        Assert.Contains("RepaymentMustNotExceedBalance", tooLarge, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApproveApplication_WhenReferredForFieldSurvey_CreatesGuaranteeAndAuditsDecisionAndRead()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_referral");
        var client = api.CreateClient();

        var referred = await SubmitAsync(client, Application(SyntheticRrn.Adult(30), product: "INCHEON_YOUTH_STARTUP", creditScore: 600, businessAgeMonths: 12, term: 60));
        Assert.Equal(ApplicationStatus.Referred, referred.Status);
        Assert.Contains(referred.Rules, r => r.Rule == ReferralRules.ReferralFieldSurvey && !r.Passed);
        var checker = api.CreateCheckerClient();
        var approved = await (await checker.PostAsJsonAsync($"/api/guarantees/applications/{referred.Id}/approval", new { amount = 8_000_000, decidedBy = "spoofed" }))
            .ReadAsync<ApplicationView>(HttpStatusCode.OK);
        await (await checker.PostAsJsonAsync($"/api/guarantees/applications/{referred.Id}/rejection", new { reason = "late" })).ExpectAsync(HttpStatusCode.Conflict);
        var read = await (await client.GetAsync($"/api/guarantees/applications/{referred.Id}")).ExpectAsync(HttpStatusCode.OK);
        var list = await (await client.GetAsync("/api/guarantees/applications?page=1&pageSize=10")).ReadAsync<PagedResult<ApplicationView>>(HttpStatusCode.OK);

        Assert.Equal(8_000_000, approved.ApprovedAmount);
        Assert.Equal(GuaranteeApiFactory.Checker, approved.DecidedBy);
        Assert.Equal(GuaranteeApiFactory.Maker, approved.SubmittedBy);
        var guarantee = await api.WithDbAsync(db => db.Guarantees.SingleAsync());
        Assert.Equal(8_000_000, guarantee.ApprovedLoanAmount);
        Assert.Equal(approved.GuaranteeId, guarantee.Id);
        Assert.Matches("^[0-9]{6}-\\*{7}$", Assert.Single(list.Items).MaskedRrn);
        Assert.DoesNotMatch("[0-9]{6}-[0-9]{7}", read);
        var audit = await api.WithDbAsync(db => db.Set<AuditLogEntry>().Select(a => a.Action).ToListAsync());
        Assert.Contains(AuditAction.Change, audit);
        Assert.Contains(AuditAction.View, audit);
    }

    [Fact]
    public async Task SubmitApplication_WhenCapacityWouldBeExceeded_RefersAndStaffApprovalIsRefused()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_capacity", fundBalance: 1_000_000);
        var client = api.CreateClient();

        var referred = await SubmitAsync(client, Application(SyntheticRrn.Adult(30), amount: 12_000_000));
        var refused = await (await api.CreateCheckerClient().PostAsJsonAsync($"/api/guarantees/applications/{referred.Id}/approval", new { amount = 12_000_000 }))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var multiple = await (await client.GetAsync("/api/guarantees/reports/operating-multiple")).ReadAsync<OperatingMultipleReport>(HttpStatusCode.OK);

        Assert.Equal(ApplicationStatus.Referred, referred.Status);
        Assert.Contains(referred.Rules, r => r.Rule == ReferralRules.ReferralCapacity && !r.Passed);
        Assert.Contains("GuaranteesMustStayWithinOperatingMultiple", refused, StringComparison.Ordinal);
        Assert.Equal(10_000_000, multiple.CapacityLimit);
        Assert.Equal(0, await api.WithDbAsync(db => db.Guarantees.CountAsync()));
    }

    [Fact]
    public async Task PreApplicationCounselingCompleted_WhenPublishedOnBus_LowersFeeOfLaterGuarantee()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_incentive");
        var client = api.CreateClient();
        var rrn = SyntheticRrn.Adult(30);
        var before = await SubmitAsync(client, Application(rrn, amount: 5_000_000));
        var beforeRate = (await api.WithDbAsync(db => db.Guarantees.SingleAsync(g => g.Id == before.GuaranteeId))).FeeRate;

        await api.Services.GetRequiredService<IBus>().Publish(new PreApplicationCounselingCompleted
        {
            EventId = Guid.NewGuid(),
            CompletionId = Guid.NewGuid(),
            CustomerId = before.CustomerId,
            ValidFrom = Today.AddDays(-1),
            ValidUntil = Today.AddDays(90),
            OccurredAt = api.Time.GetUtcNow(),
        });
        await Probe.UntilAsync(
            () => api.WithDbAsync(db => db.CustomerIncentives.AnyAsync(i => i.CustomerId == before.CustomerId)),
            "the counseling incentive projected from the bus", TimeSpan.FromSeconds(30));
        var after = await SubmitAsync(client, Application(rrn, amount: 5_000_000));
        var afterRate = (await api.WithDbAsync(db => db.Guarantees.SingleAsync(g => g.Id == after.GuaranteeId))).FeeRate;

        Assert.Equal(0.01m, beforeRate);
        Assert.Equal(0.009m, afterRate);
    }

    [Fact]
    public async Task LapseJob_WhenNoLoanWithinSixtyDays_LapsesGuaranteeAndPublishesEvent()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_lapse");
        var client = api.CreateClient();
        var id = (await SubmitAsync(client, Application(SyntheticRrn.Adult(30)))).GuaranteeId!.Value;
        var job = api.Services.GetRequiredService<GuaranteeLapse>();

        var early = await job.RunOnceAsync(CancellationToken.None);
        api.Time.Advance(TimeSpan.FromDays(61));
        var lapsed = await job.RunOnceAsync(CancellationToken.None);

        Assert.Equal(0, early);
        Assert.Equal(1, lapsed);
        var view = await (await client.GetAsync($"/api/guarantees/{id}")).ReadAsync<GuaranteeView>(HttpStatusCode.OK);
        Assert.Equal(GuaranteeStatus.Lapsed, view.Status);
        Assert.True(await api.WithDbAsync(db => db.Set<OutboxMessage>().AnyAsync(m => m.MessageType == "guarantee.lapsed")));
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/agreement", new { })).ExpectAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Reports_WhenLoansExecuted_ShowSupplyAgainstPlanAndOutstanding()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_reports");
        var client = api.CreateClient();
        var id = (await SubmitAsync(client, Application(SyntheticRrn.Adult(30)))).GuaranteeId!.Value;
        await client.PostAsJsonAsync($"/api/guarantees/{id}/agreement", new { });
        await client.PostAsJsonAsync($"/api/guarantees/{id}/issuance", new { });
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/notices/loan-executed", new { loanAmount = 10_000_000 })).ExpectAsync(HttpStatusCode.OK);

        var supply = await (await client.GetAsync("/api/guarantees/reports/supply?year=2026")).ReadAsync<SupplyReport>(HttpStatusCode.OK);
        var plan2021 = await (await client.GetAsync("/api/guarantees/reports/supply?year=2021")).ReadAsync<SupplyReport>(HttpStatusCode.OK);
        var plan2020 = await (await client.GetAsync("/api/guarantees/reports/supply?year=2020")).ReadAsync<SupplyReport>(HttpStatusCode.OK);
        var outstanding = await (await client.GetAsync("/api/guarantees/reports/outstanding")).ReadAsync<OutstandingReport>(HttpStatusCode.OK);
        var products = await (await client.GetAsync("/api/guarantees/products")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(10_000_000, Assert.Single(supply.Products, p => p.ProductCode == "WORKER_SUNSHINE").SuppliedAmount);
        Assert.Equal(2_400_000_000_000, Assert.Single(plan2021.Products, p => p.ProductCode == "WORKER_SUNSHINE").PlannedAmount);
        // Seed 001's 2020 column (억원): plan 49,000 / estimate 48,961; YOUTH 2,214 / 2,000 = 110.7% (the seed prints 100.6%).
        Assert.Equal(4_900_000_000_000, plan2020.TotalPlanned);
        Assert.Equal(4_896_100_000_000, plan2020.TotalEstimated);
        Assert.Equal(110.7m, Assert.Single(plan2020.Products, p => p.ProductCode == "YOUTH_SUNSHINE").EstimateAchievementPercent);
        Assert.Null(plan2021.TotalEstimated);
        Assert.Equal(9_000_000, outstanding.TotalGuaranteedOutstanding);
        Assert.Contains("INCHEON_COVID19", products, StringComparison.Ordinal);
        Assert.Contains("INCHEON_HOPE_DREAM", products, StringComparison.Ordinal);
    }
}

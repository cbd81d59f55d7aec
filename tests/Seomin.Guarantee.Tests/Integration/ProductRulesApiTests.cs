using System.Net;
using System.Net.Http.Json;
using Seomin.Guarantee.Api.Endpoints;
using Seomin.Guarantee.Domain.Screening;
using Seomin.Testing;

namespace Seomin.Guarantee.Tests.Integration;

/// <summary>Issue 17 item 13 through the API: the optional evidence fields and the 6-month sub-limit read from the database.</summary>
public sealed class ProductRulesApiTests(PlatformServers servers)
{
    private static object Application(
        string rrn, string product, long amount, int term, int[]? workingDays = null, string? youthStatus = null, string plan = "Upfront") => new
    {
        productCode = product,
        rrn,
        channel = "Mobile",
        lenderCode = "NH",
        requestedAmount = amount,
        termMonths = term,
        employmentMonths = 24,
        workingDaysLastThreeMonths = workingDays,
        youthStatus,
        annualIncome = 30_000_000,
        creditScore = 700,
        creditPercentile = 40,
        businessAgeMonths = product.StartsWith("INCHEON_", StringComparison.Ordinal) ? 24 : (int?)null,
        feePaymentPlan = plan,
    };

    [Fact]
    public async Task WorkerSunshine_WorkingDays_DecideApprovalReferralOrRefusal()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_working_days");
        var client = api.CreateClient();

        var approved = await (await client.PostAsJsonAsync("/api/guarantees/applications",
            Application(SyntheticRrn.Adult(30), "WORKER_SUNSHINE", 5_000_000, 36, [10, 12, 10]))).ReadAsync<ApplicationView>(HttpStatusCode.Created);
        var referred = await (await client.PostAsJsonAsync("/api/guarantees/applications",
            Application(SyntheticRrn.Adult(31), "WORKER_SUNSHINE", 5_000_000, 36))).ReadAsync<ApplicationView>(HttpStatusCode.Created);
        var refused = await (await client.PostAsJsonAsync("/api/guarantees/applications",
            Application(SyntheticRrn.Adult(32), "WORKER_SUNSHINE", 5_000_000, 36, [10, 9, 10]))).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var malformed = await (await client.PostAsJsonAsync("/api/guarantees/applications",
            Application(SyntheticRrn.Adult(33), "WORKER_SUNSHINE", 5_000_000, 36, [10, 10]))).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Equal(ApplicationStatus.Approved, approved.Status);
        Assert.Equal(ApplicationStatus.Referred, referred.Status);
        Assert.Null(referred.GuaranteeId);
        Assert.Contains("WorkingDaysMustMeetMonthlyMinimum", refused, StringComparison.Ordinal);
        Assert.Contains("workingDaysLastThreeMonths", malformed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task YouthSunshine_StatusAndSixMonthSubLimit_AreCheckedOnTheCustomersGuarantees()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_youth");
        var client = api.CreateClient();
        var rrn = SyntheticRrn.Adult(25);

        // ₩2,000,000 then ₩1,000,000: ₩3,000,000 in six months, the whole sub-limit; one more ₩1,000,000 is refused.
        var first = await (await client.PostAsJsonAsync("/api/guarantees/applications",
            Application(rrn, "YOUTH_SUNSHINE", 2_000_000, 12, youthStatus: "universityStudent"))).ReadAsync<ApplicationView>(HttpStatusCode.Created);
        var second = await (await client.PostAsJsonAsync("/api/guarantees/applications",
            Application(rrn, "YOUTH_SUNSHINE", 1_000_000, 12, youthStatus: "universityStudent"))).ReadAsync<ApplicationView>(HttpStatusCode.Created);
        var third = await (await client.PostAsJsonAsync("/api/guarantees/applications",
            Application(rrn, "YOUTH_SUNSHINE", 1_000_000, 12, youthStatus: "universityStudent"))).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var other = await (await client.PostAsJsonAsync("/api/guarantees/applications",
            Application(SyntheticRrn.Adult(26), "YOUTH_SUNSHINE", 1_000_000, 12, youthStatus: "other"))).ExpectAsync(HttpStatusCode.UnprocessableEntity);
        var unstated = await (await client.PostAsJsonAsync("/api/guarantees/applications",
            Application(SyntheticRrn.Adult(27), "YOUTH_SUNSHINE", 1_000_000, 12))).ReadAsync<ApplicationView>(HttpStatusCode.Created);

        Assert.Equal(ApplicationStatus.Approved, first.Status);
        Assert.Equal(ApplicationStatus.Approved, second.Status);
        Assert.Contains("AmountMustNotExceedSixMonthSubLimit", third, StringComparison.Ordinal);
        Assert.Contains("3,000,000 + requested 1,000,000 = 4,000,000", third, StringComparison.Ordinal);
        Assert.Contains("YouthStatusMustBeEligible", other, StringComparison.Ordinal);
        Assert.Equal(ApplicationStatus.Referred, unstated.Status);
    }

    [Fact]
    public async Task IncheonProgramme_UpFrontFee_HasTheTermDiscount_YearlyHasNone()
    {
        await using var api = await GuaranteeApiFactory.StartAsync(servers, "gt_incheon_fees");
        var client = api.CreateClient();

        var upfront = await (await client.PostAsJsonAsync("/api/guarantees/applications",
            Application(SyntheticRrn.Adult(30), "INCHEON_COVID19", 10_000_000, 60))).ReadAsync<ApplicationView>(HttpStatusCode.Created);
        var yearly = await (await client.PostAsJsonAsync("/api/guarantees/applications",
            Application(SyntheticRrn.Adult(31), "INCHEON_COVID19", 10_000_000, 60, plan: "YearlyInstalments"))).ReadAsync<ApplicationView>(HttpStatusCode.Created);

        var upfrontFees = await IssueAndReadFeesAsync(client, upfront.GuaranteeId!.Value);
        var yearlyFees = await IssueAndReadFeesAsync(client, yearly.GuaranteeId!.Value);

        // 0.8% × 0.85 = 0.68% up front for 60 months; 2026-03-02..2031-03-02 is 1,826 days: 10,000,000 × 0.0068 × 1,826 ÷ 365 = ₩340,186.
        Assert.Equal(0.0068m, upfrontFees.FeeRate);
        Assert.Equal(340_186, Assert.Single(upfrontFees.Instalments).Amount);
        // Yearly (특례보증 only): 0.8% with no discount; the first year 2026-03-02..2027-03-02 is 365 days: ₩80,000.
        Assert.Equal(0.008m, yearlyFees.FeeRate);
        Assert.Equal(5, yearlyFees.Instalments.Count);
        Assert.Equal(80_000, yearlyFees.Instalments[0].Amount);
    }

    private static async Task<FeeView> IssueAndReadFeesAsync(HttpClient client, Guid id)
    {
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/agreement", new { })).ExpectAsync(HttpStatusCode.OK);
        await (await client.PostAsJsonAsync($"/api/guarantees/{id}/issuance", new { })).ExpectAsync(HttpStatusCode.OK);
        return await (await client.GetAsync($"/api/guarantees/{id}/fees")).ReadAsync<FeeView>(HttpStatusCode.OK);
    }
}

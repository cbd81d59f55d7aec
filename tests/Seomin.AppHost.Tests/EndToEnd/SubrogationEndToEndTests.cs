using System.Net;
using Seomin.Testing;

namespace Seomin.AppHost.Tests.EndToEnd;

/// <summary>
/// Issue 14 end to end through the gateway: a guarantee issued and its loan executed, an accident, the lender's claim
/// filed, reviewed by one officer and approved by another person, paid, the recourse claim with an instalment plan, a
/// recovery and a write-off, with each step on the counseling timeline and the guarantee closed as subrogated.
/// </summary>
public sealed partial class EndToEndTests
{
    private const string RecourseOfficer = "dev-recourse-officer";

    [Fact]
    public async Task Subrogation_FromAccidentToWriteOff_EachStepOnTheTimelineAndTheGuaranteeClosed()
    {
        using var staff = await ClientAsync(GuaranteeOfficer);
        using var recourse = await ClientAsync(RecourseOfficer);
        using var counselor = await ClientAsync(Counselor);
        var rrn = SyntheticRrn.Adult(41);
        var issued = await TakeToLoanExecutedAsync(staff, Applications.WorkerSunshine(rrn), rrn);
        var today = SeoulToday;
        var loanBalance = issued.Guarantee.GetProperty("loanBalance").GetInt64();

        var claimId = await FileReviewedBankruptcyClaimAsync(staff, recourse, issued.GuaranteeId, loanBalance, rrn, today);

        // Maker-checker: the reviewing system cannot approve; the employee S1002 signed in on the Korean page does.
        var self = await recourse.PostAsync($"/api/subrogation/claims/{claimId}/approval", null);
        AssertStatus(HttpStatusCode.UnprocessableEntity, self);
        var checkerTokens = await StaffSignIn.SignInAsync(recourse.BaseAddress, "S1002", "openid subrogation", "subrogation-approval-checker");
        using var checker = GatewayClient.ForToken(recourse.BaseAddress, checkerTokens.AccessToken);
        AssertStatus(HttpStatusCode.OK, await checker.PostAsync($"/api/subrogation/claims/{claimId}/approval", null));

        var paid = await recourse.PostAsync($"/api/subrogation/claims/{claimId}/payment", null);
        AssertStatus(HttpStatusCode.OK, paid);
        var recourseId = Str(paid.Json, "recourseId");
        var share = paid.Json.GetProperty("claim").GetProperty("payable").GetProperty("guarantorShare").GetInt64();
        Assert.Equal((long)decimal.Truncate(loanBalance * issued.Guarantee.GetProperty("guaranteeRatio").GetDecimal()), share);

        var plan = await recourse.PostAsync($"/api/subrogation/recourse/{recourseId}/instalment-plan",
            new { instalments = 10, firstDueOn = today.AddMonths(1), waiveLateCharge = true, on = today });
        AssertStatus(HttpStatusCode.OK, plan);
        var first = plan.Json.GetProperty("plan").GetProperty("instalments")[0].GetProperty("amount").GetInt64();
        Assert.Equal(share / 10, first);
        var recovered = await recourse.PostAsync($"/api/subrogation/recourse/{recourseId}/recoveries", new { amount = first, recoveredOn = today });
        AssertStatus(HttpStatusCode.Created, recovered);
        Assert.Equal(first, recovered.Json.GetProperty("toPrincipal").GetInt64());
        var writtenOff = await recourse.PostAsync($"/api/subrogation/recourse/{recourseId}/write-off", new { on = today });
        AssertStatus(HttpStatusCode.OK, writtenOff);
        Assert.Equal("special", Str(writtenOff.Json, "category"));
        Assert.Equal(share - first, writtenOff.Json.GetProperty("principal").GetInt64());

        string[] steps = ["SubrogationPaid", "RecourseClaimOpened", "RepaymentPlanAgreed", "RecourseRecovered", "RecourseWrittenOff"];
        var timeline = await Probe.UntilAsync(
            async () =>
            {
                var response = await counselor.GetAsync($"/api/counseling/customers/{issued.CustomerId}/timeline?page=1&pageSize=50");
                return response.StatusCode == HttpStatusCode.OK ? response.Json.GetProperty("items").EnumerateArray().ToList() : [];
            },
            items => steps.All(s => items.Any(i => Str(i, "kind") == s)),
            $"the subrogation steps of customer {issued.CustomerId} on the counseling timeline",
            EventWait);
        var subrogation = timeline.Where(i => Str(i, "sourceService") == "subrogation").ToList();
        Assert.Equal(steps.Length, subrogation.Count);
        Assert.Contains(subrogation, i => Str(i, "kind") == "SubrogationPaid" && Str(i, "sourceRecordId") == claimId);

        // Guarantee closes a subrogated guarantee on SubrogationPaid (the guarantee helper's branch).
        await Probe.UntilAsync(
            async () =>
            {
                var guarantee = await staff.GetAsync($"/api/guarantees/{issued.GuaranteeId}");
                return guarantee.StatusCode == HttpStatusCode.OK && Str(guarantee.Json, "status") == "subrogated";
            },
            "the guarantee closed as subrogated", EventWait);
        AssertRrnNeverEchoed(rrn, staff, recourse, counselor, checker);
    }

    /// <summary>
    /// Today's accident reported by the guarantee officer, the issue and the accident projected into Subrogation
    /// (separate events, consumed in either order), and the lender's bankruptcy claim for the loan balance filed and
    /// reviewed for payment today (bankruptcy makes it fileable at once, 시행령 제45조). Returns the claim id.
    /// </summary>
    private static async Task<string> FileReviewedBankruptcyClaimAsync(
        GatewayClient staff, GatewayClient recourse, string guaranteeId, long loanBalance, string rrn, DateOnly today)
    {
        AssertStatus(HttpStatusCode.OK, await staff.PostAsync($"/api/guarantees/{guaranteeId}/notices/accidents", new { occurredOn = today, kind = "Default" }));
        await Probe.UntilAsync(
            async () =>
            {
                var cover = await recourse.GetAsync($"/api/subrogation/guarantees/{guaranteeId}");
                return cover.StatusCode == HttpStatusCode.OK && cover.Json.GetProperty("inAccident").GetBoolean()
                    && cover.Json.GetProperty("guaranteeRatio").GetDecimal() > 0;
            },
            "the issue and the accident projected into subrogation", EventWait);
        var filed = await recourse.PostAsync("/api/subrogation/claims", new
        {
            guaranteeId, trigger = "Bankruptcy", principal = loanBalance, contractAnnualRate = 0.05m, interestPaidTo = today,
            claimedCosts = 0, payeeBankCode = "011", payeeAccount = "301-1234-5678-91", debtorRrn = rrn, debtorName = "최하늘",
        });
        AssertStatus(HttpStatusCode.Created, filed);
        var claimId = Str(filed.Json, "id");
        AssertStatus(HttpStatusCode.OK, await recourse.PostAsync($"/api/subrogation/claims/{claimId}/review", new { paymentDate = today, approvedCosts = 0 }));
        return claimId;
    }
}

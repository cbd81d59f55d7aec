using System.Net;
using Seomin.Testing;

namespace Seomin.AppHost.Tests.EndToEnd;

/// <summary>
/// Issue 16 end to end through the gateway against the real dormant-assets service: an institution transfers a small
/// batch, the automatic lookup puts a notice on the person's counseling timeline when they apply for a guarantee, then
/// a partner fintech (dev-partner-alpha) looks the person up with their consent and identity verification (the named
/// FAKE provider, played through the Development-only endpoint), claims an asset above the approval threshold, the
/// claim is held, reviewed by one officer, refused to that same officer as approver (422) and approved by a second
/// person signed in on the Korean page, paid through the FAKE bank exactly once, and each step is on the timeline.
/// </summary>
public sealed partial class EndToEndTests
{
    private const string DormantOfficer = "dev-dormant-asset-officer";
    private const string DormantInstitution = "dev-institution-004";

    [Fact]
    public async Task DormantAssets_PartnerLookupClaimHeldApprovedBySecondPersonPaidOnce_OnTheTimeline_WithAutomaticLookup()
    {
        using var institution = await ClientAsync(DormantInstitution);
        using var officer = await ClientAsync(DormantOfficer);
        using var partner = await ClientAsync(PartnerAlpha);
        using var staff = await ClientAsync(GuaranteeOfficer);
        using var counselor = await ClientAsync(Counselor);
        var rrn = SyntheticRrn.Adult(45);
        const string name = "한휴면";
        var suffix = Guid.NewGuid().ToString("N")[..8];

        // 1. The institution transfers three lines: two assets of this person (₩6,000,000 above the ₩5,000,000 approval
        // threshold, ₩400,000) and one line rejected for its negative amount (line 3, the rest goes in).
        var batch = await institution.PostAsync("/api/dormant-assets/transfers/batches", new
        {
            batchReference = $"e2e-{suffix}", institutionName = "국민은행", sector = "Bank",
            lines = new object[]
            {
                new { name, rrn, address = "인천광역시 남동구 1", amount = 6_000_000, assetType = "Deposit", accountNumber = $"110-{suffix}-01", limitationCompletedOn = "2020-01-31" },
                new { name, rrn, address = "인천광역시 남동구 1", amount = 400_000, assetType = "Insurance", accountNumber = $"220-{suffix}-02", limitationCompletedOn = "2021-06-30" },
                new { name, rrn, address = "인천광역시 남동구 1", amount = -5, assetType = "Deposit", accountNumber = $"330-{suffix}-03", limitationCompletedOn = "2021-06-30" },
            },
        }, $"e2e-batch-{suffix}");
        AssertStatus(HttpStatusCode.Created, batch);
        Assert.Equal(2, batch.Json.GetProperty("acceptedLines").GetInt32());
        Assert.Equal(1, batch.Json.GetProperty("rejectedLines").GetInt32());
        Assert.Equal(6_400_000, batch.Json.GetProperty("acceptedAmount").GetInt64());

        // 2. Automatic lookup: the person applies for a guarantee; the dormant-assets service hears of it by event and
        // the notice (2 assets, ₩6,400,000) lands on their counseling timeline.
        var application = await staff.PostAsync("/api/guarantees/applications", Applications.WorkerSunshine(rrn), $"e2e-dormant-{suffix}");
        AssertStatus(HttpStatusCode.Created, application);
        var customerId = Str(application.Json, "customerId");
        var notice = await Probe.UntilAsync(
            async () =>
            {
                var response = await counselor.GetAsync($"/api/counseling/customers/{customerId}/timeline?page=1&pageSize=50");
                return response.StatusCode == HttpStatusCode.OK ? response.Json.GetProperty("items").EnumerateArray().ToList() : [];
            },
            items => items.Any(i => Str(i, "kind") == "DormantAssetsFound"),
            $"the automatic-lookup notice of customer {customerId} on the counseling timeline",
            EventWait);
        Assert.Contains("2건 6,400,000원", Str(notice.Single(i => Str(i, "kind") == "DormantAssetsFound"), "summary"), StringComparison.Ordinal);

        // 3. The partner looks the person up with their consent and an identity verification (FAKE provider).
        var consentId = $"alpha-consent-{suffix}";
        var verificationId = await VerifyAsync(officer, name, rrn);
        var lookup = await partner.PostAsync("/partner/v1/dormant-assets/lookups",
            new { verificationId, consentId, purpose = "휴면예금 조회 및 지급청구" }, $"e2e-lookup-{suffix}");
        AssertStatus(HttpStatusCode.OK, lookup);
        Assert.Equal(2, lookup.Json.GetProperty("assetCount").GetInt32());
        var assets = lookup.Json.GetProperty("assets").EnumerateArray().ToList();
        var deposit = assets.Single(a => a.GetProperty("principal").GetInt64() == 6_000_000);
        // Every letter and digit but the last four masked, separators kept.
        Assert.Equal($"***-******{suffix[^2..]}-01", Str(deposit, "accountMasked"));
        Assert.DoesNotContain($"110-{suffix}-01", lookup.Body, StringComparison.Ordinal);
        var payable = deposit.GetProperty("payableToday").GetInt64();
        Assert.Equal(6_000_000 + deposit.GetProperty("interestToDate").GetInt64(), payable);

        // A verification id opens one request, never two.
        var reused = await partner.PostAsync("/partner/v1/dormant-assets/lookups",
            new { verificationId, consentId, purpose = "휴면예금 조회" }, $"e2e-lookup-again-{suffix}");
        AssertStatus(HttpStatusCode.UnprocessableEntity, reused);
        Assert.Equal("VerificationAlreadyUsed", Str(reused.Json, "rule"));

        // 4. The claim to an account in the owner's name at the FAKE bank: above the approval threshold, so it is held.
        var account = $"302{Random.Shared.NextInt64(1_000_000_000, 9_999_999_999)}";
        AssertStatus(HttpStatusCode.NoContent, await officer.PostAsync("/api/dormant-assets/dev/bank-accounts", new { bankCode = "004", account, holderName = name }));
        var claimed = await partner.PostAsync("/partner/v1/dormant-assets/claims", new
        {
            verificationId = await VerifyAsync(officer, name, rrn), consentId, assetId = Str(deposit, "assetId"), payeeBankCode = "004", payeeAccount = account,
        }, $"e2e-claim-{suffix}");
        AssertStatus(HttpStatusCode.Created, claimed);
        var claimId = Str(claimed.Json, "claimId");
        Assert.Equal("held", Str(claimed.Json, "status"));
        Assert.Equal(new[] { "AmountAboveThreshold" }, claimed.Json.GetProperty("holdReasons").EnumerateArray().Select(r => r.GetString() ?? "").ToArray());
        Assert.Equal(payable, claimed.Json.GetProperty("payout").GetInt64());

        // 5. Maker-checker: the reviewing officer cannot approve; employee S1004 (휴면자산부) signed in does, and it is paid.
        AssertStatus(HttpStatusCode.OK, await officer.PostAsync($"/api/dormant-assets/claims/{claimId}/review", new { note = "예금주 확인, 금액 검토" }));
        var self = await officer.PostAsync($"/api/dormant-assets/claims/{claimId}/approval", null);
        AssertStatus(HttpStatusCode.UnprocessableEntity, self);
        Assert.Equal("self_approval_forbidden", Str(self.Json, "errorCode"));
        var checkerTokens = await StaffSignIn.SignInAsync(officer.BaseAddress, "S1004", "openid dormant-assets", "dormant-approval-checker");
        using var checker = GatewayClient.ForToken(officer.BaseAddress, checkerTokens.AccessToken);
        AssertStatus(HttpStatusCode.OK, await checker.PostAsync($"/api/dormant-assets/claims/{claimId}/approval", null));

        var paid = await Probe.UntilAsync(
            async () => await partner.GetAsync($"/partner/v1/dormant-assets/claims/{claimId}"),
            response => response.StatusCode == HttpStatusCode.OK && Str(response.Json, "status") == "paid",
            $"claim {claimId} paid", EventWait);
        Assert.Equal(payable, paid.Json.GetProperty("payout").GetInt64());

        // Exactly once: paying again answers the same transfer, and the asset is no longer outstanding.
        var first = await officer.GetAsync($"/api/dormant-assets/claims/{claimId}");
        AssertStatus(HttpStatusCode.OK, first);
        var transfer = Str(first.Json, "transferReference");
        var again = await officer.PostAsync($"/api/dormant-assets/claims/{claimId}/payment", null);
        AssertStatus(HttpStatusCode.OK, again);
        Assert.Equal(transfer, Str(again.Json, "transferReference"));
        Assert.Equal("paid", Str(again.Json, "status"));
        var after = await partner.PostAsync("/partner/v1/dormant-assets/lookups",
            new { verificationId = await VerifyAsync(officer, name, rrn), consentId, purpose = "휴면예금 조회" }, $"e2e-lookup-after-{suffix}");
        AssertStatus(HttpStatusCode.OK, after);
        Assert.Equal(400_000 + after.Json.GetProperty("assets").EnumerateArray().Single(a => a.GetProperty("principal").GetInt64() == 400_000)
            .GetProperty("interestToDate").GetInt64(), after.Json.GetProperty("outstandingTotal").GetInt64());
        var second = await partner.PostAsync("/partner/v1/dormant-assets/claims", new
        {
            verificationId = await VerifyAsync(officer, name, rrn), consentId, assetId = Str(deposit, "assetId"), payeeBankCode = "004", payeeAccount = account,
        }, $"e2e-claim-again-{suffix}");
        Assert.True(second.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity, $"a paid asset was claimed again: {second}");

        // 6. The claim, the hold and the payout on the counseling timeline, once each, with the claim's id.
        string[] steps = ["DormantRefundClaimed", "DormantRefundHeld", "DormantRefundPaid"];
        var timeline = await Probe.UntilAsync(
            async () =>
            {
                var response = await counselor.GetAsync($"/api/counseling/customers/{customerId}/timeline?page=1&pageSize=50");
                return response.StatusCode == HttpStatusCode.OK ? response.Json.GetProperty("items").EnumerateArray().ToList() : [];
            },
            items => steps.All(s => items.Any(i => Str(i, "kind") == s)),
            $"the dormant-asset claim steps of customer {customerId} on the counseling timeline",
            EventWait);
        var dormant = timeline.Where(i => Str(i, "sourceService") == "dormant-assets").ToList();
        Assert.Equal(steps.Length + 1, dormant.Count);
        Assert.All(dormant.Where(i => Str(i, "kind") != "DormantAssetsFound"), i => Assert.Equal(claimId, Str(i, "sourceRecordId")));
        Assert.Contains(dormant, i => Str(i, "kind") == "DormantRefundPaid" && Str(i, "summary").Contains($"{payable:#,0}원", StringComparison.Ordinal));
        AssertRrnNeverEchoed(rrn, institution, officer, partner, staff, counselor, checker);
    }

    /// <summary>The FAKE identity-verification provider (Development only): the id an app receives after the person verified.</summary>
    private static async Task<string> VerifyAsync(GatewayClient officer, string name, string rrn)
    {
        var verified = await officer.PostAsync("/api/dormant-assets/dev/identity-verifications", new { name, rrn });
        AssertStatus(HttpStatusCode.OK, verified);
        return Str(verified.Json, "verificationId");
    }
}

using Seomin.Subrogation.Domain;
using Seomin.Subrogation.Domain.Claims;
using Seomin.Subrogation.Domain.Rules;

namespace Seomin.Subrogation.Tests.Domain;

public sealed class ClaimTests
{
    private static readonly DateOnly Issued = new(2024, 3, 4);

    internal static GuaranteeCover Cover(long guaranteed = 18_000_000, DateOnly? terminated = null) =>
        new(Guid.NewGuid(), "C-test", "NH", "KINFA-SUPP", 0.90m, guaranteed, Issued, terminated);

    private static SubrogationClaim File(
        GuaranteeCover? cover = null,
        ClaimTrigger trigger = ClaimTrigger.Default,
        DateOnly? accident = null,
        DateOnly? filed = null,
        long principal = 10_000_000,
        long costs = 200_000) =>
        SubrogationClaim.File(
            Guid.NewGuid(), cover ?? Cover(), trigger, accident ?? new DateOnly(2025, 1, 10), filed ?? new DateOnly(2025, 4, 10),
            principal, 0.05m, new DateOnly(2025, 1, 10), costs, "S1001");

    private static string RuleOf(Action action) => Assert.Throws<SubrogationRuleException>(action).Rule;

    [Fact]
    public void Default_and_acceleration_are_claimable_three_months_after_the_accident_and_not_a_day_earlier()
    {
        foreach (var trigger in new[] { ClaimTrigger.Default, ClaimTrigger.Acceleration })
        {
            Assert.Equal("ClaimWaitingPeriodMustHaveElapsed", RuleOf(() => File(trigger: trigger, filed: new DateOnly(2025, 4, 9))));
            Assert.Equal(ClaimStatus.Filed, File(trigger: trigger, filed: new DateOnly(2025, 4, 10)).Status);
        }
    }

    [Fact]
    public void Bankruptcy_is_claimable_at_once()
    {
        var claim = File(trigger: ClaimTrigger.Bankruptcy, filed: new DateOnly(2025, 1, 10));
        Assert.Equal(ClaimStatus.Filed, claim.Status);
    }

    [Fact]
    public void The_waiting_rule_is_dated_data_citing_the_decree()
    {
        var rule = ClaimWaitingRules.For(new DateOnly(2025, 1, 10));
        Assert.Equal(3, rule.WaitingMonths);
        Assert.Contains("시행령 제45조", rule.Citation, StringComparison.Ordinal);
        Assert.Equal("ClaimRuleMustBeInForce", RuleOf(() => ClaimWaitingRules.For(new DateOnly(2010, 1, 1))));
    }

    [Fact]
    public void A_guarantee_not_in_force_at_the_accident_cannot_be_claimed()
    {
        Assert.Equal("GuaranteeMustBeInForceAtAccident", RuleOf(() => File(accident: new DateOnly(2024, 3, 3), filed: new DateOnly(2024, 7, 1))));
        Assert.Equal("GuaranteeMustBeInForceAtAccident", RuleOf(() => File(cover: Cover(terminated: new DateOnly(2025, 1, 10)))));
        Assert.Equal(ClaimStatus.Filed, File(cover: Cover(terminated: new DateOnly(2025, 1, 11))).Status);
    }

    [Fact]
    public void A_claim_whose_guaranteed_share_exceeds_the_guaranteed_amount_is_refused()
    {
        // 90% of 20,000,001 is 18,000,000.9 → 18,000,000 (allowed); 90% of 20,000,002 is 18,000,001 (refused).
        Assert.Equal(ClaimStatus.Filed, File(principal: 20_000_001).Status);
        Assert.Equal("ClaimMustNotExceedGuaranteedAmount", RuleOf(() => File(principal: 20_000_002)));
    }

    [Fact]
    public void Review_pays_the_ratio_of_principal_interest_and_approved_costs_and_the_shares_sum_to_the_base()
    {
        var claim = File();
        var payable = claim.Review("S1001", new DateOnly(2025, 4, 20), approvedCosts: 150_000);

        // Interest 2025-01-10 → 2025-04-20 = 100 days: 10,000,000 × 5% × 100 / 365 = 136,986.3 → 136,986.
        Assert.Equal(136_986, payable.Interest);
        Assert.Equal(10_286_986, payable.Base);
        Assert.Equal(9_258_287, payable.GuarantorShare); // 10,286,986 × 0.9 = 9,258,287.4 → truncated
        Assert.Equal(1_028_699, payable.LenderShare);
        Assert.Equal(payable.Base, payable.GuarantorShare + payable.LenderShare);
        Assert.Equal(ClaimStatus.Reviewed, claim.Status);
    }

    [Fact]
    public void The_guarantors_share_never_exceeds_the_guaranteed_amount()
    {
        var payable = PayableAmount.Compute(10_000_000, 500_000, 0, 0.9m, guaranteedAmount: 9_000_000);
        Assert.Equal(9_000_000, payable.GuarantorShare);
        Assert.Equal(1_500_000, payable.LenderShare);
        Assert.Equal(payable.Base, payable.GuarantorShare + payable.LenderShare);
    }

    [Fact]
    public void Approved_costs_cannot_exceed_the_claimed_costs()
    {
        Assert.Equal("ApprovedCostsMustNotExceedClaimed", RuleOf(() => File(costs: 100_000).Review("S1001", new DateOnly(2025, 4, 20), 100_001)));
    }

    [Fact]
    public void The_reviewer_cannot_approve_their_own_review()
    {
        var claim = File();
        claim.Review("S1001", new DateOnly(2025, 4, 20), 0);
        Assert.Equal("ApproverMustNotBeReviewer", RuleOf(() => claim.Approve("S1001")));
        claim.Approve("S2002");
        Assert.Equal(ClaimStatus.Approved, claim.Status);
        Assert.Equal("S2002", claim.DecidedBy);
    }

    [Fact]
    public void A_claim_is_paid_exactly_once_and_a_failed_transfer_leaves_it_approved_and_retryable()
    {
        var claim = File();
        claim.Review("S1001", new DateOnly(2025, 4, 20), 0);
        Assert.Throws<IllegalStateTransitionException>(() => claim.MarkPaid("T-1", new DateOnly(2025, 4, 20)));
        claim.Approve("S2002");

        claim.RecordFailedTransfer();
        Assert.Equal(ClaimStatus.Approved, claim.Status);
        Assert.Equal(1, claim.FailedTransfers);

        Assert.True(claim.MarkPaid("T-1", new DateOnly(2025, 4, 20)));
        Assert.False(claim.MarkPaid("T-1", new DateOnly(2025, 4, 21)));
        Assert.Equal(new DateOnly(2025, 4, 20), claim.PaidOn);
        Assert.Equal("ClaimIsPaidOnce", RuleOf(() => claim.MarkPaid("T-2", new DateOnly(2025, 4, 21))));
        Assert.Throws<IllegalStateTransitionException>(claim.RecordFailedTransfer);
    }

    [Fact]
    public void A_rejection_needs_a_reason_and_ends_the_claim()
    {
        var claim = File();
        Assert.Equal("RejectionNeedsReason", RuleOf(() => claim.Reject("S2002", " ")));
        claim.Reject("S2002", "보증기간 외 사고");
        Assert.Equal(ClaimStatus.Rejected, claim.Status);
        Assert.Throws<IllegalStateTransitionException>(() => claim.Review("S1001", new DateOnly(2025, 4, 20), 0));
    }
}

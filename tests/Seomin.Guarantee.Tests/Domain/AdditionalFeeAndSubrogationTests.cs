using Seomin.Guarantee.Domain;
using Seomin.Guarantee.Domain.Fees;
using Seomin.Guarantee.Domain.Guarantees;
using Seomin.Guarantee.Domain.Products;
using static Seomin.Guarantee.Tests.Domain.Builders;

namespace Seomin.Guarantee.Tests.Domain;

/// <summary>
/// 추가보증료 (법 52②: at most 2.5%/yr on the unpaid guaranteed debt while a defaulted guarantee stays undischarged) and
/// the close of a subrogated guarantee. Loan ₩10M at 90%: guaranteed debt ₩9M; granted 2021-03-02 (before the 2021-10
/// late-fee amendment, so no late fee interferes).
/// </summary>
public sealed class AdditionalFeeAndSubrogationTests
{
    private static readonly DateOnly AccidentOn = new(2022, 3, 2);

    private static CreditGuarantee Executed(decimal? additionalFeeRate)
    {
        var g = new CreditGuarantee(Guid.NewGuid(), Guid.NewGuid(), "CTEST", "WORKER_SUNSHINE", 1, "LENDER1", 10_000_000, 0.9m, 0.01m, 0.15m, 36,
            FeePaymentPlan.Upfront, Today, GuarantorFunds.KinfaSupplementary, additionalFeeRate);
        g.Agree(Today);
        g.Issue(Today, "CERT-1");
        g.ExecuteLoan(Today, 10_000_000);
        return g;
    }

    private static long[] AdditionalFees(CreditGuarantee g) =>
        [.. g.Instalments.Where(i => i.Kind == FeeInstalmentKind.AdditionalFee).Select(i => i.Amount)];

    [Fact]
    public void Cure_WhenInAccident73Days_ChargesAdditionalFeeOnGuaranteedDebt()
    {
        // 9,000,000 × 2% × 73/365 = 36,000 exactly.
        var g = Executed(0.02m);
        g.ReportAccident(AccidentOn, "Default");

        g.Cure(AccidentOn.AddDays(73));

        Assert.Equal([36_000L], AdditionalFees(g));
        Assert.Equal(GuaranteeStatus.Normalised, g.Status);
    }

    [Fact]
    public void AdditionalFee_WhenBalanceFallsAndAssessedTwice_IsOneTruncationOverWonDays()
    {
        // Day 0–30 on 9,000,000, then ₩1M repaid: 8,100,000 for days 30–100.
        // 9,000,000×30 + 8,100,000×70 = 837,000,000 won-days × 2% / 365 = 45,863.01 → 45,863.
        // Assessed on day 10: 90,000,000 × 2% / 365 = 4,931.5 → 4,931; brought up to the repayment on day 30:
        // 270,000,000 × 2% / 365 = 14,794.5 → 14,794, adds 9,863; the cure adds 45,863 − 14,794 = 31,069.
        // Truncating each interval on its own would give 4,931 + 9,863 + 31,068 (567,000,000 × 2% / 365 = 31,068.4).
        var g = Executed(0.02m);
        g.ReportAccident(AccidentOn, "Default");

        g.AssessLateFees(AccidentOn.AddDays(10));
        g.Repay(AccidentOn.AddDays(30), 1_000_000, Guid.NewGuid);
        g.Cure(AccidentOn.AddDays(100));

        Assert.Equal([4_931L, 9_863L, 31_069L], AdditionalFees(g));
        Assert.Equal(45_863L, AdditionalFees(g).Sum());
        Assert.Equal(837_000_000, g.AdditionalFeeWonDays);
    }

    [Fact]
    public void AdditionalFee_WhenProductChargesNone_IsNeverCharged()
    {
        var g = Executed(null);
        g.ReportAccident(AccidentOn, "Default");

        g.Cure(AccidentOn.AddDays(73));

        Assert.Empty(AdditionalFees(g));
    }

    [Fact]
    public void AdditionalFee_WhenNotInAccident_DoesNotAccrue()
    {
        // Only days in accident count: 30 days in the first default, 10 in the second → 9,000,000 × 40 × 2% / 365 = 19,726.0 → 19,726.
        var g = Executed(0.02m);
        g.ReportAccident(AccidentOn, "Default");
        g.Cure(AccidentOn.AddDays(30));
        g.ReportAccident(AccidentOn.AddDays(200), "Default");

        g.Cure(AccidentOn.AddDays(210));

        Assert.Equal(19_726L, AdditionalFees(g).Sum());
    }

    [Theory]
    [InlineData("0.025", true)]
    [InlineData("0.0251", false)]
    [InlineData("-0.001", false)]
    public void ProductVersion_AdditionalFeeRate_IsAtMostTheLegal25Percent(string rate, bool valid)
    {
        var product = WorkerSunshine() with { AdditionalFeeRate = decimal.Parse(rate, System.Globalization.CultureInfo.InvariantCulture) };

        var error = Record.Exception(product.Validate);

        Assert.Equal(valid, error is null);
        if (!valid)
        {
            Assert.Contains("제52조제2항", Assert.IsType<GuaranteeRuleException>(error).Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CloseBySubrogation_WhenPaidAfterAccident_EndsFeesChargesAdditionalFeeAndRefundsTheRest()
    {
        // Fee 2021-03-02..2024-03-02 (1,096 days): 9,000,000 × 1% × 1,096/365 = 270,246, paid up front.
        // Subrogated 2022-05-14 after 438 days: unused 658 days → 270,246 × 658/1,096 = 162,246.2 → 162,246 released.
        // Additional fee 36,000 (73 days in accident) is netted first: refund 162,246 − 36,000 = 126,246.
        var g = Executed(0.02m);
        g.PayFee(Today, 270_246, Guid.NewGuid());
        g.ReportAccident(AccidentOn, "Default");

        var closed = g.CloseBySubrogation(AccidentOn.AddDays(73), Guid.NewGuid, out var refunds);

        Assert.True(closed);
        Assert.Equal(GuaranteeStatus.Subrogated, g.Status);
        Assert.Equal(CreditGuarantee.SubrogatedReason, g.EndReason);
        Assert.Equal(AccidentOn.AddDays(73), g.EndedOn);
        Assert.Equal(-126_246, Assert.Single(refunds).Amount);
        Assert.Equal([36_000L], AdditionalFees(g));
        Assert.Equal(108_000, g.Instalments.Single(i => i.Kind == FeeInstalmentKind.Fee).Owed);
        Assert.Equal(0, g.FeesOutstanding);
        Assert.Equal(144_000, g.PaidBalance);
        Assert.Equal(0, g.OutstandingGuaranteed);
        Assert.Equal(0, g.CustomerExposure);
        Assert.False(g.IsLive);
    }

    [Fact]
    public void CloseBySubrogation_WhenRepeated_ChangesNothing()
    {
        var g = Executed(0.02m);
        g.ReportAccident(AccidentOn, "Default");
        g.CloseBySubrogation(AccidentOn.AddDays(73), Guid.NewGuid, out _);
        var instalments = g.Instalments.Count;

        var again = g.CloseBySubrogation(AccidentOn.AddDays(90), Guid.NewGuid, out var refunds);

        Assert.False(again);
        Assert.Empty(refunds);
        Assert.Equal(instalments, g.Instalments.Count);
        Assert.Equal(AccidentOn.AddDays(73), g.EndedOn);
    }

    [Fact]
    public void CloseBySubrogation_WhenAccidentNotYetRecorded_StillClosesWithoutAdditionalFee()
    {
        var g = Executed(0.02m);

        var closed = g.CloseBySubrogation(AccidentOn.AddDays(73), Guid.NewGuid, out _);

        Assert.True(closed);
        Assert.Equal(GuaranteeStatus.Subrogated, g.Status);
        Assert.Empty(AdditionalFees(g));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CloseBySubrogation_WhenNoLoanOrAlreadyRepaid_IsIllegal(bool repaid)
    {
        var g = repaid ? Executed(null) : IssuedGuarantee();
        if (repaid)
        {
            g.RepayInFull(AccidentOn, Guid.NewGuid);
        }

        Assert.Throws<IllegalStateTransitionException>(() => g.CloseBySubrogation(AccidentOn.AddDays(10), Guid.NewGuid, out _));
    }

    [Fact]
    public void Screen_PreAudit_TestsTheGuaranteedAmountNotTheLoan()
    {
        // 보증금액 1억원 초과 (seed 003 20-6): a ₩110M loan at 90% guarantees ₩99M — below the threshold; ₩112M guarantees ₩100.8M — above.
        var product = WorkerSunshine() with { MaxAmountPerPerson = 200_000_000 };

        var below = Seomin.Guarantee.Domain.Screening.ReferralRules.Evaluate(Request(product, amount: 110_000_000));
        var above = Seomin.Guarantee.Domain.Screening.ReferralRules.Evaluate(Request(product, amount: 112_000_000));

        Assert.True(below.Single(r => r.Rule == Seomin.Guarantee.Domain.Screening.ReferralRules.ReferralPreAudit).Passed);
        Assert.False(above.Single(r => r.Rule == Seomin.Guarantee.Domain.Screening.ReferralRules.ReferralPreAudit).Passed);
    }

    [Fact]
    public void GuarantorFunds_AreTheContractsFundCodes()
    {
        Assert.Equal(Seomin.Contracts.Contributions.FundCodes.All, GuarantorFunds.All);
        Assert.Equal(GuarantorFunds.IncheonBase, GuarantorFunds.Default("INCHEON_COVID19", FundAccount.SupplementaryAccount));
        Assert.Equal(GuarantorFunds.KinfaSelfSufficiency, GuarantorFunds.Default("SELF_SUFFICIENCY", FundAccount.SelfSufficiencyAccount));
        Assert.Equal(GuarantorFunds.KinfaSupplementary, GuarantorFunds.Default("WORKER_SUNSHINE", FundAccount.SupplementaryAccount));
    }

    [Theory]
    [InlineData("부평", "I")]
    [InlineData("서인천", "I")]
    [InlineData("연수", "II")]
    [InlineData("중부", "II")]
    [InlineData("강화", "Unassigned")]
    [InlineData(null, "Unassigned")]
    public void BranchGroups_FollowSeed003(string? branch, string group) =>
        Assert.Equal(group, Seomin.Guarantee.Domain.Screening.BranchGroups.Of(branch));
}

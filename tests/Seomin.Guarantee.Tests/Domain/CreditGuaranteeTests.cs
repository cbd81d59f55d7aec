using Seomin.Guarantee.Domain;
using Seomin.Guarantee.Domain.Fees;
using Seomin.Guarantee.Domain.Guarantees;
using static Seomin.Guarantee.Tests.Domain.Builders;

namespace Seomin.Guarantee.Tests.Domain;

public class CreditGuaranteeTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void Lifecycle_WhenNoticesArriveInOrder_ReachesTerminated()
    {
        var g = IssuedGuarantee();

        g.ExecuteLoan(Today.AddDays(3), 10_000_000);
        g.Repay(Today.AddDays(40), 1_000_000, Guid.NewGuid);
        g.ReportAccident(Today.AddDays(100), "Default");
        g.Cure(Today.AddDays(120));
        g.RepayInFull(Today.AddDays(200), Guid.NewGuid);

        Assert.Equal(GuaranteeStatus.Terminated, g.Status);
        Assert.Equal(0, g.LoanBalance);
        Assert.Equal("CERT-1", g.CertificateNumber);
        Assert.Equal(Today.AddMonths(36), g.EndDate);
    }

    [Fact]
    public void Issue_WhenNotAgreed_IsIllegal()
    {
        var g = ApprovedGuarantee();

        Assert.Throws<IllegalStateTransitionException>(() => g.Issue(Today, "C"));
    }

    [Fact]
    public void ExecuteLoan_WhenAlreadyTerminated_IsIllegal()
    {
        var g = ExecutedGuarantee();
        g.RepayInFull(Today.AddDays(10), Guid.NewGuid);

        Assert.Throws<IllegalStateTransitionException>(() => g.ExecuteLoan(Today.AddDays(11), 1));
        Assert.Throws<IllegalStateTransitionException>(() => g.Repay(Today.AddDays(11), 1, Guid.NewGuid));
        Assert.Throws<IllegalStateTransitionException>(() => g.ReportAccident(Today.AddDays(11), "Default"));
    }

    [Fact]
    public void Cure_WhenNotInAccident_IsIllegal()
    {
        var g = ExecutedGuarantee();

        Assert.Throws<IllegalStateTransitionException>(() => g.Cure(Today.AddDays(10)));
    }

    [Fact]
    public void ReportAccident_WhenNormalised_CanDefaultAgain()
    {
        var g = ExecutedGuarantee();
        g.ReportAccident(Today.AddDays(30), "Default");
        g.Cure(Today.AddDays(60));

        g.ReportAccident(Today.AddDays(90), "Acceleration");

        Assert.Equal(GuaranteeStatus.Accident, g.Status);
        Assert.Equal("Acceleration", g.AccidentKind);
    }

    [Fact]
    public void Repay_WhenLargerThanBalance_IsRefusedAndBalanceUnchanged()
    {
        var g = ExecutedGuarantee();

        var ex = Assert.Throws<GuaranteeRuleException>(() => g.Repay(Today.AddDays(5), 10_000_001, Guid.NewGuid));

        Assert.Equal("RepaymentMustNotExceedBalance", ex.Rule);
        Assert.Equal(10_000_000, g.LoanBalance);
    }

    [Fact]
    public void Repay_WhenWholeBalance_TerminatesTheGuarantee()
    {
        var g = ExecutedGuarantee();

        g.Repay(Today.AddDays(5), 10_000_000, Guid.NewGuid);

        Assert.Equal(GuaranteeStatus.Terminated, g.Status);
    }

    [Fact]
    public void ExecuteLoan_WhenAfterSixtyDaysOfApproval_IsRefused()
    {
        var g = IssuedGuarantee();

        var ex = Assert.Throws<GuaranteeRuleException>(() => g.ExecuteLoan(Today.AddDays(61), 10_000_000));

        Assert.Equal("LoanMustBeExecutedWithinSixtyDaysOfApproval", ex.Rule);
    }

    [Fact]
    public void Lapse_WhenWithinSixtyDays_IsRefused()
    {
        var g = IssuedGuarantee();

        Assert.Throws<GuaranteeRuleException>(() => g.Lapse(Today.AddDays(60), Guid.NewGuid));
    }

    [Fact]
    public void Lapse_WhenNoLoanAfterSixtyDays_LapsesAndReturnsPaidFee()
    {
        var g = IssuedGuarantee();
        g.PayFee(Today, g.Instalments[0].Amount, Guid.NewGuid());

        var refunds = g.Lapse(Today.AddDays(61), Guid.NewGuid);

        Assert.Equal(GuaranteeStatus.Lapsed, g.Status);
        Assert.Equal(-g.Instalments[0].Amount, Assert.Single(refunds).Amount);
        Assert.Equal(0, g.PaidBalance);
        Assert.Equal(0, g.OutstandingGuaranteed);
    }

    [Fact]
    public void Lapse_WhenLoanExecuted_IsIllegal()
    {
        var g = ExecutedGuarantee();

        Assert.Throws<IllegalStateTransitionException>(() => g.Lapse(Today.AddDays(90), Guid.NewGuid));
    }

    [Fact]
    public void RepayInFull_WhenFeePrepaid_RefundsUnusedDaysAndLedgerSumsToPaidBalance()
    {
        var g = ExecutedGuarantee(amount: 10_000_000, term: 12, on: D(2021, 3, 2));
        var fee = g.Instalments[0].Amount;
        g.PayFee(D(2021, 3, 2), fee, Guid.NewGuid());

        var refunds = g.RepayInFull(D(2021, 9, 2), Guid.NewGuid);

        Assert.Equal(90_000, fee);
        Assert.Equal(-44_630, Assert.Single(refunds).Amount);
        Assert.Equal(45_370, g.PaidBalance);
        Assert.Equal(g.Ledger.Sum(e => e.Amount), g.PaidBalance);
        Assert.Equal(0, g.Overpayment);
        Assert.Equal(0, g.FeesOutstanding);
    }

    [Fact]
    public void RepayInFull_WhenYearlyInstalments_CancelsFutureYearsAndChargesOnlyUsedDays()
    {
        var g = ExecutedGuarantee(amount: 10_000_000, term: 36, plan: FeePaymentPlan.YearlyInstalments, on: D(2023, 3, 2));
        g.PayFee(D(2023, 3, 2), g.Instalments[0].Amount, Guid.NewGuid());

        var refunds = g.RepayInFull(D(2024, 9, 2), Guid.NewGuid);

        Assert.Empty(refunds);
        Assert.Equal(90_246, g.Instalments[0].NetPaid);
        Assert.Equal(90_000 - 44_630, g.Instalments[1].Owed);
        Assert.Equal(0, g.Instalments[2].Owed);

        // The second year's 90,000 was due 2024-03-02 and unpaid for 184 days: 90,000 × 10% × 184/365 = 4,536.9 → 4,536 (시행령 44③).
        Assert.Equal(45_370 + 4_536, g.FeesOutstanding);
    }

    [Fact]
    public void PayFee_WhenMoreThanOwed_KeepsExcessAsRefundableOverpayment()
    {
        var g = IssuedGuarantee(term: 12);
        var fee = g.Instalments[0].Amount;

        g.PayFee(Today, fee + 5_000, Guid.NewGuid());
        var refund = g.RefundOverpayment(Today.AddDays(1), null, Guid.NewGuid());

        Assert.Equal(-5_000, refund.Amount);
        Assert.Equal(fee, g.PaidBalance);
        Assert.Equal(0, g.Overpayment);
        Assert.Equal(g.Ledger.Sum(e => e.Amount), g.PaidBalance);
    }

    [Fact]
    public void RefundOverpayment_WhenNothingOverpaid_IsRefused()
    {
        var g = IssuedGuarantee(term: 12);
        g.PayFee(Today, g.Instalments[0].Amount, Guid.NewGuid());

        var ex = Assert.Throws<GuaranteeRuleException>(() => g.RefundOverpayment(Today, null, Guid.NewGuid()));

        Assert.Equal("RefundRequiresOverpayment", ex.Rule);
    }

    [Fact]
    public void RefundOverpayment_WhenAskingMoreThanOverpaid_IsRefused()
    {
        var g = IssuedGuarantee(term: 12);
        g.PayFee(Today, g.Instalments[0].Amount + 100, Guid.NewGuid());

        Assert.Throws<GuaranteeRuleException>(() => g.RefundOverpayment(Today, 101, Guid.NewGuid()));
    }

    [Fact]
    public void AssessLateFees_WhenAssessedTwiceAndAgain_ChargesOnlyTheIncreaseOfOneTruncatedTotal()
    {
        // 시행령 44③: 90,000 × 10% × 30/365 = 739.7 → 739; over 60 days 90,000 × 10% × 60/365 = 1,479.4 → 1,479, so the second 30 days add 740.
        var g = IssuedGuarantee(term: 12, on: D(2022, 3, 2));

        var first = g.AssessLateFees(D(2022, 4, 1));
        var again = g.AssessLateFees(D(2022, 4, 1));
        var later = g.AssessLateFees(D(2022, 5, 1));

        Assert.Equal(739, Assert.Single(first).Amount);
        Assert.Empty(again);
        Assert.Equal(740, Assert.Single(later).Amount);
        Assert.Equal(90_000 + 1_479, g.FeesOutstanding);
    }

    [Fact]
    public void AssessLateFees_WhenUnpaidFor120Days_ChargesTenPercentAYearActualOver365Truncated()
    {
        // 시행령 44③: 162,443 × 10% × 120/365 = 5,340.59 → 5,340.
        var g = ExecutedGuarantee(amount: 18_049_223, term: 12, on: D(2022, 3, 2));

        var charged = g.AssessLateFees(D(2022, 6, 30));

        Assert.Equal(162_443, g.Instalments[0].Amount);
        Assert.Equal(5_340, Assert.Single(charged).Amount);
    }

    [Fact]
    public void PayFee_WhenPaid180DaysLateWithoutAssessment_FirstChargesTheLateFeeUpToThePaymentDate()
    {
        // 시행령 44③: 162,443 × 10% × 180/365 = 8,010.89 → 8,010; the payment of 170,453 settles fee and late fee.
        var g = ExecutedGuarantee(amount: 18_049_223, term: 12, on: D(2022, 3, 2));

        g.PayFee(D(2022, 8, 29), 162_443 + 8_010, Guid.NewGuid());

        var lateFee = Assert.Single(g.Instalments, i => i.Kind == FeeInstalmentKind.LateFee);
        Assert.Equal(8_010, lateFee.Amount);
        Assert.Equal(0, g.FeesOutstanding);
        Assert.Equal(0, g.Overpayment);
    }

    [Fact]
    public void AssessLateFees_WhenAssessedEveryDayForAYear_EqualsOneAssessmentAtTheEnd()
    {
        // 162,443 × 10% × 365/365 = 16,244.3 → 16,244 either way; truncating each day would give 365 × 44 = 16,060 (−184).
        var daily = ExecutedGuarantee(amount: 18_049_223, term: 12, on: D(2022, 3, 2));
        var once = ExecutedGuarantee(amount: 18_049_223, term: 12, on: D(2022, 3, 2));

        for (var day = D(2022, 3, 3); day <= D(2023, 3, 2); day = day.AddDays(1))
        {
            daily.AssessLateFees(day);
        }

        once.AssessLateFees(D(2023, 3, 2));

        Assert.Equal(16_244, daily.Instalments.Where(i => i.Kind == FeeInstalmentKind.LateFee).Sum(i => i.Amount));
        Assert.Equal(16_244, once.Instalments.Where(i => i.Kind == FeeInstalmentKind.LateFee).Sum(i => i.Amount));
    }

    [Fact]
    public void PayFee_WhenPartlyPaidLate_LateFeeRunsOnEachUnpaidIntervalWithOneTruncation()
    {
        // 162,443 unpaid 120 days, then 62,443 unpaid 60 more: (162,443 × 120 + 62,443 × 60) × 10% / 365 = 6,367.05 → 6,367 in all.
        var g = ExecutedGuarantee(amount: 18_049_223, term: 12, on: D(2022, 3, 2));

        g.PayFee(D(2022, 6, 30), 100_000, Guid.NewGuid());
        var later = g.AssessLateFees(D(2022, 8, 29));

        Assert.Equal(6_367 - 5_340, Assert.Single(later).Amount);
        Assert.Equal(6_367, g.Instalments.Where(i => i.Kind == FeeInstalmentKind.LateFee).Sum(i => i.Amount));
    }

    [Theory]
    [InlineData(2021, 10, 20, 0)]
    [InlineData(2021, 10, 21, 739)]
    public void AssessLateFees_WhenIssuedBeforeOrOnTheAmendmentDate_AppliesOnlyFromTheAmendment(int year, int month, int day, long expected)
    {
        // 시행령 44③ (2021-10 amendment, in force from 2021-10-21 as modelled): 90,000 × 10% × 30/365 = 739.7 → 739.
        var g = IssuedGuarantee(term: 12, on: D(year, month, day));

        g.AssessLateFees(D(year, month, day).AddDays(30));

        Assert.Equal(expected, g.Instalments.Where(i => i.Kind == FeeInstalmentKind.LateFee).Sum(i => i.Amount));
    }

    [Fact]
    public void Lapse_WhenLateFeeCharged_CancelsEveryFeeAndLateFee()
    {
        // 법 50③: no loan within the period, no guarantee arose. Fee 270,246 (9,000,000 × 1% × 1,096/365) and
        // late fee 4,516 (270,246 × 10% × 61/365 = 4,516.4) both stop being owed.
        var g = IssuedGuarantee(term: 36, on: D(2022, 3, 2));
        g.AssessLateFees(D(2022, 5, 2));

        var refunds = g.Lapse(D(2022, 5, 2), Guid.NewGuid);

        Assert.Equal([270_246L, 4_516L], g.Instalments.Select(i => i.Amount));
        Assert.All(g.Instalments, i => Assert.Equal(0, i.Owed));
        Assert.Empty(refunds);
        Assert.Equal(0, g.FeesOutstanding);
        Assert.Equal(0, g.PaidBalance);
    }

    [Fact]
    public void Lapse_WhenFeeAndLateFeePaid_ReturnsEveryPaidWonInOneReversingEntry()
    {
        // 법 50③: paid 30 days late, 270,246 + 2,221 (270,246 × 10% × 30/365 = 2,221.2); the lapse returns all 272,467.
        var g = IssuedGuarantee(term: 36, on: D(2022, 3, 2));
        g.PayFee(D(2022, 4, 1), 272_467, Guid.NewGuid());

        var refunds = g.Lapse(D(2022, 5, 2), Guid.NewGuid);

        var refund = Assert.Single(refunds);
        Assert.Equal(FeeLedgerEntryKind.UnusedFeeRefund, refund.Kind);
        Assert.Equal(-272_467, refund.Amount);
        Assert.Equal([272_467L, -272_467L], g.Ledger.Select(e => e.Amount));
        Assert.Equal(0, g.PaidBalance);
        Assert.Equal(0, g.FeesOutstanding);
        Assert.Equal(0, g.Overpayment);
    }

    [Fact]
    public void Extend_WhenFeeWasOverpaid_NetsTheOverpaymentAgainstTheNewFeeAndRefusesARefund()
    {
        // No refund while something is owed: 5,000 overpaid goes to the extension fee of 90,246
        // (9,000,000 × 1% × 366/365 = 90,246.6), leaving 85,246 owed and nothing refundable.
        var g = ExecutedGuarantee(amount: 10_000_000, term: 12, on: D(2022, 3, 2));
        g.PayFee(D(2022, 3, 2), 95_000, Guid.NewGuid());

        var extension = g.Extend(D(2023, 2, 1), 12, 0.01m);
        var ex = Assert.Throws<GuaranteeRuleException>(() => g.RefundOverpayment(D(2023, 2, 1), null, Guid.NewGuid()));

        Assert.Equal(90_246, extension.Amount);
        Assert.Equal(85_246, g.FeesOutstanding);
        Assert.Equal(0, g.Overpayment);
        Assert.Equal("RefundRequiresOverpayment", ex.Rule);
    }

    [Fact]
    public void RepayInFull_WhenLateFeeOwed_NetsTheUnusedFeeAgainstItAndRefundsOnlyTheRest()
    {
        // Fee 90,000 paid 30 days late leaves late fee 739 (90,000 × 10% × 30/365) owed. Unused part at 2022-09-02:
        // 90,000 × 181/365 = 44,630.1 → 44,630; 739 of it pays the late fee, 43,891 is refunded.
        var g = ExecutedGuarantee(amount: 10_000_000, term: 12, on: D(2022, 3, 2));
        g.PayFee(D(2022, 4, 1), 90_000, Guid.NewGuid());

        var refunds = g.RepayInFull(D(2022, 9, 2), Guid.NewGuid);

        Assert.Equal(-43_891, Assert.Single(refunds).Amount);
        Assert.Equal(0, g.FeesOutstanding);
        Assert.Equal(45_370 + 739, g.PaidBalance);
        Assert.Equal(g.Ledger.Sum(e => e.Amount), g.PaidBalance);
        Assert.Equal(0, g.Overpayment);
    }

    [Fact]
    public void AssessLateFees_WhenPaidOnTime_ChargesNothing()
    {
        var g = IssuedGuarantee(term: 12);
        g.PayFee(Today, g.Instalments[0].Amount, Guid.NewGuid());

        Assert.Empty(g.AssessLateFees(Today.AddDays(100)));
    }

    [Fact]
    public void Extend_WhenLoanRunning_AddsFeeForTheNewPeriodOnTheBalance()
    {
        var g = ExecutedGuarantee(amount: 10_000_000, term: 12, on: D(2021, 3, 2));
        g.Repay(D(2021, 6, 1), 5_000_000, Guid.NewGuid);

        var instalment = g.Extend(D(2022, 2, 1), 12, 0.01m);

        Assert.Equal(D(2023, 3, 2), g.EndDate);
        Assert.Equal(FeeInstalmentKind.ExtensionFee, instalment.Kind);
        Assert.Equal(45_000, instalment.Amount);
        Assert.Equal(24, g.TermMonths);
    }

    [Fact]
    public void Extend_WhenInAccident_IsIllegal()
    {
        var g = ExecutedGuarantee();
        g.ReportAccident(Today.AddDays(10), "Default");

        Assert.Throws<IllegalStateTransitionException>(() => g.Extend(Today.AddDays(11), 12, 0.01m));
    }

    [Fact]
    public void Issue_WhenRateAtTheCapAndYearHas366Days_EachInstalmentIsCappedOnTheAmount()
    {
        // 법 55의4 (15%/yr): guaranteed 900,000 (1,000,000 × 90%); 2023-03-02..2024-03-02 at 15% would be
        // 900,000 × 15% × 366/365 = 135,369.8, capped at 135,000; the next year has 365 days: 135,000.
        var g = IssuedGuarantee(amount: 1_000_000, term: 24, plan: FeePaymentPlan.YearlyInstalments, rate: 0.15m, on: D(2023, 3, 2));

        Assert.Equal([135_000L, 135_000L], g.Instalments.Select(i => i.Amount));
    }

    [Fact]
    public void OutstandingGuaranteed_WhenLoanPartlyRepaid_IsRatioOfBalance()
    {
        var g = ExecutedGuarantee(amount: 10_000_000);
        g.Repay(Today.AddDays(30), 2_500_001, Guid.NewGuid);

        Assert.Equal(6_749_999, g.OutstandingGuaranteed);
        Assert.Equal(7_499_999, g.CustomerExposure);
    }
}

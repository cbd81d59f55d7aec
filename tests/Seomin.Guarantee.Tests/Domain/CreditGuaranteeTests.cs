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
        g.Cure();
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

        Assert.Throws<IllegalStateTransitionException>(g.Cure);
    }

    [Fact]
    public void ReportAccident_WhenNormalised_CanDefaultAgain()
    {
        var g = ExecutedGuarantee();
        g.ReportAccident(Today.AddDays(30), "Default");
        g.Cure();

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
        Assert.Equal(45_370, g.FeesOutstanding);
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
    public void AssessLateFees_WhenInstalmentUnpaid_ChargesTenPercentAYearOnceForEachDay()
    {
        var g = IssuedGuarantee(term: 12, on: D(2021, 3, 2));

        var first = g.AssessLateFees(D(2021, 4, 1));
        var again = g.AssessLateFees(D(2021, 4, 1));
        var later = g.AssessLateFees(D(2021, 5, 1));

        Assert.Equal(739, Assert.Single(first).Amount);
        Assert.Empty(again);
        Assert.Equal(739, Assert.Single(later).Amount);
        Assert.Equal(90_000 + 739 + 739, g.FeesOutstanding);
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
    public void OutstandingGuaranteed_WhenLoanPartlyRepaid_IsRatioOfBalance()
    {
        var g = ExecutedGuarantee(amount: 10_000_000);
        g.Repay(Today.AddDays(30), 2_500_001, Guid.NewGuid);

        Assert.Equal(6_749_999, g.OutstandingGuaranteed);
        Assert.Equal(7_499_999, g.CustomerExposure);
    }
}

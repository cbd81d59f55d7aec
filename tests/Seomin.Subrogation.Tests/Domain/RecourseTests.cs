using Seomin.Subrogation.Domain;
using Seomin.Subrogation.Domain.Recourse;
using Seomin.Subrogation.Domain.Relief;
using Seomin.Subrogation.Domain.Rules;

namespace Seomin.Subrogation.Tests.Domain;

public sealed class RecourseTests
{
    private static readonly DateOnly Paid = new(2025, 4, 20);

    private static RecourseClaim Open(long principal = 9_126_985) =>
        RecourseClaim.Open(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "C-test", "KINFA-SUPP", principal, Paid);

    private static string RuleOf(Action action) => Assert.Throws<SubrogationRuleException>(action).Rule;

    [Fact]
    public void The_late_charge_accrues_daily_from_the_payment_date_at_the_dated_rate_truncated_once()
    {
        var claim = Open();
        var balance = claim.BalanceOn(Paid.AddDays(365));

        // 9,126,985 × 12% × 365 / 365 = 1,095,238.2 → 1,095,238.
        Assert.Equal(1_095_238, balance.LateCharge);
        Assert.Equal(9_126_985 + 1_095_238, balance.Total);
        Assert.Equal(0, Open().BalanceOn(Paid).LateCharge);
    }

    [Fact]
    public void The_late_charge_does_not_depend_on_how_often_it_is_brought_up_to_date()
    {
        var daily = Open(1_000_003);
        for (var day = 1; day <= 400; day++)
        {
            daily.AccrueTo(Paid.AddDays(day));
        }

        var once = Open(1_000_003);
        once.AccrueTo(Paid.AddDays(400));
        Assert.Equal(once.LateChargeDue, daily.LateChargeDue);

        // 1,000,003 × 0.12 × 400 / 365 = 131,507.24 → 131,507; truncating every day would give 131,200.
        Assert.Equal(131_507, once.LateChargeDue);
    }

    [Fact]
    public void Rates_stay_within_the_decree_ceiling()
    {
        Assert.True(LateChargeRates.AllWithinCeiling);
        Assert.Equal(0.17m, LateChargeRates.For(Paid).Ceiling);
        Assert.All(LateChargeRates.All, r => Assert.False(string.IsNullOrWhiteSpace(r.Citation)));
    }

    [Fact]
    public void A_recovery_goes_to_costs_then_late_charge_then_principal()
    {
        var claim = Open(1_000_000);
        claim.AddCost(50_000, Paid.AddDays(10));
        var on = Paid.AddDays(73); // 1,000,000 × 0.12 × 73 / 365 = 24,000
        var allocation = claim.Recover(100_000, on);

        Assert.Equal(new RecoveryAllocation(50_000, 24_000, 26_000), allocation);
        Assert.Equal(974_000, claim.Principal);
        Assert.Equal(0, claim.Costs);
        Assert.Equal(0, claim.LateChargeDue);
        Assert.Equal(on, claim.LastRecoveryOn);
    }

    [Fact]
    public void A_recovery_larger_than_the_balance_is_refused_and_changes_nothing()
    {
        var claim = Open(1_000_000);
        var on = Paid.AddDays(73);
        Assert.Equal("RecoveryMustNotExceedBalance", RuleOf(() => claim.Recover(1_024_001, on)));
        Assert.Equal(1_000_000, claim.Principal);
        Assert.Equal(24_000, claim.LateChargeDue);

        claim.Recover(1_024_000, on);
        Assert.Equal(RecourseStatus.Repaid, claim.Status);
        Assert.Throws<IllegalStateTransitionException>(() => claim.Recover(1, on));
    }

    [Fact]
    public void The_ten_year_limitation_runs_from_payment_and_restarts_on_a_recovery()
    {
        var claim = Open();
        Assert.Equal(new DateOnly(2035, 4, 20), claim.LimitationExpiresOn);
        claim.Recover(10_000, new DateOnly(2027, 6, 1));
        Assert.Equal(new DateOnly(2037, 6, 1), claim.LimitationExpiresOn);
        claim.InterruptLimitation(LimitationInterruption.JudicialClaim, new DateOnly(2026, 1, 1));
        Assert.Equal(new DateOnly(2037, 6, 1), claim.LimitationExpiresOn);
        Assert.Contains("제54조제5항", LegalPeriods.Limitation.Citation, StringComparison.Ordinal);
    }

    [Fact]
    public void An_instalment_plan_with_a_waiver_waives_the_late_charge_owed_and_stops_it_while_kept()
    {
        var claim = Open(1_200_000);
        var agreed = Paid.AddDays(73); // late charge 28,800
        var plan = claim.AgreeInstalments(Guid.NewGuid(), 12, agreed.AddMonths(1), waiveLateCharge: true, agreed);

        Assert.Equal(28_800, claim.LateChargeWaived);
        Assert.Equal(0, claim.LateChargeDue);
        Assert.Equal(1_200_000, plan.Total);
        Assert.Equal(plan.Total, plan.Instalments.Sum(i => i.Amount));
        Assert.Equal(RecourseStatus.Instalment, claim.Status);

        claim.AccrueTo(agreed.AddDays(200));
        Assert.Equal(0, claim.LateChargeDue);
    }

    [Fact]
    public void Two_missed_instalments_default_the_plan_collection_resumes_and_paying_the_arrears_reinstates_it()
    {
        var claim = Open(1_000_000);
        var first = Paid.AddMonths(1);
        var plan = claim.AgreeInstalments(Guid.NewGuid(), 3, first, waiveLateCharge: true, Paid);
        Assert.Equal([333_333, 333_333, 333_334], plan.Instalments.Select(i => i.Amount));

        Assert.False(claim.CheckPlan(first.AddMonths(1).AddDays(-1))); // one instalment missed: still kept
        Assert.True(claim.CheckPlan(first.AddMonths(1)));               // two missed: default
        Assert.Equal(RecourseStatus.Collecting, claim.Status);
        Assert.False(claim.LateChargeSuspended);

        claim.Recover(666_666 + claim.BalanceOn(first.AddMonths(1)).LateCharge, first.AddMonths(1));
        Assert.Equal(InstalmentPlanStatus.Current, claim.Plan!.Status);
        claim.ReinstatePlan(first.AddMonths(1));
        Assert.Equal(RecourseStatus.Instalment, claim.Status);
    }

    [Fact]
    public void A_plan_defaults_when_one_instalment_is_sixty_days_past_due()
    {
        // A rule that tolerates many missed instalments isolates the 60-day clause.
        var rule = new InstalmentDefaultRule(MissedInstalments: 5, DaysPastDue: 60, "test");
        var plan = InstalmentPlan.Agree(Guid.NewGuid(), 1_000_000, 10, new DateOnly(2025, 1, 31), waiveLateCharge: false, rule);
        Assert.False(plan.Evaluate(new DateOnly(2025, 3, 31))); // 59 days
        Assert.True(plan.Evaluate(new DateOnly(2025, 4, 1)));   // 60 days
        Assert.Equal(InstalmentPlanStatus.Defaulted, plan.Status);
    }

    [Fact]
    public void A_write_off_moves_the_claim_to_special_claims_and_collection_continues()
    {
        var claim = Open(1_000_000);
        Assert.Equal(1_000_000, claim.WriteOff(Paid.AddYears(2)));
        Assert.Equal(RecourseCategory.Special, claim.Category);
        Assert.True(claim.IsOpen);
        Assert.Throws<IllegalStateTransitionException>(() => claim.WriteOff(Paid.AddYears(3)));
        claim.Recover(1_000, Paid.AddYears(3));
    }

    [Fact]
    public void Sale_extinguishment_and_exemption_end_management()
    {
        var sold = Open(1_000_000);
        Assert.Equal(1_000_000, sold.Sell("한국자산관리공사", 30_000, Paid.AddYears(3)));
        Assert.Equal(RecourseStatus.Sold, sold.Status);
        Assert.Equal(30_000, sold.SalePrice);
        Assert.Throws<IllegalStateTransitionException>(() => sold.Recover(1, Paid.AddYears(4)));

        var extinguished = Open(500_000);
        extinguished.ReducePrincipal(100_000, Paid.AddYears(1));
        Assert.Equal(400_000, extinguished.Extinguish(Paid.AddYears(5)));
        Assert.Equal(RecourseStatus.Extinguished, extinguished.Status);

        var exempt = Open(500_000);
        Assert.Equal(500_000, exempt.Exempt(Paid.AddYears(1)));
        Assert.Equal(RecourseStatus.Exempted, exempt.Status);
    }

    [Fact]
    public void A_reduction_cannot_exceed_the_principal()
    {
        var claim = Open(500_000);
        Assert.Equal("ReductionMustNotExceedPrincipal", RuleOf(() => claim.ReducePrincipal(500_001, Paid)));
        claim.ReducePrincipal(500_000, Paid);
        Assert.Equal(0, claim.Principal);
    }

    [Fact]
    public void Rehabilitation_stays_collection_until_it_ends()
    {
        var claim = Open();
        claim.StayCollection(Paid.AddMonths(2));
        Assert.Equal(RecourseStatus.CollectionStayed, claim.Status);
        Assert.Throws<IllegalStateTransitionException>(() => claim.AgreeInstalments(Guid.NewGuid(), 3, Paid.AddMonths(3), false, Paid.AddMonths(2)));
        claim.ResumeCollection(Paid.AddMonths(8));
        Assert.Equal(RecourseStatus.Collecting, claim.Status);
    }

    [Fact]
    public void Legal_periods_are_data_with_their_statutes()
    {
        var served = new DateOnly(2025, 5, 1);
        Assert.Equal(new DateOnly(2025, 5, 15), LegalPeriods.PaymentOrderObjection.From(served));
        Assert.Equal(new DateOnly(2025, 11, 1), LegalPeriods.DefaultersListWaiting.From(served));
        Assert.Equal(new DateOnly(2035, 5, 1), LegalPeriods.DefaultersListStrike.From(served));
        Assert.All(LegalPeriods.All, p => Assert.False(string.IsNullOrWhiteSpace(p.Citation)));
    }

    [Fact]
    public void Splitting_keeps_every_won()
    {
        Assert.Equal(1_000_001, Won.SplitEvenly(1_000_001, 7).Sum());
        Assert.Equal([1, 1, 1], Won.SplitEvenly(3, 3));
    }
}

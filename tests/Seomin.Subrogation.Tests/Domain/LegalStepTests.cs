using Seomin.Subrogation.Domain;
using Seomin.Subrogation.Domain.Grading;
using Seomin.Subrogation.Domain.Legal;
using Seomin.Subrogation.Domain.Recourse;
using Seomin.Subrogation.Domain.Rules;

namespace Seomin.Subrogation.Tests.Domain;

public sealed class LegalStepTests
{
    private static readonly DateOnly Paid = new(2025, 4, 20);

    private static RecourseClaim Open() => RecourseClaim.Open(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "C-test", "INCHEON-BASE", 10_000_000, Paid);

    private static string RuleOf(Action action) => Assert.Throws<SubrogationRuleException>(action).Rule;

    [Fact]
    public void Every_legal_period_cites_its_statute()
    {
        Assert.All(LegalPeriods.All, p => Assert.False(string.IsNullOrWhiteSpace(p.Citation)));
        Assert.Contains("제470조", LegalPeriods.PaymentOrderObjection.Citation);
        Assert.Contains("제70조", LegalPeriods.DefaultersListWaiting.Citation);
        Assert.Contains("제73조", LegalPeriods.DefaultersListStrike.Citation);
        Assert.Contains("제54조제5항", LegalPeriods.Limitation.Citation);
    }

    [Fact]
    public void A_demand_letter_is_followed_up_two_weeks_later()
    {
        var (step, interruption) = LegalStep.Take(Guid.NewGuid(), Open(), LegalStepKind.DemandLetter, new DateOnly(2026, 1, 5), "최고-1", null);
        Assert.Null(interruption);
        Assert.Equal(WorkItemKind.FollowUpDemandLetter, step.NextAction);
        Assert.Equal(new DateOnly(2026, 1, 19), step.NextDueOn);
    }

    [Fact]
    public void A_payment_order_is_final_after_the_two_week_objection_period_and_restarts_the_limitation_from_then()
    {
        var claim = Open();
        Assert.Equal(new DateOnly(2035, 4, 20), claim.LimitationExpiresOn);
        var (order, none) = LegalStep.Take(Guid.NewGuid(), claim, LegalStepKind.PaymentOrder, new DateOnly(2026, 2, 20), "2026차전123", null);
        Assert.Null(none);
        Assert.Null(order.NextAction);
        Assert.Equal("PaymentOrderMustBeServed", RuleOf(() => order.BecomeFinal(new DateOnly(2026, 4, 1))));

        // Served 2 March: objection until 16 March (14 days), final from 17 March.
        order.Serve(new DateOnly(2026, 3, 2));
        Assert.Equal(WorkItemKind.ConfirmPaymentOrderFinal, order.NextAction);
        Assert.Equal(new DateOnly(2026, 3, 17), order.NextDueOn);
        Assert.Equal("ObjectionPeriodMustHaveEnded", RuleOf(() => order.BecomeFinal(new DateOnly(2026, 3, 16))));

        var interruption = order.BecomeFinal(new DateOnly(2026, 3, 17));
        claim.InterruptLimitation(interruption, new DateOnly(2026, 3, 17));
        Assert.Equal(new DateOnly(2036, 3, 17), claim.LimitationExpiresOn);
        Assert.Equal(LimitationInterruption.JudicialClaim, claim.LimitationInterruptedBy);
        Assert.Equal(WorkItemKind.ApplyForDefaultersList, order.NextAction);
        Assert.Equal(new DateOnly(2026, 9, 17), order.NextDueOn);
    }

    [Fact]
    public void The_defaulters_list_needs_a_final_title_six_months_unpaid_and_is_struck_after_ten_years()
    {
        var claim = Open();
        var finalOn = new DateOnly(2026, 3, 17);
        Assert.Equal("DefaultersListNeedsFinalTitle", RuleOf(() => LegalStep.Take(Guid.NewGuid(), claim, LegalStepKind.DefaultersList, new DateOnly(2026, 10, 1), null, null)));
        Assert.Equal("DefaultersListNeedsSixMonthsUnpaid", RuleOf(() => LegalStep.Take(Guid.NewGuid(), claim, LegalStepKind.DefaultersList, new DateOnly(2026, 9, 16), null, finalOn)));
        var (entry, _) = LegalStep.Take(Guid.NewGuid(), claim, LegalStepKind.DefaultersList, new DateOnly(2026, 9, 17), "2026카불55", finalOn);
        Assert.Equal(WorkItemKind.StrikeDefaultersList, entry.NextAction);
        Assert.Equal(new DateOnly(2036, 9, 17), entry.NextDueOn);
        Assert.Equal("PropertyDisclosureNeedsFinalTitle", RuleOf(() => LegalStep.Take(Guid.NewGuid(), claim, LegalStepKind.PropertyDisclosure, new DateOnly(2026, 9, 17), null, null)));
    }

    [Fact]
    public void A_seizure_interrupts_the_limitation_but_an_older_interruption_changes_nothing()
    {
        var claim = Open();
        var (_, interruption) = LegalStep.Take(Guid.NewGuid(), claim, LegalStepKind.Seizure, new DateOnly(2027, 1, 5), "2027타채1", null);
        Assert.Equal(LimitationInterruption.Seizure, interruption);
        claim.InterruptLimitation(interruption!.Value, new DateOnly(2027, 1, 5));
        Assert.Equal(new DateOnly(2037, 1, 5), claim.LimitationExpiresOn);
        claim.InterruptLimitation(LimitationInterruption.Acknowledgement, new DateOnly(2026, 6, 1));
        Assert.Equal(new DateOnly(2037, 1, 5), claim.LimitationExpiresOn);
        Assert.Equal(LimitationInterruption.Seizure, claim.LimitationInterruptedBy);
    }

    [Fact]
    public void A_recovery_and_an_instalment_agreement_are_acknowledgements_that_restart_the_limitation()
    {
        var claim = Open();
        claim.Recover(100_000, new DateOnly(2026, 5, 1));
        Assert.Equal(new DateOnly(2036, 5, 1), claim.LimitationExpiresOn);
        claim.AgreeInstalments(Guid.NewGuid(), 10, new DateOnly(2026, 8, 1), false, new DateOnly(2026, 7, 1));
        Assert.Equal(new DateOnly(2036, 7, 1), claim.LimitationExpiresOn);
        Assert.Equal(LimitationInterruption.Acknowledgement, claim.LimitationInterruptedBy);
    }

    [Fact]
    public void While_a_rehabilitation_case_runs_only_demand_letters_are_taken_and_a_discharge_extinguishes_the_claim()
    {
        var claim = Open();
        claim.StayCollection(new DateOnly(2025, 6, 1));
        Assert.Equal("CollectionIsStayed", RuleOf(() => LegalStep.Take(Guid.NewGuid(), claim, LegalStepKind.Seizure, new DateOnly(2025, 6, 2), null, null)));
        Assert.Equal(RecourseGrade.C, claim.Regrade(new DateOnly(2025, 6, 2)).Grade);

        var principal = claim.Discharge(new DateOnly(2026, 6, 1));
        Assert.Equal(10_000_000, principal);
        Assert.Equal(RecourseStatus.Extinguished, claim.Status);
        Assert.Throws<IllegalStateTransitionException>(() => claim.Discharge(new DateOnly(2026, 6, 2)));
        Assert.Throws<IllegalStateTransitionException>(() => Open().Discharge(new DateOnly(2026, 6, 2)));
    }

    [Fact]
    public void The_stored_grade_follows_the_facts_when_regraded()
    {
        var claim = Open();
        Assert.Equal(RecourseGrade.D, claim.Regrade(new DateOnly(2025, 6, 1)).Grade);
        claim.Recover(10_000, new DateOnly(2025, 7, 1));
        claim.RecordKnownAssets();
        var (grade, rule) = claim.Regrade(new DateOnly(2025, 7, 10));
        Assert.Equal(RecourseGrade.A, grade);
        Assert.Equal("RecoveredWithin90DaysWithAssets", claim.GradeRule);
        Assert.Equal(rule.Name, claim.GradeRule);
        Assert.Equal(new DateOnly(2025, 7, 10), claim.GradedOn);
    }
}

using Seomin.Subrogation.Domain.Recourse;
using Seomin.Subrogation.Domain.Rules;

namespace Seomin.Subrogation.Domain.Legal;

/// <summary>The collection and legal steps taken on a recourse claim.</summary>
public enum LegalStepKind
{
    /// <summary>최고서 (demand letter).</summary>
    DemandLetter,

    /// <summary>지급명령 신청 (민사소송법 제462조 이하).</summary>
    PaymentOrder,

    /// <summary>구상금 청구소송.</summary>
    Lawsuit,

    /// <summary>재산명시 신청 (민사집행법 제61조): needs a final title.</summary>
    PropertyDisclosure,

    /// <summary>채무불이행자명부 등재 (민사집행법 제70조).</summary>
    DefaultersList,

    /// <summary>압류.</summary>
    Seizure,

    /// <summary>가압류.</summary>
    ProvisionalSeizure,
}

/// <summary>What an officer must do next, and by when: the work queue's rows.</summary>
public enum WorkItemKind
{
    /// <summary>The demand letter's answer period ended: follow up (next legal step or close).</summary>
    FollowUpDemandLetter,

    /// <summary>The payment order was served and its objection period ends: confirm it final.</summary>
    ConfirmPaymentOrderFinal,

    /// <summary>Six months from a final title without payment: the debtor may be entered in the defaulters' list.</summary>
    ApplyForDefaultersList,

    /// <summary>Ten years from the entry: the entry is struck.</summary>
    StrikeDefaultersList,

    /// <summary>The ten-year limitation expires: interrupt it or write the claim off.</summary>
    LimitationExpires,
}

public enum LegalStepStatus
{
    /// <summary>Running: an action is pending (see <see cref="LegalStep.NextAction"/>).</summary>
    Open,

    /// <summary>Nothing more to do on this step.</summary>
    Closed,
}

/// <summary>
/// One legal step on a recourse claim with its next deadline, computed from <see cref="LegalPeriods"/> (each period
/// cites its statute). Taking or finishing a step returns the limitation interruption it causes, if any.
/// </summary>
public sealed class LegalStep
{
    private LegalStep()
    {
    }

    public Guid Id { get; private set; }

    public Guid RecourseId { get; private set; }

    public LegalStepKind Kind { get; private set; }

    public DateOnly TakenOn { get; private set; }

    /// <summary>The court's case number (사건번호) or the letter's reference.</summary>
    public string? Reference { get; private set; }

    public DateOnly? ServedOn { get; private set; }

    /// <summary>The day the title (payment order or judgment) became final (확정).</summary>
    public DateOnly? FinalOn { get; private set; }

    public LegalStepStatus Status { get; private set; }

    public WorkItemKind? NextAction { get; private set; }

    public DateOnly? NextDueOn { get; private set; }

    /// <summary>The statute or rule the deadline comes from.</summary>
    public string? NextCitation { get; private set; }

    public bool IsFinalTitle => Kind is LegalStepKind.PaymentOrder or LegalStepKind.Lawsuit && FinalOn is not null;

    /// <summary>
    /// Takes a step on <paramref name="on"/>. <paramref name="finalTitleOn"/> is the day the claim's title became final
    /// (needed for 재산명시 and 채무불이행자명부). Returns the limitation interruption the step causes now, if any.
    /// </summary>
    public static (LegalStep Step, LimitationInterruption? Interruption) Take(
        Guid id, RecourseClaim recourse, LegalStepKind kind, DateOnly on, string? reference, DateOnly? finalTitleOn)
    {
        if (!recourse.IsOpen)
        {
            throw new IllegalStateTransitionException(recourse.Status.ToString(), "take a legal step");
        }

        if (recourse.Status == RecourseStatus.CollectionStayed && kind != LegalStepKind.DemandLetter)
        {
            throw new SubrogationRuleException("CollectionIsStayed", "A 개인회생 or 신용회복 case is running: enforcement is stayed.");
        }

        var step = new LegalStep { Id = id, RecourseId = recourse.Id, Kind = kind, TakenOn = on, Reference = reference?.Trim(), Status = LegalStepStatus.Open };
        LimitationInterruption? interruption = null;
        switch (kind)
        {
            case LegalStepKind.DemandLetter:
                step.Due(WorkItemKind.FollowUpDemandLetter, LegalPeriods.DemandLetterAnswer.From(on), LegalPeriods.DemandLetterAnswer.Citation);
                break;
            case LegalStepKind.PaymentOrder or LegalStepKind.Lawsuit:
                // The claim interrupts the limitation, but it starts again only when the title is final (민법 제178조제2항).
                step.NextAction = null;
                break;
            case LegalStepKind.PropertyDisclosure:
                RequireFinalTitle(finalTitleOn, "PropertyDisclosureNeedsFinalTitle", "재산명시 needs a final title (민사집행법 제61조제1항).");
                step.Status = LegalStepStatus.Closed;
                break;
            case LegalStepKind.DefaultersList:
                var title = RequireFinalTitle(finalTitleOn, "DefaultersListNeedsFinalTitle", "채무불이행자명부 needs a final title (민사집행법 제70조제1항).");
                var eligible = LegalPeriods.DefaultersListWaiting.From(title);
                if (on < eligible)
                {
                    throw new SubrogationRuleException(
                        "DefaultersListNeedsSixMonthsUnpaid", $"The debtor may be entered from {eligible:yyyy-MM-dd}, six months after the title became final ({LegalPeriods.DefaultersListWaiting.Citation}).");
                }

                step.Due(WorkItemKind.StrikeDefaultersList, LegalPeriods.DefaultersListStrike.From(on), LegalPeriods.DefaultersListStrike.Citation);
                break;
            case LegalStepKind.Seizure or LegalStepKind.ProvisionalSeizure:
                step.Status = LegalStepStatus.Closed;
                interruption = LimitationInterruption.Seizure;
                break;
        }

        return (step, interruption);
    }

    /// <summary>The payment order was served on <paramref name="servedOn"/>: the two-week objection period runs.</summary>
    public void Serve(DateOnly servedOn)
    {
        if (Kind is not (LegalStepKind.PaymentOrder or LegalStepKind.Lawsuit) || Status != LegalStepStatus.Open || FinalOn is not null)
        {
            throw new IllegalStateTransitionException($"{Kind} {Status}", "record service");
        }

        if (servedOn < TakenOn)
        {
            throw new SubrogationRuleException("ServiceMustFollowFiling", "Service cannot precede the filing.");
        }

        ServedOn = servedOn;
        if (Kind == LegalStepKind.PaymentOrder)
        {
            // The objection period ends at the end of the 14th day after service; the order is final the day after.
            Due(WorkItemKind.ConfirmPaymentOrderFinal, LegalPeriods.PaymentOrderObjection.From(servedOn).AddDays(1), LegalPeriods.PaymentOrderObjection.Citation);
        }
    }

    /// <summary>
    /// The payment order or judgment became final on <paramref name="finalOn"/>: the limitation starts again from that
    /// day, and six months later (if still unpaid) the debtor may be entered in the defaulters' list.
    /// </summary>
    public LimitationInterruption BecomeFinal(DateOnly finalOn)
    {
        if (Kind is not (LegalStepKind.PaymentOrder or LegalStepKind.Lawsuit) || FinalOn is not null)
        {
            throw new IllegalStateTransitionException($"{Kind} {Status}", "confirm final");
        }

        if (Kind == LegalStepKind.PaymentOrder)
        {
            if (ServedOn is not { } served)
            {
                throw new SubrogationRuleException("PaymentOrderMustBeServed", "A payment order becomes final only after service.");
            }

            var earliest = LegalPeriods.PaymentOrderObjection.From(served).AddDays(1);
            if (finalOn < earliest)
            {
                throw new SubrogationRuleException(
                    "ObjectionPeriodMustHaveEnded", $"The objection period runs to {earliest.AddDays(-1):yyyy-MM-dd} ({LegalPeriods.PaymentOrderObjection.Citation}).");
            }
        }
        else if (finalOn < TakenOn)
        {
            throw new SubrogationRuleException("FinalMustFollowFiling", "A judgment cannot be final before the filing.");
        }

        FinalOn = finalOn;
        Due(WorkItemKind.ApplyForDefaultersList, LegalPeriods.DefaultersListWaiting.From(finalOn), LegalPeriods.DefaultersListWaiting.Citation);
        return LimitationInterruption.JudicialClaim;
    }

    /// <summary>The pending action was dealt with (or is no longer needed): nothing more is due on this step.</summary>
    public void Close()
    {
        Status = LegalStepStatus.Closed;
        NextAction = null;
        NextDueOn = null;
        NextCitation = null;
    }

    private void Due(WorkItemKind action, DateOnly on, string citation)
    {
        Status = LegalStepStatus.Open;
        NextAction = action;
        NextDueOn = on;
        NextCitation = citation;
    }

    private static DateOnly RequireFinalTitle(DateOnly? finalTitleOn, string rule, string message) =>
        finalTitleOn ?? throw new SubrogationRuleException(rule, message);
}

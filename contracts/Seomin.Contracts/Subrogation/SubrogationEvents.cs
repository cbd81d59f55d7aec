namespace Seomin.Contracts.Subrogation;

// Events published by the subrogation and recourse service (대위변제·구상채권). Never an RRN or a name.

/// <summary>A lender's claim for subrogation was filed for a guarantee in accident.</summary>
[MessageName("subrogation.claim-filed")]
public sealed record SubrogationClaimFiled
{
    public required Guid EventId { get; init; }
    public required Guid ClaimId { get; init; }
    public required Guid GuaranteeId { get; init; }
    public required string CustomerId { get; init; }
    public required string LenderCode { get; init; }
    public required long ClaimedPrincipal { get; init; }
    public required DateOnly AccidentOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A claim was approved (with the payable amount) or rejected (with the reason).</summary>
[MessageName("subrogation.claim-decided")]
public sealed record SubrogationClaimDecided
{
    public required Guid EventId { get; init; }
    public required Guid ClaimId { get; init; }
    public required Guid GuaranteeId { get; init; }
    public required string CustomerId { get; init; }
    public required bool Approved { get; init; }
    public required long GuarantorShare { get; init; }
    public required long LenderShare { get; init; }
    public required string? RejectionReason { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>The guarantor paid the lender (대위변제금 지급): Guarantee closes the guarantee, Contributions books the fund out.</summary>
[MessageName("subrogation.paid")]
public sealed record SubrogationPaid
{
    public required Guid EventId { get; init; }
    public required Guid ClaimId { get; init; }
    public required Guid GuaranteeId { get; init; }
    public required string CustomerId { get; init; }
    public required string LenderCode { get; init; }
    public required string FundCode { get; init; }
    public required long Amount { get; init; }
    public required DateOnly PaidOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A recourse claim (구상채권) against the debtor was opened by a payment.</summary>
[MessageName("subrogation.recourse-opened")]
public sealed record RecourseClaimOpened
{
    public required Guid EventId { get; init; }
    public required Guid RecourseId { get; init; }
    public required Guid ClaimId { get; init; }
    public required Guid GuaranteeId { get; init; }
    public required string CustomerId { get; init; }
    public required string FundCode { get; init; }
    public required long Principal { get; init; }
    public required DateOnly OpenedOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>An instalment agreement (분할상환 약정) was made on a recourse claim.</summary>
[MessageName("subrogation.repayment-plan-agreed")]
public sealed record RepaymentPlanAgreed
{
    public required Guid EventId { get; init; }
    public required Guid RecourseId { get; init; }
    public required string CustomerId { get; init; }
    public required long Total { get; init; }
    public required int Instalments { get; init; }
    public required bool LateChargeWaived { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>An instalment agreement defaulted under its missed-payment rule.</summary>
[MessageName("subrogation.repayment-plan-defaulted")]
public sealed record RepaymentPlanDefaulted
{
    public required Guid EventId { get; init; }
    public required Guid RecourseId { get; init; }
    public required string CustomerId { get; init; }
    public required DateOnly DefaultedOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>Money was recovered from the debtor (회수): Contributions books the fund in.</summary>
[MessageName("subrogation.recourse-recovered")]
public sealed record RecourseRecovered
{
    public required Guid EventId { get; init; }
    public required Guid RecourseId { get; init; }
    public required Guid RecoveryId { get; init; }
    public required string CustomerId { get; init; }
    public required string FundCode { get; init; }
    public required long Amount { get; init; }
    public required long ToCosts { get; init; }
    public required long ToLateCharge { get; init; }
    public required long ToPrincipal { get; init; }
    public required DateOnly RecoveredOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A recourse claim was written off (상각) into special claims (특수채권).</summary>
[MessageName("subrogation.recourse-written-off")]
public sealed record RecourseWrittenOff
{
    public required Guid EventId { get; init; }
    public required Guid RecourseId { get; init; }
    public required string CustomerId { get; init; }
    public required long Principal { get; init; }
    public required DateOnly WrittenOffOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A claim was sold (매각) to KAMCO or an SPC.</summary>
[MessageName("subrogation.recourse-sold")]
public sealed record RecourseSold
{
    public required Guid EventId { get; init; }
    public required Guid RecourseId { get; init; }
    public required string CustomerId { get; init; }
    public required string Buyer { get; init; }
    public required long BookValue { get; init; }
    public required long Price { get; init; }
    public required DateOnly SoldOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>The principal of a claim was reduced (원금감면).</summary>
[MessageName("subrogation.recourse-principal-reduced")]
public sealed record RecoursePrincipalReduced
{
    public required Guid EventId { get; init; }
    public required Guid RecourseId { get; init; }
    public required string CustomerId { get; init; }
    public required long Amount { get; init; }
    public required DateOnly ReducedOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A claim was extinguished (소각) or exempted on death or disability: management ended.</summary>
[MessageName("subrogation.recourse-extinguished")]
public sealed record RecourseExtinguished
{
    public required Guid EventId { get; init; }
    public required Guid RecourseId { get; init; }
    public required string CustomerId { get; init; }
    public required long Principal { get; init; }
    public required string Reason { get; init; }
    public required DateOnly ExtinguishedOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A 개인회생 or 신용회복 case was registered on a claim: collection stays while it runs.</summary>
[MessageName("subrogation.recourse-collection-stayed")]
public sealed record RecourseCollectionStayed
{
    public required Guid EventId { get; init; }
    public required Guid RecourseId { get; init; }
    public required string CustomerId { get; init; }

    /// <summary><c>PersonalRehabilitation</c> (개인회생) or <c>CreditRecovery</c> (신용회복).</summary>
    public required string CaseKind { get; init; }
    public required DateOnly StayedOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>The case ended: <c>Dismissed</c> resumes collection; <c>Discharged</c> is followed by <see cref="RecourseExtinguished"/>.</summary>
[MessageName("subrogation.recourse-collection-stay-ended")]
public sealed record RecourseCollectionStayEnded
{
    public required Guid EventId { get; init; }
    public required Guid RecourseId { get; init; }
    public required string CustomerId { get; init; }
    public required string CaseKind { get; init; }
    public required string Outcome { get; init; }
    public required DateOnly EndedOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A legal step was taken on a claim (demand letter, payment order, seizure, defaulters' list...).</summary>
[MessageName("subrogation.recourse-legal-step-taken")]
public sealed record RecourseLegalStepTaken
{
    public required Guid EventId { get; init; }
    public required Guid RecourseId { get; init; }
    public required Guid StepId { get; init; }
    public required string CustomerId { get; init; }
    public required string Kind { get; init; }
    public required DateOnly TakenOn { get; init; }
    public required DateOnly LimitationExpiresOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

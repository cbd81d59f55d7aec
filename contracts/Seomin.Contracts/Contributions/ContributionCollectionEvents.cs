namespace Seomin.Contracts.Contributions;

// Events of the contributions service about what institutions owe and pay (출연금 부과·납부). Amounts are whole won.

/// <summary>A month's contributions were assessed for an institution (공통출연 + 차등출연 + corrections netted in).</summary>
[MessageName("contributions.assessed")]
public sealed record ContributionAssessed
{
    public required Guid EventId { get; init; }
    public required Guid AssessmentId { get; init; }
    public required string InstitutionCode { get; init; }

    /// <summary>The month charged, yyyy-MM.</summary>
    public required string Month { get; init; }
    public required long Common { get; init; }
    public required long Differential { get; init; }

    /// <summary>Net of corrections to earlier months netted into this assessment (may be negative).</summary>
    public required long Adjustments { get; init; }
    public required long Total { get; init; }
    public required DateOnly DueOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A payment was applied to an assessment (late interest first, then principal).</summary>
[MessageName("contributions.paid")]
public sealed record ContributionPaid
{
    public required Guid EventId { get; init; }
    public required Guid AssessmentId { get; init; }
    public required Guid PaymentId { get; init; }
    public required string InstitutionCode { get; init; }
    public required long ToPrincipal { get; init; }
    public required long ToInterest { get; init; }
    public required long Outstanding { get; init; }
    public required DateOnly ReceivedOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>An assessment was still unpaid after its due date (체납).</summary>
[MessageName("contributions.overdue")]
public sealed record ContributionOverdue
{
    public required Guid EventId { get; init; }
    public required Guid AssessmentId { get; init; }
    public required string InstitutionCode { get; init; }
    public required string Month { get; init; }
    public required long Outstanding { get; init; }
    public required DateOnly DueOn { get; init; }
    public required int DaysOverdue { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

namespace Seomin.Contracts.DormantAssets;

// Events published by the dormant financial assets service (휴면금융자산). A CustomerId, never an RRN, a name or an account number.

/// <summary>An institution's transfer batch (출연) was imported: how many lines went in, how many were rejected, and the total.</summary>
[MessageName("dormantassets.transferred")]
public sealed record DormantAssetsTransferred
{
    public required Guid EventId { get; init; }
    public required Guid BatchId { get; init; }
    public required string InstitutionCode { get; init; }
    public required string BatchReference { get; init; }
    public required int AcceptedLines { get; init; }
    public required int RejectedLines { get; init; }
    public required long TotalAmount { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>An owner (or an heir or agent in person) claimed a dormant asset (지급청구).</summary>
[MessageName("dormantassets.refund-claimed")]
public sealed record DormantRefundClaimed
{
    public required Guid EventId { get; init; }
    public required Guid ClaimId { get; init; }
    public required Guid AssetId { get; init; }
    public required string CustomerId { get; init; }

    /// <summary>Online, Partner or InPerson.</summary>
    public required string Channel { get; init; }
    public required string? PartnerCode { get; init; }
    public required long Principal { get; init; }
    public required long Interest { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>Internal control held a claim for review; <see cref="Reasons"/> are the rule codes that fired.</summary>
[MessageName("dormantassets.refund-held")]
public sealed record DormantRefundHeld
{
    public required Guid EventId { get; init; }
    public required Guid ClaimId { get; init; }
    public required string CustomerId { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>The payout (principal + post-transfer interest) reached the owner's account.</summary>
[MessageName("dormantassets.refund-paid")]
public sealed record DormantRefundPaid
{
    public required Guid EventId { get; init; }
    public required Guid ClaimId { get; init; }
    public required Guid AssetId { get; init; }
    public required string CustomerId { get; init; }
    public required long Principal { get; init; }
    public required long Interest { get; init; }
    public required long Amount { get; init; }
    public required DateOnly PaidOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>Automatic lookup: a person seen by another service holds dormant assets (once per person per period).</summary>
[MessageName("dormantassets.found")]
public sealed record DormantAssetsFound
{
    public required Guid EventId { get; init; }
    public required string CustomerId { get; init; }

    /// <summary>Assets the owner can claim online or in person (cheque and 실기주 assets are not disclosed, 법 43).</summary>
    public required int AssetCount { get; init; }
    public required long TotalAmount { get; init; }

    /// <summary>The notice period, <c>yyyy-MM</c>: one notice per person per period.</summary>
    public required string Period { get; init; }

    /// <summary>What brought the person into view: <c>guarantee.application-submitted</c> or <c>counseling.session-recorded</c>.</summary>
    public required string Trigger { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

using Seomin.PersonalData;

namespace Seomin.Guarantee.Api.Data;

/// <summary>
/// The applicant's resident registration number, kept apart from the application: encrypted at rest
/// (AES-256-GCM via the personal-data building block), a blind index for lookups, the pseudonymous CustomerId.
/// </summary>
public sealed class ApplicantIdentity
{
    public Guid ApplicationId { get; set; }

    public ResidentRegistrationNumber Rrn { get; set; }

    public string RrnBlindIndex { get; set; } = string.Empty;

    public string CustomerId { get; set; } = string.Empty;
}

/// <summary>First response to an Idempotency-Key, replayed for the same key and body.</summary>
public sealed class IdempotencyRecord
{
    public string Key { get; set; } = string.Empty;

    public string RequestHash { get; set; } = string.Empty;

    public int StatusCode { get; set; }

    public string ResponseBody { get; set; } = string.Empty;

    public string? Location { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

public enum IncentiveKind
{
    PreApplicationCounseling,
    FinancialEducation,
}

/// <summary>Projection of counseling's completion events: fee incentives a customer has earned.</summary>
public sealed class CustomerIncentive
{
    public Guid CompletionId { get; set; }

    public string CustomerId { get; set; } = string.Empty;

    public IncentiveKind Kind { get; set; }

    public DateOnly ValidFrom { get; set; }

    public DateOnly ValidUntil { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>Projection of each guarantee fund's balance (보증재원) from the contributions service; one row per fund, with the highest per-fund sequence seen.</summary>
public sealed class FundBalance
{
    public string FundCode { get; set; } = string.Empty;

    public long Balance { get; set; }

    public long Sequence { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Annual supply plan per product (공급계획), e.g. the 2021 plan of the KINFA business plan.</summary>
public sealed class SupplyPlan
{
    public string ProductCode { get; set; } = string.Empty;

    public int Year { get; set; }

    public long PlannedAmount { get; set; }

    /// <summary>
    /// True when the plan counts extensions (기한연장) as supply, as the foundation's plan does (seed 003: 2021 plan
    /// 10,000억 = new 5,000억 + extensions 5,000억). A plan row may be for a product code or for a whole fund (its fund code).
    /// </summary>
    public bool CountsExtensions { get; set; }

    /// <summary>The year's estimate (실적 추정) where the source gives one, e.g. the 2020 column of the 2021 plan.</summary>
    public long? EstimatedAmount { get; set; }

    public string Source { get; set; } = string.Empty;
}

public enum RefundTransferStatus
{
    /// <summary>The refund is booked on the fee ledger; the bank has not confirmed the transfer yet (a retry re-sends the same transfer id).</summary>
    Pending,

    /// <summary>The bank confirmed the transfer.</summary>
    Completed,
}

/// <summary>
/// A self-service refund transfer (dedupe table): one row per refund, keyed by the transfer id sent to the bank (the
/// refund's fee-ledger entry id), so a retried request re-sends the same transfer and the customer is paid once. The
/// account number is kept masked only; the customer presents it again on a retry.
/// </summary>
public sealed class RefundTransfer
{
    public Guid Id { get; set; }

    public Guid GuaranteeId { get; set; }

    public string CustomerId { get; set; } = string.Empty;

    public long Amount { get; set; }

    public string BankCode { get; set; } = string.Empty;

    public string MaskedAccountNumber { get; set; } = string.Empty;

    public RefundTransferStatus Status { get; set; }

    public string? BankReference { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}

/// <summary>Money a lender remitted to the agency for one month's fee settlement (fees collected less refunds paid).</summary>
public sealed class LenderRemittance
{
    public Guid Id { get; set; }

    public string LenderCode { get; set; } = string.Empty;

    /// <summary>The settlement month, as its first day.</summary>
    public DateOnly Month { get; set; }

    public long Amount { get; set; }

    public DateOnly ReceivedOn { get; set; }

    /// <summary>The bank reference of the remittance; unique, so a remittance recorded twice is one.</summary>
    public string Reference { get; set; } = string.Empty;

    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>One extension (기한연장) of a guarantee: the balance extended counts as supply where the plan says so.</summary>
public sealed class GuaranteeExtension
{
    public Guid Id { get; set; }

    public Guid GuaranteeId { get; set; }

    public string ProductCode { get; set; } = string.Empty;

    public string FundCode { get; set; } = string.Empty;

    public DateOnly ExtendedOn { get; set; }

    public int AdditionalMonths { get; set; }

    /// <summary>The loan balance whose term was extended.</summary>
    public long LoanBalance { get; set; }
}

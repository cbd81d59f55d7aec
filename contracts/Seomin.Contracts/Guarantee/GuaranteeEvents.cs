namespace Seomin.Contracts.Guarantee;

// Events published by the guarantee service (보증). Amounts are whole won. CustomerId is the keyed-HMAC
// pseudonym of the applicant; no event ever carries a resident registration number or a name.

/// <summary>Channel through which an application arrived.</summary>
public enum ApplicationChannel
{
    Branch,
    Mobile,
    BankIntake,
    Partner,
}

/// <summary>A guarantee application was received (보증 신청).</summary>
[MessageName("guarantee.application-submitted")]
public sealed record GuaranteeApplicationSubmitted
{
    public required Guid EventId { get; init; }
    public required Guid ApplicationId { get; init; }
    public required string CustomerId { get; init; }
    public required string ProductCode { get; init; }
    public required long RequestedAmount { get; init; }
    public required int TermMonths { get; init; }
    public required ApplicationChannel Channel { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>An application was approved or rejected, automatically or by staff (보증 심사 결정).</summary>
[MessageName("guarantee.application-decided")]
public sealed record GuaranteeApplicationDecided
{
    public required Guid EventId { get; init; }
    public required Guid ApplicationId { get; init; }
    public required string CustomerId { get; init; }
    public required bool Approved { get; init; }
    public required long ApprovedAmount { get; init; }
    public required IReadOnlyList<string> Reasons { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A guarantee certificate was issued to the lender (보증서 발급).</summary>
[MessageName("guarantee.issued")]
public sealed record GuaranteeIssued
{
    public required Guid EventId { get; init; }
    public required Guid GuaranteeId { get; init; }
    public required Guid ApplicationId { get; init; }
    public required string CertificateNumber { get; init; }
    public required string CustomerId { get; init; }
    public required string ProductCode { get; init; }
    public required string LenderCode { get; init; }
    public required long GuaranteedAmount { get; init; }
    public required decimal GuaranteeRatio { get; init; }
    public required DateOnly StartDate { get; init; }
    public required DateOnly EndDate { get; init; }
    /// <summary>The guarantor fund the product belongs to (<c>Seomin.Contracts.Contributions.FundCodes</c>); null on events published before funds were carried.</summary>
    public string? FundCode { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>The lender reported that the guaranteed loan was executed (대출 실행).</summary>
[MessageName("guarantee.loan-executed")]
public sealed record GuaranteeLoanExecuted
{
    public required Guid EventId { get; init; }
    public required Guid GuaranteeId { get; init; }
    public required string CustomerId { get; init; }
    public required string LenderCode { get; init; }
    public required long LoanAmount { get; init; }
    public required DateOnly ExecutedOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>No loan was executed within 60 days of approval; the guarantee lapsed (실효).</summary>
[MessageName("guarantee.lapsed")]
public sealed record GuaranteeLapsed
{
    public required Guid EventId { get; init; }
    public required Guid GuaranteeId { get; init; }
    public required string CustomerId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A guarantee fee (or instalment, or late fee) was paid (보증료 납부).</summary>
[MessageName("guarantee.fee-paid")]
public sealed record GuaranteeFeePaid
{
    public required Guid EventId { get; init; }
    public required Guid GuaranteeId { get; init; }
    public required Guid LedgerEntryId { get; init; }
    public required string CustomerId { get; init; }
    public required long Amount { get; init; }
    /// <summary>The guarantor fund the product belongs to (<c>Seomin.Contracts.Contributions.FundCodes</c>); null on events published before funds were carried.</summary>
    public string? FundCode { get; init; }
    /// <summary>
    /// The business date the fee was paid on (the fee ledger entry's date, the <c>paidOn</c> the payment was reported
    /// with), which the fund ledger books it on; <see cref="OccurredAt"/> is when Guarantee recorded it. Null on events
    /// published before it was carried: their Seoul date of <see cref="OccurredAt"/> stands in.
    /// </summary>
    public DateOnly? PaidOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>Part of a paid fee was refunded: unused prepaid fee or an overpayment (보증료 환급).</summary>
[MessageName("guarantee.fee-refunded")]
public sealed record GuaranteeFeeRefunded
{
    public required Guid EventId { get; init; }
    public required Guid GuaranteeId { get; init; }
    public required Guid LedgerEntryId { get; init; }
    public required string CustomerId { get; init; }
    public required long Amount { get; init; }
    public required string Reason { get; init; }
    /// <summary>The guarantor fund the product belongs to (<c>Seomin.Contracts.Contributions.FundCodes</c>); null on events published before funds were carried.</summary>
    public string? FundCode { get; init; }
    /// <summary>
    /// The business date of the refund (the fee ledger entry's date: e.g. the full-repayment date an unused-fee refund
    /// is computed to), which the fund ledger books it on. Null on events published before it was carried: the Seoul
    /// date of <see cref="OccurredAt"/> stands in.
    /// </summary>
    public DateOnly? RefundedOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>The lender reported default or acceleration (사고 발생: 연체, 기한이익상실).</summary>
[MessageName("guarantee.accident-reported")]
public sealed record GuaranteeAccidentReported
{
    public required Guid EventId { get; init; }
    public required Guid GuaranteeId { get; init; }
    public required string CustomerId { get; init; }
    public required string LenderCode { get; init; }
    public required long OutstandingBalance { get; init; }
    public required string Kind { get; init; }
    public required DateOnly AccidentDate { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A defaulted guarantee was cured (정상화).</summary>
[MessageName("guarantee.normalized")]
public sealed record GuaranteeNormalized
{
    public required Guid EventId { get; init; }
    public required Guid GuaranteeId { get; init; }
    public required string CustomerId { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>The loan was repaid in full and the guarantee ended (해지).</summary>
[MessageName("guarantee.terminated")]
public sealed record GuaranteeTerminated
{
    public required Guid EventId { get; init; }
    public required Guid GuaranteeId { get; init; }
    public required string CustomerId { get; init; }
    public required string Reason { get; init; }
    public required DateOnly TerminatedOn { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

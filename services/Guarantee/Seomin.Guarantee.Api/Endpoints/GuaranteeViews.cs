using Seomin.Guarantee.Domain.Fees;
using Seomin.Guarantee.Domain.Guarantees;
using Seomin.Guarantee.Domain.Screening;

namespace Seomin.Guarantee.Api.Endpoints;

public sealed record DateRequest(DateOnly? On);

public sealed record LoanExecutedNotice(DateOnly? ExecutedOn, long LoanAmount);

public sealed record RepaymentNotice(DateOnly? RepaidOn, long Amount);

public sealed record AccidentNotice(DateOnly? OccurredOn, AccidentKind Kind);

public sealed record ExtensionNotice(DateOnly? ExtendedOn, int AdditionalMonths);

/// <summary>A fee payment; <see cref="CollectedByLender"/> when the guarantee's lender collected it on the agency's behalf (settled monthly).</summary>
public sealed record FeePaymentRequest(DateOnly? PaidOn, long Amount, bool? CollectedByLender = null);

public sealed record RefundRequest(long? Amount);

/// <summary>사고 종류: 연체 (default) or 기한이익상실 (acceleration).</summary>
public enum AccidentKind
{
    Default,
    Acceleration,
}

public sealed record GuaranteeView
{
    public required Guid Id { get; init; }

    public required Guid ApplicationId { get; init; }

    public required string CustomerId { get; init; }

    public required string ProductCode { get; init; }

    public required int ProductVersion { get; init; }

    public required string LenderCode { get; init; }

    public required GuaranteeStatus Status { get; init; }

    public required long ApprovedLoanAmount { get; init; }

    public required long GuaranteedAmount { get; init; }

    public required decimal GuaranteeRatio { get; init; }

    public required decimal FeeRate { get; init; }

    public required FeePaymentPlan FeePaymentPlan { get; init; }

    public required int TermMonths { get; init; }

    public required DateOnly ApprovedOn { get; init; }

    public required DateOnly LapseDeadline { get; init; }

    public string? CertificateNumber { get; init; }

    public DateOnly? StartDate { get; init; }

    public DateOnly? EndDate { get; init; }

    public DateOnly? LoanExecutedOn { get; init; }

    public required long LoanBalance { get; init; }

    public required long OutstandingGuaranteed { get; init; }

    public string? AccidentKind { get; init; }

    public DateOnly? EndedOn { get; init; }

    public string? EndReason { get; init; }

    public required long FeesOutstanding { get; init; }

    public required long PaidBalance { get; init; }

    public required long Overpayment { get; init; }

    /// <summary>The guarantor fund whose capacity the guarantee uses.</summary>
    public string? FundCode { get; init; }

    /// <summary>The branch that took the application, and its monitoring group (seed 003 20-6).</summary>
    public string? BranchCode { get; init; }

    public string? BranchGroup { get; init; }

    public static GuaranteeView From(CreditGuarantee g) => new()
    {
        Id = g.Id,
        ApplicationId = g.ApplicationId,
        CustomerId = g.CustomerId,
        ProductCode = g.ProductCode,
        ProductVersion = g.ProductVersion,
        LenderCode = g.LenderCode,
        Status = g.Status,
        ApprovedLoanAmount = g.ApprovedLoanAmount,
        GuaranteedAmount = g.GuaranteedAmount,
        GuaranteeRatio = g.GuaranteeRatio,
        FeeRate = g.FeeRate,
        FeePaymentPlan = g.PaymentPlan,
        TermMonths = g.TermMonths,
        ApprovedOn = g.ApprovedOn,
        LapseDeadline = g.LapseDeadline,
        CertificateNumber = g.CertificateNumber,
        StartDate = g.StartDate,
        EndDate = g.EndDate,
        LoanExecutedOn = g.LoanExecutedOn,
        LoanBalance = g.LoanBalance,
        OutstandingGuaranteed = g.OutstandingGuaranteed,
        AccidentKind = g.AccidentKind,
        EndedOn = g.EndedOn,
        EndReason = g.EndReason,
        FeesOutstanding = g.FeesOutstanding,
        PaidBalance = g.PaidBalance,
        Overpayment = g.Overpayment,
        FundCode = g.FundCode,
        BranchCode = g.BranchCode,
        BranchGroup = BranchGroups.Of(g.BranchCode),
    };
}

public sealed record FeeInstalmentView(int Sequence, FeeInstalmentKind Kind, DateOnly PeriodStart, DateOnly PeriodEnd, DateOnly DueDate,
    long Amount, long Reduction, long Owed, long Paid, long Refunded, long Unpaid);

public sealed record FeeLedgerEntryView(Guid Id, int Sequence, FeeLedgerEntryKind Kind, long Amount, DateOnly OccurredOn, string Reason)
{
    /// <summary>The lender that collected or paid this amount on the agency's behalf; null when direct.</summary>
    public string? SettledBy { get; init; }
}

/// <summary>The fee schedule and ledger; <see cref="LedgerSum"/> always equals <see cref="PaidBalance"/>.</summary>
public sealed record FeeView(
    Guid GuaranteeId, decimal FeeRate, FeePaymentPlan Plan, IReadOnlyList<FeeInstalmentView> Instalments, IReadOnlyList<FeeLedgerEntryView> Ledger,
    long LedgerSum, long PaidBalance, long FeesOutstanding, long Overpayment)
{
    public static FeeView From(CreditGuarantee g) => new(
        g.Id,
        g.FeeRate,
        g.PaymentPlan,
        [.. g.Instalments.OrderBy(i => i.Sequence).Select(i => new FeeInstalmentView(
            i.Sequence, i.Kind, i.PeriodStart, i.PeriodEnd, i.DueDate, i.Amount, i.Reduction, i.Owed, i.Paid, i.Refunded, i.Unpaid))],
        [.. g.Ledger.OrderBy(e => e.Sequence).Select(e => new FeeLedgerEntryView(e.Id, e.Sequence, e.Kind, e.Amount, e.OccurredOn, e.Reason) { SettledBy = e.SettledBy })],
        g.Ledger.Sum(e => e.Amount),
        g.PaidBalance,
        g.FeesOutstanding,
        g.Overpayment);
}

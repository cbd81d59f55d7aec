using Seomin.Contracts.Contributions;
using Seomin.Subrogation.Domain.Claims;

namespace Seomin.Subrogation.Api.Data;

/// <summary>
/// What this service knows of a guarantee, built only from Guarantee's events (never a call into its database): what is
/// guaranteed, for whom, by which fund, at what ratio, with which lender, and whether it is in accident. Events may
/// arrive in any order: each fills its own fields, and accident/normalisation compare their event times.
/// </summary>
public sealed class GuaranteeCoverProjection
{
    public Guid GuaranteeId { get; set; }

    public string CustomerId { get; set; } = "";

    public string? ProductCode { get; set; }

    public string? LenderCode { get; set; }

    public string? FundCode { get; set; }

    public long GuaranteedAmount { get; set; }

    public decimal GuaranteeRatio { get; set; }

    public DateOnly? StartDate { get; set; }

    public DateOnly? EndDate { get; set; }

    public long? LoanAmount { get; set; }

    public DateOnly? LoanExecutedOn { get; set; }

    public DateOnly? AccidentOn { get; set; }

    public string? AccidentKind { get; set; }

    public long? OutstandingAtAccident { get; set; }

    public DateTimeOffset? AccidentReportedAt { get; set; }

    public DateTimeOffset? NormalizedAt { get; set; }

    public DateOnly? TerminatedOn { get; set; }

    public string? TerminationReason { get; set; }

    /// <summary>Set when this service's own payment closed the guarantee's exposure.</summary>
    public DateOnly? SubrogatedOn { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsIssued => StartDate is not null && GuaranteeRatio > 0;

    /// <summary>In accident: reported, and not normalised by a later event.</summary>
    public bool InAccident => AccidentReportedAt is { } reported && (NormalizedAt is not { } normalized || normalized < reported);

    public GuaranteeCover ToCover() => new(
        GuaranteeId, CustomerId, LenderCode ?? "", FundCode ?? "", GuaranteeRatio, GuaranteedAmount,
        StartDate ?? DateOnly.MaxValue, TerminatedOn);
}

/// <summary>
/// The fund a guarantee belongs to when its issue event does not say (events published before funds were carried):
/// the shared <see cref="FundCodes"/> by product family.
/// </summary>
public static class FundFallback
{
    public static string ForProduct(string? productCode) =>
        productCode is not null && productCode.StartsWith("INCHEON_", StringComparison.Ordinal) ? FundCodes.IncheonBase : FundCodes.KinfaSupplementary;
}

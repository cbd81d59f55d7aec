using System.ComponentModel.DataAnnotations;

namespace Seomin.Gateway.Partner;

/// <summary>
/// A guarantee application a partner submits on behalf of a consenting customer. Only these fields are forwarded
/// to the guarantee service; anything else in the body (status, approvedBy, fees...) is dropped.
/// </summary>
public sealed record PartnerGuaranteeApplicationRequest
{
    /// <summary>Product code from <c>GET /partner/v1/products</c>.</summary>
    [Required, StringLength(50)]
    public string? ProductCode { get; init; }

    [Required]
    public PartnerApplicant? Applicant { get; init; }

    /// <summary>Requested guarantee amount in whole won.</summary>
    [Required, Range(1, long.MaxValue)]
    public long? RequestedAmount { get; init; }

    /// <summary>Loan term in months; one of the product's <c>termMonthsOptions</c>.</summary>
    [Required, Range(1, 600)]
    public int? TermMonths { get; init; }

    /// <summary>The lender (financial institution) code the loan is taken from.</summary>
    [Required, StringLength(20)]
    public string? LenderCode { get; init; }

    [Required]
    public PartnerConsent? Consent { get; init; }
}

/// <summary>The customer the partner applies for (신청인).</summary>
public sealed record PartnerApplicant
{
    [Required, StringLength(50)]
    public string? Name { get; init; }

    /// <summary>주민등록번호, <c>YYMMDD-NNNNNNN</c>; forwarded to the guarantee service only, never logged.</summary>
    [Required, StringLength(14, MinimumLength = 13)]
    public string? ResidentRegistrationNumber { get; init; }

    /// <summary>Annual income in whole won.</summary>
    [Required, Range(0, long.MaxValue)]
    public long? AnnualIncome { get; init; }

    /// <summary>Months in the current employment.</summary>
    [Required, Range(0, 1200)]
    public int? EmploymentMonths { get; init; }

    /// <summary>Credit score (0–1000) from the customer's credit bureau report.</summary>
    [Required, Range(0, 1000)]
    public int? CreditScore { get; init; }

    /// <summary>Credit-score percentile (0 = lowest); products combine it with income bands.</summary>
    [Required, Range(0, 100)]
    public decimal? CreditPercentile { get; init; }

    /// <summary>
    /// Optional: days worked in each of the last three months, oldest first (three numbers, 0–31), from the
    /// customer's employment evidence. 근로자햇살론 requires at least 10 in each; without them an application for it is
    /// referred to staff instead of being decided at once.
    /// </summary>
    [MinLength(3), MaxLength(3)]
    public int[]? WorkingDaysLastThreeMonths { get; init; }

    /// <summary>Optional: 햇살론유스's status test; without it an application for that product is referred to staff.</summary>
    public PartnerYouthStatus? YouthStatus { get; init; }
}

/// <summary>햇살론유스's status (who the product is for).</summary>
public enum PartnerYouthStatus
{
    /// <summary>대학생·대학원생.</summary>
    UniversityStudent,

    /// <summary>미취업 청년.</summary>
    JobSeeker,

    /// <summary>사회초년생 (employed one year or less).</summary>
    EarlyCareerWorker,

    /// <summary>None of the above.</summary>
    Other,
}

/// <summary>The customer's consent to the partner applying on their behalf (신용정보 제공·조회 동의).</summary>
public sealed record PartnerConsent
{
    /// <summary>The partner's id of the consent record.</summary>
    [Required, StringLength(100)]
    public string? ConsentId { get; init; }

    /// <summary>When the customer consented.</summary>
    [Required]
    public DateTimeOffset? ConsentedAt { get; init; }
}

/// <summary>An accepted application: its id (for <c>GET /partner/v1/guarantee-applications/{applicationId}</c>), status and transaction id.</summary>
public sealed record PartnerApplicationAccepted(string ApplicationId, string Status, string TransactionId);

/// <summary>A guarantee product in force, as partners see it (보증상품).</summary>
public sealed record PartnerProduct(
    string Code,
    string Name,
    int Version,
    DateOnly EffectiveFrom,
    long MaxAmountPerPerson,
    IReadOnlyList<int> TermMonthsOptions,
    decimal GuaranteeRatio,
    decimal AnnualFeeRate,
    bool AllowsYearlyInstalments)
{
    public static PartnerProduct From(GuaranteeProductVersionView v) => new(
        v.Code, v.Name, v.Version, v.EffectiveFrom, v.MaxAmountPerPerson, v.TermMonthsOptions, v.GuaranteeRatio, v.AnnualFeeRate, v.AllowsYearlyInstalments);
}

/// <summary>The status of an application this partner submitted: no customer identifiers, no screening internals.</summary>
public sealed record PartnerApplicationStatus(
    string ApplicationId,
    string ProductCode,
    string Status,
    string? ScreeningOutcome,
    long RequestedAmount,
    int TermMonths,
    long? ApprovedAmount,
    string? DecisionReason,
    DateTimeOffset SubmittedAt,
    DateTimeOffset? DecidedAt)
{
    public static PartnerApplicationStatus From(GuaranteeApplicationView a) => new(
        a.Id.ToString(), a.ProductCode, a.Status, a.ScreeningOutcome, a.RequestedAmount, a.TermMonths, a.ApprovedAmount, a.DecisionReason,
        a.SubmittedAt, a.DecidedAt);
}

using System.Text.Json.Serialization;
using Seomin.Guarantee.Domain.Fees;
using Seomin.Guarantee.Domain.Screening;
using Seomin.PersonalData;
using Seomin.PersonalData.Audit;

namespace Seomin.Guarantee.Api.Endpoints;

public sealed record SubmitApplicationRequest
{
    public string? ProductCode { get; init; }

    /// <summary>주민등록번호, "YYMMDD-NNNNNNN"; never echoed back (responses carry the masked form).</summary>
    public ResidentRegistrationNumber? Rrn { get; init; }

    public Channel Channel { get; init; } = Channel.Branch;

    /// <summary>
    /// Only checked: a partner's code and channel come from its token. A partner sending another partner's code is
    /// refused (403); staff submissions have no partner.
    /// </summary>
    public string? PartnerCode { get; init; }

    public string? LenderCode { get; init; }

    /// <summary>The branch (영업점) that took the application, e.g. "부평"; places the guarantee in its branch group for monitoring (seed 003 20-6).</summary>
    public string? BranchCode { get; init; }

    public long RequestedAmount { get; init; }

    public int TermMonths { get; init; }

    public int EmploymentMonths { get; init; }

    public long AnnualIncome { get; init; }

    public int CreditScore { get; init; }

    public decimal CreditPercentile { get; init; }

    public int? BusinessAgeMonths { get; init; }

    public bool ProtectedGroup { get; init; }

    public FeePaymentPlan FeePaymentPlan { get; init; } = FeePaymentPlan.Upfront;

    /// <summary>
    /// Optional: days worked with income in each of the last three months, oldest first (three numbers, 0–31), for
    /// 근로자햇살론's "≥ 10 days a month". Absent on a product that tests it: referred to staff, never approved at once.
    /// </summary>
    public int[]? WorkingDaysLastThreeMonths { get; init; }

    /// <summary>Optional: 햇살론유스's status. Absent on a product that tests it: referred to staff.</summary>
    public YouthStatus? YouthStatus { get; init; }
}

/// <summary>The decider is the caller's employee number from the token (maker-checker), never a body field.</summary>
public sealed record ApproveApplicationRequest(long Amount, string? Note);

public sealed record RejectApplicationRequest(string? Reason);

public sealed record ApplicationView : IHasDataSubject
{
    public required Guid Id { get; init; }

    public required string CustomerId { get; init; }

    public required string MaskedRrn { get; init; }

    public required string ProductCode { get; init; }

    public required int ProductVersion { get; init; }

    public required Channel Channel { get; init; }

    public required string LenderCode { get; init; }

    public required long RequestedAmount { get; init; }

    public required int TermMonths { get; init; }

    public required FeePaymentPlan FeePaymentPlan { get; init; }

    public required ApplicationStatus Status { get; init; }

    public required ScreeningOutcome ScreeningOutcome { get; init; }

    public required IReadOnlyList<RuleOutcome> Rules { get; init; }

    public long? ApprovedAmount { get; init; }

    public string? DecisionReason { get; init; }

    public string? DecidedBy { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    public Guid? GuaranteeId { get; init; }

    public required DateTimeOffset SubmittedAt { get; init; }

    /// <summary>The employee number (or system client id) that submitted the application.</summary>
    public string? SubmittedBy { get; init; }

    public string? PartnerCode { get; init; }

    [JsonIgnore]
    public CustomerId DataSubject => new(CustomerId);

    public static ApplicationView From(GuaranteeApplication a, string maskedRrn) => new()
    {
        Id = a.Id,
        CustomerId = a.CustomerId,
        MaskedRrn = maskedRrn,
        ProductCode = a.ProductCode,
        ProductVersion = a.ProductVersion,
        Channel = a.Channel,
        LenderCode = a.LenderCode,
        RequestedAmount = a.RequestedAmount,
        TermMonths = a.TermMonths,
        FeePaymentPlan = a.FeePaymentPlan,
        Status = a.Status,
        ScreeningOutcome = a.ScreeningOutcome,
        Rules = a.Rules,
        ApprovedAmount = a.ApprovedAmount,
        DecisionReason = a.DecisionReason,
        DecidedBy = a.DecidedBy,
        DecidedAt = a.DecidedAt,
        GuaranteeId = a.GuaranteeId,
        SubmittedAt = a.SubmittedAt,
        SubmittedBy = a.SubmittedBy,
        PartnerCode = a.PartnerCode,
    };
}

using Seomin.Guarantee.Domain.Fees;

namespace Seomin.Guarantee.Domain.Screening;

public enum ApplicationStatus
{
    /// <summary>Waiting for a staff decision (manual review).</summary>
    Referred,
    Approved,
    Rejected,
}

/// <summary>Intake channel: branch visit, mobile (non-face-to-face), partner bank intake.</summary>
public enum Channel
{
    Branch,
    Mobile,
    BankIntake,
    Partner,
}

/// <summary>A guarantee application (보증 신청) with its screening record and decision.</summary>
public sealed class GuaranteeApplication
{
    private List<RuleOutcome> _rules = [];

    private GuaranteeApplication()
    {
        CustomerId = ProductCode = LenderCode = string.Empty;
        Profile = null!;
    }

    public GuaranteeApplication(
        Guid id, string customerId, string productCode, int productVersion, Channel channel, ApplicantProfile profile,
        long requestedAmount, int termMonths, string lenderCode, FeePaymentPlan feePaymentPlan, DateTimeOffset submittedAt)
    {
        FeePaymentPlan = feePaymentPlan;
        Id = id;
        CustomerId = customerId;
        ProductCode = productCode;
        ProductVersion = productVersion;
        Channel = channel;
        Profile = profile;
        RequestedAmount = requestedAmount;
        TermMonths = termMonths;
        LenderCode = lenderCode;
        SubmittedAt = submittedAt;
        Status = ApplicationStatus.Referred;
    }

    public Guid Id { get; private set; }

    public string CustomerId { get; private set; }

    public string ProductCode { get; private set; }

    public int ProductVersion { get; private set; }

    public Channel Channel { get; private set; }

    public ApplicantProfile Profile { get; private set; }

    public long RequestedAmount { get; private set; }

    public int TermMonths { get; private set; }

    public string LenderCode { get; private set; }

    public FeePaymentPlan FeePaymentPlan { get; private set; }

    public DateTimeOffset SubmittedAt { get; private set; }

    /// <summary>Who submitted it: the employee number of a person, or a system's client id (maker of maker-checker).</summary>
    public string? SubmittedBy { get; private set; }

    /// <summary>The client that carried the submission (the staff portal, a partner's client).</summary>
    public string? SubmittedByClient { get; private set; }

    /// <summary>The partner fintech that submitted it on the customer's behalf, from its token; null for staff.</summary>
    public string? PartnerCode { get; private set; }

    public ApplicationStatus Status { get; private set; }

    public ScreeningOutcome ScreeningOutcome { get; private set; }

    public IReadOnlyList<RuleOutcome> Rules => _rules;

    public long? ApprovedAmount { get; private set; }

    public string? DecisionReason { get; private set; }

    public string? DecidedBy { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    public Guid? GuaranteeId { get; private set; }

    /// <summary>The branch (영업점) that took the application, when known.</summary>
    public string? BranchCode { get; private set; }

    /// <summary>Records the branch that took the application (blank is none).</summary>
    public void RecordBranch(string? branchCode) => BranchCode = string.IsNullOrWhiteSpace(branchCode) ? null : branchCode.Trim();

    /// <summary>Records who submitted the application (from the caller's validated token, never from the request body).</summary>
    public void RecordSubmitter(string submittedBy, string? client, string? partnerCode)
    {
        if (string.IsNullOrWhiteSpace(submittedBy))
        {
            throw new GuaranteeRuleException("SubmitterMustBeKnown", "An application needs the person or system that submitted it.");
        }

        SubmittedBy = submittedBy;
        SubmittedByClient = client;
        PartnerCode = partnerCode;
    }

    /// <summary>Records the screening and, when nothing needs a person, decides automatically.</summary>
    public void RecordScreening(ScreeningResult result, DateTimeOffset at)
    {
        _rules = [.. result.Rules];
        ScreeningOutcome = result.Outcome;
        switch (result.Outcome)
        {
            case ScreeningOutcome.Eligible:
                Decide(ApplicationStatus.Approved, RequestedAmount, "automatic approval: all rules passed", "screening", at);
                break;
            case ScreeningOutcome.Ineligible:
                Decide(ApplicationStatus.Rejected, null, string.Join("; ", result.Reasons), "screening", at);
                break;
            default:
                Status = ApplicationStatus.Referred;
                break;
        }
    }

    /// <summary>Staff approve a referred application, possibly for less than requested.</summary>
    public void Approve(long amount, string decidedBy, string? note, DateTimeOffset at)
    {
        RequireReferred();
        if (amount <= 0 || amount > RequestedAmount)
        {
            throw new GuaranteeRuleException("ApprovedAmountMustNotExceedRequest",
                $"The approved amount must be between 1 and the requested {RequestedAmount} won.");
        }

        Decide(ApplicationStatus.Approved, amount, note ?? "approved on manual review", decidedBy, at);
    }

    public void Reject(string reason, string decidedBy, DateTimeOffset at)
    {
        RequireReferred();
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new GuaranteeRuleException("RejectionNeedsReason", "A rejection must state its reason.");
        }

        Decide(ApplicationStatus.Rejected, null, reason, decidedBy, at);
    }

    public void AttachGuarantee(Guid guaranteeId) => GuaranteeId = guaranteeId;

    private void RequireReferred()
    {
        if (Status != ApplicationStatus.Referred)
        {
            throw new IllegalStateTransitionException(Status.ToString(), "Decide");
        }
    }

    private void Decide(ApplicationStatus status, long? amount, string reason, string by, DateTimeOffset at)
    {
        Status = status;
        ApprovedAmount = amount;
        DecisionReason = reason;
        DecidedBy = by;
        DecidedAt = at;
    }
}

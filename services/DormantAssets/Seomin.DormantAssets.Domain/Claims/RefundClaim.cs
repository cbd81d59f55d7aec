using Seomin.DormantAssets.Domain.Rules;

namespace Seomin.DormantAssets.Domain.Claims;

/// <summary>Where the claim came from: the agency's own app or web, a partner fintech's app, or a counter.</summary>
public enum ClaimChannel
{
    Online,
    Partner,
    InPerson,
}

/// <summary>Who claims: the owner, an heir (상속인) or an agent (대리인), the latter two only in person with documents.</summary>
public enum Claimant
{
    Owner,
    Heir,
    Agent,
}

/// <summary>Held → (reviewed) → Approved → Paid; Held → Rejected. A failed transfer leaves it Approved (payable again).</summary>
public enum ClaimStatus
{
    Held,
    Approved,
    Paid,
    Rejected,
}

/// <summary>
/// A claim for payment of a dormant asset (지급청구). Any time (no deadline since 2016). The payout is principal plus the
/// post-transfer interest up to the claim date, fixed when it is made; it is paid exactly once, to an account in the
/// owner's name.
/// </summary>
public sealed class RefundClaim
{
    public static readonly IReadOnlyList<ClaimStatus> OpenStatuses = [ClaimStatus.Held, ClaimStatus.Approved];

    /// <summary>The SQL list of open statuses, pinned to <see cref="OpenStatuses"/> by a test (partial unique index).</summary>
    public const string OpenStatusesSql = "('Held','Approved')";

    private RefundClaim()
    {
    }

    public Guid Id { get; private set; }

    public Guid AssetId { get; private set; }

    public string CustomerId { get; private set; } = "";

    public ClaimChannel Channel { get; private set; }

    public Claimant Claimant { get; private set; }

    public string? PartnerCode { get; private set; }

    public string? ConsentId { get; private set; }

    public long Principal { get; private set; }

    public long Interest { get; private set; }

    public long Payout { get; private set; }

    public string PayeeBankCode { get; private set; } = "";

    public string PayeeAccount { get; private set; } = "";

    public string PayeeHolderName { get; private set; } = "";

    public ClaimStatus Status { get; private set; }

    public List<string> HoldCodes { get; private set; } = [];

    public List<string> HoldNotes { get; private set; } = [];

    /// <summary>In-person claims: the documents checked at the counter (kind and reference, e.g. <c>FamilyRelationCertificate:2026-123</c>).</summary>
    public List<string> Documents { get; private set; } = [];

    public string ClaimedBy { get; private set; } = "";

    public DateTimeOffset ClaimedAt { get; private set; }

    public string? ReviewedBy { get; private set; }

    public string? ReviewNote { get; private set; }

    public string? DecidedBy { get; private set; }

    public string? RejectionReason { get; private set; }

    public string? TransferReference { get; private set; }

    public DateOnly? PaidOn { get; private set; }

    public int FailedTransfers { get; private set; }

    public uint Version { get; private set; }

    public static RefundClaim Make(
        Guid id, Guid assetId, string customerId, ClaimChannel channel, Claimant claimant, string? partnerCode, string? consentId,
        long principal, long interest, string payeeBankCode, string payeeAccount, string payeeHolderName, IReadOnlyList<HoldReason> holds,
        IReadOnlyList<string> documents, string claimedBy, DateTimeOffset claimedAt)
    {
        if (claimant != Claimant.Owner && channel != ClaimChannel.InPerson)
        {
            throw new DormantRuleException("HeirsAndAgentsClaimInPerson", "Heirs and agents claim in person with documents.");
        }

        if (channel == ClaimChannel.InPerson && documents.Count == 0)
        {
            throw new DormantRuleException("InPersonClaimNeedsDocuments", "An in-person claim records the documents that were checked.");
        }

        return new RefundClaim
        {
            Id = id, AssetId = assetId, CustomerId = customerId, Channel = channel, Claimant = claimant, PartnerCode = partnerCode,
            ConsentId = consentId, Principal = principal, Interest = interest, Payout = principal + interest,
            PayeeBankCode = payeeBankCode, PayeeAccount = payeeAccount, PayeeHolderName = payeeHolderName,
            Status = holds.Count > 0 ? ClaimStatus.Held : ClaimStatus.Approved,
            HoldCodes = [.. holds.Select(h => h.Code)], HoldNotes = [.. holds.Select(h => h.Reason)], Documents = [.. documents],
            ClaimedBy = claimedBy, ClaimedAt = claimedAt,
        };
    }

    public bool IsOpen => OpenStatuses.Contains(Status);

    /// <summary>The first person's look at a held claim (the maker of the decision); the approver must be someone else.</summary>
    public void Review(string reviewer, string note)
    {
        Require(ClaimStatus.Held, "review");
        ReviewedBy = reviewer;
        ReviewNote = note;
    }

    /// <summary>Releases a reviewed held claim for payment. The caller has checked the approver is neither the reviewer nor the claimant (maker-checker).</summary>
    public void Approve(string approver)
    {
        Require(ClaimStatus.Held, "approve");
        if (ReviewedBy is null)
        {
            throw new DormantRuleException("HeldClaimMustBeReviewed", "A held claim is reviewed by one employee before another approves it.");
        }

        DecidedBy = approver;
        Status = ClaimStatus.Approved;
    }

    public void Reject(string decider, string reason)
    {
        Require(ClaimStatus.Held, "reject");
        DecidedBy = decider;
        RejectionReason = reason;
        Status = ClaimStatus.Rejected;
    }

    public void RecordFailedTransfer()
    {
        Require(ClaimStatus.Approved, "record a failed transfer");
        FailedTransfers++;
    }

    public void MarkPaid(string transferReference, DateOnly paidOn)
    {
        Require(ClaimStatus.Approved, "pay");
        TransferReference = transferReference;
        PaidOn = paidOn;
        Status = ClaimStatus.Paid;
    }

    private void Require(ClaimStatus status, string action)
    {
        if (Status != status)
        {
            throw new IllegalStateTransitionException(Status.ToString(), action);
        }
    }
}

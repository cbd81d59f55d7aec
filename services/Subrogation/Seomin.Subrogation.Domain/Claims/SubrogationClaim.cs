using Seomin.Subrogation.Domain.Rules;

namespace Seomin.Subrogation.Domain.Claims;

public enum ClaimStatus
{
    /// <summary>청구 접수.</summary>
    Filed,

    /// <summary>심사 완료: the payable amount is computed, waiting for an approver.</summary>
    Reviewed,

    /// <summary>승인: to be paid (a failed transfer leaves it here, retryable).</summary>
    Approved,

    /// <summary>부결, with a reason.</summary>
    Rejected,

    /// <summary>지급 완료: paid exactly once.</summary>
    Paid,
}

/// <summary>
/// A lender's claim for subrogation (대위변제 청구) on a guarantee in accident: filed after the waiting period, reviewed
/// (the payable amount computed), approved by someone other than the reviewer or rejected with a reason, then paid
/// once through the bank-transfer port.
/// </summary>
public sealed class SubrogationClaim
{
    private SubrogationClaim()
    {
    }

    public Guid Id { get; private set; }

    public GuaranteeCover Cover { get; private set; } = null!;

    public ClaimTrigger Trigger { get; private set; }

    public DateOnly AccidentOn { get; private set; }

    public DateOnly FiledOn { get; private set; }

    public string FiledBy { get; private set; } = "";

    /// <summary>Outstanding principal the lender claims.</summary>
    public long Principal { get; private set; }

    public decimal ContractAnnualRate { get; private set; }

    /// <summary>The day to which the borrower paid contract interest; interest is claimed from here.</summary>
    public DateOnly InterestPaidTo { get; private set; }

    public long ClaimedCosts { get; private set; }

    public ClaimStatus Status { get; private set; }

    public PayableAmount? Payable { get; private set; }

    public DateOnly? PaymentDate { get; private set; }

    public string? ReviewedBy { get; private set; }

    public string? DecidedBy { get; private set; }

    public string? RejectionReason { get; private set; }

    /// <summary>The bank transfer's reference once paid; the claim id is the transfer's idempotency key.</summary>
    public string? TransferReference { get; private set; }

    public DateOnly? PaidOn { get; private set; }

    public int FailedTransfers { get; private set; }

    /// <summary>The lender's account the payment goes to (bank code and account number).</summary>
    public string? PayeeBankCode { get; private set; }

    public string? PayeeAccount { get; private set; }

    /// <summary>Where to pay; can be corrected until the claim is paid.</summary>
    public void PayTo(string bankCode, string account)
    {
        if (Status is ClaimStatus.Paid or ClaimStatus.Rejected)
        {
            throw new IllegalStateTransitionException(Status.ToString(), "change the payee");
        }

        if (string.IsNullOrWhiteSpace(bankCode) || bankCode.Length > 10 || string.IsNullOrWhiteSpace(account) || account.Length > 40
            || !account.All(ch => char.IsAsciiDigit(ch) || ch == '-'))
        {
            throw new SubrogationRuleException("PayeeAccountMustBeValid", "The payee needs a bank code and an account number of digits and dashes.");
        }

        PayeeBankCode = bankCode.Trim();
        PayeeAccount = account.Trim();
    }

    /// <summary>Files a claim, checking the named rules that need nothing but the claim and its guarantee.</summary>
    public static SubrogationClaim File(
        Guid id,
        GuaranteeCover cover,
        ClaimTrigger trigger,
        DateOnly accidentOn,
        DateOnly filedOn,
        long principal,
        decimal contractAnnualRate,
        DateOnly interestPaidTo,
        long claimedCosts,
        string filedBy)
    {
        if (!cover.InForceOn(accidentOn))
        {
            throw new SubrogationRuleException("GuaranteeMustBeInForceAtAccident", $"The guarantee was not in force on {accidentOn:yyyy-MM-dd}.");
        }

        var claimableFrom = ClaimWaitingRules.For(accidentOn).ClaimableFrom(trigger, accidentOn);
        if (filedOn < claimableFrom)
        {
            throw new SubrogationRuleException("ClaimWaitingPeriodMustHaveElapsed", $"A claim for this accident can be filed from {claimableFrom:yyyy-MM-dd}.");
        }

        if (principal <= 0 || claimedCosts < 0 || contractAnnualRate < 0 || contractAnnualRate > 1)
        {
            throw new SubrogationRuleException("ClaimAmountsMustBeWholePositiveWon", "Principal must be positive, costs not negative, the rate in [0, 1].");
        }

        if (Won.Truncate(principal * cover.GuaranteeRatio) > cover.GuaranteedAmount)
        {
            throw new SubrogationRuleException("ClaimMustNotExceedGuaranteedAmount", $"The guaranteed share of the principal exceeds the guaranteed amount of {cover.GuaranteedAmount} won.");
        }

        if (interestPaidTo > filedOn)
        {
            throw new SubrogationRuleException("InterestPaidToMustNotBeAfterFiling", "Interest cannot have been paid beyond the filing day.");
        }

        return new SubrogationClaim
        {
            Id = id,
            Cover = cover,
            Trigger = trigger,
            AccidentOn = accidentOn,
            FiledOn = filedOn,
            Principal = principal,
            ContractAnnualRate = contractAnnualRate,
            InterestPaidTo = interestPaidTo,
            ClaimedCosts = claimedCosts,
            FiledBy = filedBy,
            Status = ClaimStatus.Filed,
        };
    }

    /// <summary>Computes the payable amount for payment on <paramref name="paymentDate"/> with the collection costs the reviewer accepts.</summary>
    public PayableAmount Review(string reviewer, DateOnly paymentDate, long approvedCosts)
    {
        Require(ClaimStatus.Filed, ClaimStatus.Reviewed, "review");
        if (approvedCosts < 0 || approvedCosts > ClaimedCosts)
        {
            throw new SubrogationRuleException("ApprovedCostsMustNotExceedClaimed", $"Approved costs must be between 0 and the claimed {ClaimedCosts} won.");
        }

        if (paymentDate < FiledOn)
        {
            throw new SubrogationRuleException("PaymentDateMustNotPrecedeFiling", "The payment date cannot be before the filing day.");
        }

        var interest = PayableAmount.ContractInterest(Principal, ContractAnnualRate, InterestPaidTo, paymentDate);
        Payable = PayableAmount.Compute(Principal, interest, approvedCosts, Cover.GuaranteeRatio, Cover.GuaranteedAmount);
        PaymentDate = paymentDate;
        ReviewedBy = reviewer;
        Status = ClaimStatus.Reviewed;
        return Payable;
    }

    /// <summary>Approves the reviewed amount; the approver must not be the reviewer (maker-checker).</summary>
    public void Approve(string approver)
    {
        Require(ClaimStatus.Reviewed, "approve");
        if (string.Equals(approver, ReviewedBy, StringComparison.Ordinal))
        {
            throw new SubrogationRuleException("ApproverMustNotBeReviewer", "The person who reviewed a claim cannot approve it.");
        }

        DecidedBy = approver;
        Status = ClaimStatus.Approved;
    }

    public void Reject(string decider, string reason)
    {
        Require(ClaimStatus.Filed, ClaimStatus.Reviewed, "reject");
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new SubrogationRuleException("RejectionNeedsReason", "A rejection must give its reason.");
        }

        DecidedBy = decider;
        RejectionReason = reason.Trim();
        Status = ClaimStatus.Rejected;
    }

    /// <summary>
    /// Records the bank's confirmation. Paid once: a second confirmation with the same reference changes nothing and
    /// returns false; one with another reference is refused.
    /// </summary>
    public bool MarkPaid(string transferReference, DateOnly paidOn)
    {
        if (Status == ClaimStatus.Paid)
        {
            return string.Equals(transferReference, TransferReference, StringComparison.Ordinal)
                ? false
                : throw new SubrogationRuleException("ClaimIsPaidOnce", "This claim was already paid by another transfer.");
        }

        Require(ClaimStatus.Approved, "pay");
        TransferReference = transferReference;
        PaidOn = paidOn;
        Status = ClaimStatus.Paid;
        return true;
    }

    /// <summary>The transfer failed or timed out without the bank confirming: the claim stays approved and can be paid again.</summary>
    public void RecordFailedTransfer()
    {
        Require(ClaimStatus.Approved, "record a failed transfer");
        FailedTransfers++;
    }

    private void Require(ClaimStatus expected, string action)
    {
        if (Status != expected)
        {
            throw new IllegalStateTransitionException(Status.ToString(), action);
        }
    }

    private void Require(ClaimStatus first, ClaimStatus second, string action)
    {
        if (Status != first && Status != second)
        {
            throw new IllegalStateTransitionException(Status.ToString(), action);
        }
    }
}

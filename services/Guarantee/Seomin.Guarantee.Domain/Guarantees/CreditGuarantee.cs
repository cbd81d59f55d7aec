using Seomin.Guarantee.Domain.Capacity;
using Seomin.Guarantee.Domain.Fees;

namespace Seomin.Guarantee.Domain.Guarantees;

/// <summary>
/// Lifecycle (법 51 lender notices): Approved → Agreed → Issued → LoanExecuted → Accident ↔ Normalised →
/// Terminated; Approved/Agreed/Issued → Lapsed when no loan is executed within 60 days of approval.
/// </summary>
public enum GuaranteeStatus
{
    Approved,
    Agreed,
    Issued,
    LoanExecuted,
    Accident,
    Normalised,
    Terminated,
    Lapsed,
}

/// <summary>A credit guarantee (보증) from approval to termination, with its fee schedule and fee ledger.</summary>
public sealed class CreditGuarantee
{
    /// <summary>Days after approval within which the loan must be executed (else 실효).</summary>
    public const int LapseAfterDays = 60;

    private readonly List<FeeInstalment> _instalments = [];
    private readonly List<FeeLedgerEntry> _ledger = [];

    private CreditGuarantee()
    {
        CustomerId = ProductCode = LenderCode = string.Empty;
    }

    public CreditGuarantee(
        Guid id, Guid applicationId, string customerId, string productCode, int productVersion, string lenderCode,
        long approvedLoanAmount, decimal guaranteeRatio, decimal feeRate, decimal feeRateCap, int termMonths, FeePaymentPlan paymentPlan,
        DateOnly approvedOn)
    {
        Id = id;
        ApplicationId = applicationId;
        CustomerId = customerId;
        ProductCode = productCode;
        ProductVersion = productVersion;
        LenderCode = lenderCode;
        ApprovedLoanAmount = approvedLoanAmount;
        GuaranteeRatio = guaranteeRatio;
        GuaranteedAmount = GuaranteeAmounts.Guaranteed(approvedLoanAmount, guaranteeRatio);
        FeeRate = feeRate;
        FeeRateCap = feeRateCap;
        TermMonths = termMonths;
        PaymentPlan = paymentPlan;
        ApprovedOn = approvedOn;
        Status = GuaranteeStatus.Approved;
    }

    public Guid Id { get; private set; }

    public Guid ApplicationId { get; private set; }

    public string CustomerId { get; private set; }

    public string ProductCode { get; private set; }

    public int ProductVersion { get; private set; }

    public string LenderCode { get; private set; }

    public long ApprovedLoanAmount { get; private set; }

    public decimal GuaranteeRatio { get; private set; }

    public long GuaranteedAmount { get; private set; }

    public decimal FeeRate { get; private set; }

    /// <summary>The yearly fee ceiling of the product's account at approval (법 55의4); every fee amount is capped by it.</summary>
    public decimal FeeRateCap { get; private set; }

    public int TermMonths { get; private set; }

    public FeePaymentPlan PaymentPlan { get; private set; }

    public GuaranteeStatus Status { get; private set; }

    public DateOnly ApprovedOn { get; private set; }

    public DateOnly LapseDeadline => ApprovedOn.AddDays(LapseAfterDays);

    public DateOnly? AgreedOn { get; private set; }

    public string? CertificateNumber { get; private set; }

    public DateOnly? StartDate { get; private set; }

    public DateOnly? EndDate { get; private set; }

    public DateOnly? LoanExecutedOn { get; private set; }

    public long LoanBalance { get; private set; }

    /// <summary>The loan amount the lender executed (supply), 0 before execution.</summary>
    public long ExecutedLoanAmount { get; private set; }

    public string? AccidentKind { get; private set; }

    public DateOnly? AccidentDate { get; private set; }

    public DateOnly? EndedOn { get; private set; }

    public string? EndReason { get; private set; }

    public int Extensions { get; private set; }

    public IReadOnlyList<FeeInstalment> Instalments => _instalments;

    public IReadOnlyList<FeeLedgerEntry> Ledger => _ledger;

    /// <summary>Sum of the ledger: what the customer has paid net of refunds.</summary>
    public long PaidBalance => _ledger.Sum(e => e.Amount);

    /// <summary>Paid money not allocated to any fee: refundable on the customer's request.</summary>
    public long Overpayment => PaidBalance - _instalments.Sum(i => i.NetPaid);

    public long FeesOutstanding => _instalments.Sum(i => i.Unpaid);

    /// <summary>The amount this guarantee adds to the fund's exposure (for the operating multiple).</summary>
    public long OutstandingGuaranteed => Status switch
    {
        GuaranteeStatus.Approved or GuaranteeStatus.Agreed or GuaranteeStatus.Issued => GuaranteedAmount,
        GuaranteeStatus.LoanExecuted or GuaranteeStatus.Accident or GuaranteeStatus.Normalised =>
            GuaranteeAmounts.Guaranteed(LoanBalance, GuaranteeRatio),
        _ => 0,
    };

    /// <summary>The customer's exposure against the per-person limit (loan won, not guaranteed won).</summary>
    public long CustomerExposure => Status switch
    {
        GuaranteeStatus.Approved or GuaranteeStatus.Agreed or GuaranteeStatus.Issued => ApprovedLoanAmount,
        GuaranteeStatus.LoanExecuted or GuaranteeStatus.Accident or GuaranteeStatus.Normalised => LoanBalance,
        _ => 0,
    };

    public bool IsLive => Status is not (GuaranteeStatus.Terminated or GuaranteeStatus.Lapsed);

    /// <summary>보증약정: the customer signs the agreement (in person or electronically).</summary>
    public void Agree(DateOnly on)
    {
        Require(nameof(Agree), GuaranteeStatus.Approved);
        RequireNotLapsed(on);
        AgreedOn = on;
        Status = GuaranteeStatus.Agreed;
    }

    /// <summary>보증서 발급: the certificate goes to the lender and the fee schedule is fixed.</summary>
    public void Issue(DateOnly on, string certificateNumber)
    {
        Require(nameof(Issue), GuaranteeStatus.Agreed);
        RequireNotLapsed(on);
        CertificateNumber = certificateNumber;
        StartDate = on;
        EndDate = on.AddMonths(TermMonths);
        var periods = FeeCalculator.Schedule(GuaranteedAmount, FeeRate, on, EndDate.Value, PaymentPlan, FeeRateCap);
        foreach (var period in periods)
        {
            _instalments.Add(new FeeInstalment(_instalments.Count + 1, FeeInstalmentKind.Fee, period));
        }

        Status = GuaranteeStatus.Issued;
    }

    public void ExecuteLoan(DateOnly on, long loanAmount)
    {
        Require(nameof(ExecuteLoan), GuaranteeStatus.Issued);
        RequireNotLapsed(on);
        if (loanAmount <= 0 || loanAmount > ApprovedLoanAmount)
        {
            throw new GuaranteeRuleException("LoanAmountMustNotExceedApprovedAmount",
                $"The executed loan amount must be between 1 and the approved amount {ApprovedLoanAmount}.");
        }

        LoanExecutedOn = on;
        ExecutedLoanAmount = loanAmount;
        LoanBalance = loanAmount;
        Status = GuaranteeStatus.LoanExecuted;
    }

    /// <summary>Lapses the guarantee when no loan was executed within 60 days of approval; every fee and late fee is cancelled and all paid money returned.</summary>
    public IReadOnlyList<FeeLedgerEntry> Lapse(DateOnly today, Func<Guid> newId)
    {
        Require(nameof(Lapse), GuaranteeStatus.Approved, GuaranteeStatus.Agreed, GuaranteeStatus.Issued);
        if (today <= LapseDeadline)
        {
            throw new GuaranteeRuleException("GuaranteeLapsesOnlyAfterSixtyDays",
                $"The guarantee can lapse only after {LapseDeadline:yyyy-MM-dd}.");
        }

        Status = GuaranteeStatus.Lapsed;
        EndedOn = today;
        EndReason = "NoLoanWithin60Days";

        // 법 50③: with no loan within the period no guarantee arose, so no fee or late fee stays owed and every paid won goes back.
        foreach (var instalment in _instalments)
        {
            instalment.Cancel();
        }

        var refund = Overpayment;
        return refund > 0
            ? [AddLedgerEntry(newId(), FeeLedgerEntryKind.UnusedFeeRefund, -refund, today, "Lapsed: no loan executed, no guarantee arose (법 50③)")]
            : [];
    }

    /// <summary>Partial repayment reported by the lender. Repaying the whole balance ends the guarantee.</summary>
    public IReadOnlyList<FeeLedgerEntry> Repay(DateOnly on, long amount, Func<Guid> newId)
    {
        Require(nameof(Repay), GuaranteeStatus.LoanExecuted, GuaranteeStatus.Normalised, GuaranteeStatus.Accident);
        if (amount <= 0)
        {
            throw new GuaranteeRuleException("RepaymentMustBePositive", "A repayment must be at least 1 won.");
        }

        if (amount > LoanBalance)
        {
            throw new GuaranteeRuleException("RepaymentMustNotExceedBalance",
                $"The repayment {amount} is larger than the outstanding balance {LoanBalance}.");
        }

        LoanBalance -= amount;
        return LoanBalance == 0 ? Terminate(on, "FullRepayment", newId) : [];
    }

    /// <summary>완제: the lender reports full repayment; unused prepaid fees are refunded pro rata by days.</summary>
    public IReadOnlyList<FeeLedgerEntry> RepayInFull(DateOnly on, Func<Guid> newId)
    {
        Require(nameof(RepayInFull), GuaranteeStatus.LoanExecuted, GuaranteeStatus.Normalised, GuaranteeStatus.Accident);
        LoanBalance = 0;
        return Terminate(on, "FullRepayment", newId);
    }

    /// <summary>사고: default (연체) or acceleration (기한이익상실).</summary>
    public void ReportAccident(DateOnly on, string kind)
    {
        Require(nameof(ReportAccident), GuaranteeStatus.LoanExecuted, GuaranteeStatus.Normalised);
        AccidentKind = kind;
        AccidentDate = on;
        Status = GuaranteeStatus.Accident;
    }

    /// <summary>정상화: the default was cured.</summary>
    public void Cure()
    {
        Require(nameof(Cure), GuaranteeStatus.Accident);
        Status = GuaranteeStatus.Normalised;
    }

    /// <summary>기한연장: the term is extended and a fee for the new period is charged.</summary>
    public FeeInstalment Extend(DateOnly on, int additionalMonths, decimal feeRate)
    {
        Require(nameof(Extend), GuaranteeStatus.LoanExecuted, GuaranteeStatus.Normalised);
        if (additionalMonths <= 0)
        {
            throw new GuaranteeRuleException("ExtensionMustAddTime", "An extension must add at least one month.");
        }

        AccrueLateFees(on);
        var oldEnd = EndDate!.Value;
        var newEnd = oldEnd.AddMonths(additionalMonths);
        var basis = GuaranteeAmounts.Guaranteed(LoanBalance, GuaranteeRatio);
        var fee = FeeCalculator.PeriodFee(basis, feeRate, oldEnd, newEnd, FeeRateCap);
        var due = on < oldEnd ? on : oldEnd;
        var instalment = new FeeInstalment(_instalments.Count + 1, FeeInstalmentKind.ExtensionFee, new FeePeriod(oldEnd, newEnd, due, fee));
        _instalments.Add(instalment);
        EndDate = newEnd;
        TermMonths += additionalMonths;
        Extensions++;
        ApplyOverpayment();
        return instalment;
    }

    /// <summary>A fee payment: allocated to unpaid instalments in due order; any excess is an overpayment.</summary>
    public FeeLedgerEntry PayFee(DateOnly on, long amount, Guid entryId)
    {
        if (Status is GuaranteeStatus.Approved or GuaranteeStatus.Agreed or GuaranteeStatus.Lapsed)
        {
            throw new IllegalStateTransitionException(Status.ToString(), nameof(PayFee));
        }

        if (amount <= 0)
        {
            throw new GuaranteeRuleException("FeePaymentMustBePositive", "A fee payment must be at least 1 won.");
        }

        // The late fee is brought up to the payment date before the payment changes what is unpaid.
        AccrueLateFees(on);
        var remaining = Allocate(amount);
        return AddLedgerEntry(entryId, FeeLedgerEntryKind.Payment, amount, on,
            remaining > 0 ? $"fee payment; {remaining} won over what is owed" : "fee payment");
    }

    /// <summary>
    /// Brings the late fee (10%/yr, 서민금융법 시행령 44③, for guarantees issued on or after the 2021-10 amendment)
    /// up to <paramref name="asOf"/> on every fee instalment unpaid past its due date. The late fee of an
    /// instalment is one truncation over its whole unpaid history (actual/365), so it does not depend on how
    /// often it is assessed; each call charges only the increase, as a late-fee instalment.
    /// </summary>
    public IReadOnlyList<FeeInstalment> AssessLateFees(DateOnly asOf)
    {
        var added = AccrueLateFees(asOf);
        ApplyOverpayment();
        return added;
    }

    /// <summary>The customer asks for an overpayment back (app/web); at most what was overpaid.</summary>
    public FeeLedgerEntry RefundOverpayment(DateOnly on, long? amount, Guid entryId)
    {
        // Nothing is refundable while something is owed: the overpayment first pays fees and late fees due by now.
        AccrueLateFees(on);
        ApplyOverpayment();
        var available = Overpayment;
        var refund = amount ?? available;
        if (available <= 0)
        {
            throw new GuaranteeRuleException("RefundRequiresOverpayment", "There is no overpaid fee to refund.");
        }

        if (refund <= 0 || refund > available)
        {
            throw new GuaranteeRuleException("RefundMustNotExceedOverpayment",
                $"The refund must be between 1 and the overpaid {available} won.");
        }

        return AddLedgerEntry(entryId, FeeLedgerEntryKind.OverpaymentRefund, -refund, on, "overpayment refund");
    }

    private List<FeeLedgerEntry> Terminate(DateOnly on, string reason, Func<Guid> newId)
    {
        Status = GuaranteeStatus.Terminated;
        EndedOn = on;
        EndReason = reason;
        return EndFees(on, "unused prepaid fee (early full repayment)", newId, on);
    }

    private List<FeeLedgerEntry> EndFees(DateOnly endedOn, string reason, Func<Guid> newId, DateOnly bookedOn)
    {
        AccrueLateFees(endedOn);
        var overpaidBefore = Overpayment;
        foreach (var instalment in _instalments.Where(i => i.Kind != FeeInstalmentKind.LateFee))
        {
            instalment.EndOn(endedOn);
        }

        // The released unused fee first pays whatever is still owed (late fees, the used part); only the rest is refunded.
        ApplyOverpayment();
        var refund = Overpayment - overpaidBefore;
        return refund > 0 ? [AddLedgerEntry(newId(), FeeLedgerEntryKind.UnusedFeeRefund, -refund, bookedOn, reason)] : [];
    }

    private List<FeeInstalment> AccrueLateFees(DateOnly asOf)
    {
        var added = new List<FeeInstalment>();
        if (StartDate is not { } grantedOn || LateFeeRules.ForGrantedOn(grantedOn) is not { } rule)
        {
            return added;
        }

        foreach (var instalment in _instalments.Where(i => i.Kind != FeeInstalmentKind.LateFee).ToList())
        {
            var from = instalment.LateFeeAssessedThrough ?? instalment.DueDate;
            var lateFee = instalment.AccrueLateFee(asOf, rule.AnnualRate);
            if (lateFee <= 0)
            {
                continue;
            }

            var charge = new FeeInstalment(_instalments.Count + 1, FeeInstalmentKind.LateFee, new FeePeriod(from, asOf, asOf, lateFee));
            _instalments.Add(charge);
            added.Add(charge);
        }

        return added;
    }

    /// <summary>Allocates <paramref name="available"/> to unpaid instalments in due order; returns what is left over.</summary>
    private long Allocate(long available)
    {
        var remaining = available;
        foreach (var instalment in _instalments.OrderBy(i => i.DueDate).ThenBy(i => i.Sequence))
        {
            if (remaining == 0)
            {
                break;
            }

            remaining -= instalment.Allocate(remaining);
        }

        return remaining;
    }

    /// <summary>Keeps the rule "no overpayment while something is owed": money paid and not allocated pays what is unpaid.</summary>
    private void ApplyOverpayment()
    {
        if (Overpayment > 0)
        {
            Allocate(Overpayment);
        }
    }

    private FeeLedgerEntry AddLedgerEntry(Guid id, FeeLedgerEntryKind kind, long amount, DateOnly on, string reason)
    {
        var entry = new FeeLedgerEntry(id, _ledger.Count + 1, kind, amount, on, reason);
        _ledger.Add(entry);
        return entry;
    }

    private void Require(string action, params GuaranteeStatus[] allowed)
    {
        if (!allowed.Contains(Status))
        {
            throw new IllegalStateTransitionException(Status.ToString(), action);
        }
    }

    private void RequireNotLapsed(DateOnly on)
    {
        if (on > LapseDeadline)
        {
            throw new GuaranteeRuleException("LoanMustBeExecutedWithinSixtyDaysOfApproval",
                $"The guarantee lapsed: no loan by {LapseDeadline:yyyy-MM-dd}.");
        }
    }
}

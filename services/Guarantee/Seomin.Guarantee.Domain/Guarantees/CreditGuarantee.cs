using Seomin.Guarantee.Domain.Capacity;
using Seomin.Guarantee.Domain.Fees;
using Seomin.Guarantee.Domain.Products;

namespace Seomin.Guarantee.Domain.Guarantees;

/// <summary>
/// Lifecycle (법 51 lender notices): Approved → Agreed → Issued → LoanExecuted → Accident ↔ Normalised →
/// Terminated; Approved/Agreed/Issued → Lapsed when no loan is executed within 60 days of approval;
/// LoanExecuted/Accident/Normalised → Subrogated when the subrogation service paid the lender (대위변제로 종료).
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

    /// <summary>대위변제로 종료: the guarantor paid the lender; the guarantee ended and a recourse claim replaced it.</summary>
    Subrogated,
}

/// <summary>A credit guarantee (보증) from approval to termination, with its fee schedule and fee ledger.</summary>
public sealed class CreditGuarantee
{
    /// <summary>Days after approval within which the loan must be executed (else 실효).</summary>
    public const int LapseAfterDays = 60;

    /// <summary>The end reason (and <c>GuaranteeTerminated.Reason</c>) of a guarantee closed by subrogation.</summary>
    public const string SubrogatedReason = "subrogated";

    private readonly List<FeeInstalment> _instalments = [];
    private readonly List<FeeLedgerEntry> _ledger = [];

    private CreditGuarantee()
    {
        CustomerId = ProductCode = LenderCode = FundCode = string.Empty;
    }

    public CreditGuarantee(
        Guid id, Guid applicationId, string customerId, string productCode, int productVersion, string lenderCode,
        long approvedLoanAmount, decimal guaranteeRatio, decimal feeRate, decimal feeRateCap, int termMonths, FeePaymentPlan paymentPlan,
        DateOnly approvedOn, string fundCode = GuarantorFunds.KinfaSupplementary, decimal? additionalFeeRate = null)
    {
        FundCode = fundCode;
        AdditionalFeeRate = additionalFeeRate is > 0m ? additionalFeeRate : null;
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

    /// <summary>The guarantor fund (보증재원) of the product at approval; the guarantee uses that fund's capacity.</summary>
    public string FundCode { get; private set; }

    /// <summary>The branch (영업점) that took the application, when known; its group monitors the guarantee (seed 003 20-6).</summary>
    public string? BranchCode { get; private set; }

    /// <summary>Records the branch that took the application.</summary>
    public void RecordBranch(string? branchCode) => BranchCode = branchCode;

    /// <summary>추가보증료 yearly rate of the product at approval (법 52②); null when the product charges none.</summary>
    public decimal? AdditionalFeeRate { get; private set; }

    /// <summary>추가보증료 has accrued up to (excluding) this date.</summary>
    public DateOnly? AdditionalFeeAccruedThrough { get; private set; }

    /// <summary>Σ unpaid guaranteed debt × days in default up to <see cref="AdditionalFeeAccruedThrough"/>: the additional fee's exact base.</summary>
    public long AdditionalFeeWonDays { get; private set; }

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

    public bool IsLive => Status is not (GuaranteeStatus.Terminated or GuaranteeStatus.Lapsed or GuaranteeStatus.Subrogated);

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

        // The additional fee runs on the guaranteed part of the balance: brought up to the repayment before the balance falls.
        AccrueAdditionalFee(on);
        LoanBalance -= amount;
        return LoanBalance == 0 ? Terminate(on, "FullRepayment", newId) : [];
    }

    /// <summary>완제: the lender reports full repayment; unused prepaid fees are refunded pro rata by days.</summary>
    public IReadOnlyList<FeeLedgerEntry> RepayInFull(DateOnly on, Func<Guid> newId)
    {
        Require(nameof(RepayInFull), GuaranteeStatus.LoanExecuted, GuaranteeStatus.Normalised, GuaranteeStatus.Accident);
        AccrueAdditionalFee(on);
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

    /// <summary>정상화: the default was cured; the additional fee stops on <paramref name="on"/>.</summary>
    public void Cure(DateOnly on)
    {
        Require(nameof(Cure), GuaranteeStatus.Accident);
        AccrueAdditionalFee(on);
        ApplyOverpayment();
        Status = GuaranteeStatus.Normalised;
    }

    /// <summary>
    /// 대위변제로 종료: the subrogation service paid the lender on <paramref name="paidOn"/>. The guarantee ends: the
    /// additional and late fees are brought up to that day, no fee accrues after it (future periods are released and
    /// netted against what is owed, the rest refunded as on termination), and it no longer uses its fund's capacity.
    /// A payment reported before the accident reached this service (LoanExecuted/Normalised) closes it all the same.
    /// Returns false when it was already subrogated (a duplicate with a new message id changes nothing).
    /// </summary>
    public bool CloseBySubrogation(DateOnly paidOn, Func<Guid> newId, out IReadOnlyList<FeeLedgerEntry> refunds)
    {
        refunds = [];
        if (Status == GuaranteeStatus.Subrogated)
        {
            return false;
        }

        Require(nameof(CloseBySubrogation), GuaranteeStatus.Accident, GuaranteeStatus.LoanExecuted, GuaranteeStatus.Normalised);
        AccrueAdditionalFee(paidOn);
        Status = GuaranteeStatus.Subrogated;
        EndedOn = paidOn;
        EndReason = SubrogatedReason;
        refunds = EndFees(paidOn, "unused prepaid fee (guarantee ended by subrogation)", newId, paidOn);
        return true;
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

    /// <summary>
    /// A fee payment: allocated to unpaid instalments in due order; any excess is an overpayment. When
    /// <paramref name="collectedByLender"/> is true the guarantee's lender collected it on the agency's behalf (위탁 수납,
    /// seed 001) and owes it in that month's settlement.
    /// </summary>
    public FeeLedgerEntry PayFee(DateOnly on, long amount, Guid entryId, bool collectedByLender = false)
    {
        if (Status is GuaranteeStatus.Approved or GuaranteeStatus.Agreed or GuaranteeStatus.Lapsed)
        {
            throw new IllegalStateTransitionException(Status.ToString(), nameof(PayFee));
        }

        if (amount <= 0)
        {
            throw new GuaranteeRuleException("FeePaymentMustBePositive", "A fee payment must be at least 1 won.");
        }

        // The late and additional fees are brought up to the payment date before the payment changes what is unpaid.
        AccrueAdditionalFee(on);
        AccrueLateFees(on);
        var remaining = Allocate(amount);
        var entry = AddLedgerEntry(entryId, FeeLedgerEntryKind.Payment, amount, on,
            remaining > 0 ? $"fee payment; {remaining} won over what is owed" : "fee payment");
        if (collectedByLender)
        {
            entry.SettleThrough(LenderCode);
        }

        return entry;
    }

    /// <summary>
    /// Brings the late fee (10%/yr, 서민금융법 시행령 44③, for guarantees issued on or after the 2021-10 amendment)
    /// up to <paramref name="asOf"/> on every fee instalment unpaid past its due date. The late fee of an
    /// instalment is one truncation over its whole unpaid history (actual/365), so it does not depend on how
    /// often it is assessed; each call charges only the increase, as a late-fee instalment.
    /// </summary>
    public IReadOnlyList<FeeInstalment> AssessLateFees(DateOnly asOf)
    {
        var added = AccrueAdditionalFee(asOf);
        added.AddRange(AccrueLateFees(asOf));
        ApplyOverpayment();
        return added;
    }

    /// <summary>The customer asks for an overpayment back (app/web); at most what was overpaid.</summary>
    public FeeLedgerEntry RefundOverpayment(DateOnly on, long? amount, Guid entryId)
    {
        // Nothing is refundable while something is owed: the overpayment first pays fees and late fees due by now.
        AccrueAdditionalFee(on);
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
        foreach (var instalment in _instalments.Where(i => i.Kind is FeeInstalmentKind.Fee or FeeInstalmentKind.ExtensionFee))
        {
            instalment.EndOn(endedOn);
        }

        // The released unused fee first pays whatever is still owed (late fees, the used part); only the rest is refunded.
        ApplyOverpayment();
        var refund = Overpayment - overpaidBefore;
        if (refund <= 0)
        {
            return [];
        }

        // A lender that collected this guarantee's fees pays the unused part back and nets it in its settlement.
        var entry = AddLedgerEntry(newId(), FeeLedgerEntryKind.UnusedFeeRefund, -refund, bookedOn, reason);
        if (_ledger.Any(e => e.Kind == FeeLedgerEntryKind.Payment && e.SettledBy is not null))
        {
            entry.SettleThrough(LenderCode);
        }

        return [entry];
    }

    /// <summary>
    /// 추가보증료 (법 52②): while the guarantee is in accident, the product's yearly rate on the unpaid guaranteed debt
    /// (balance × guarantee ratio, truncated) from the accident date, actual/365. Like the late fee, one truncation over
    /// the whole history (won-days persist), so the amount never depends on how often it is brought up to date;
    /// each call charges only the increase, as an additional-fee instalment due that day.
    /// </summary>
    private List<FeeInstalment> AccrueAdditionalFee(DateOnly asOf)
    {
        if (Status != GuaranteeStatus.Accident || AdditionalFeeRate is not { } rate || AccidentDate is not { } accident)
        {
            return [];
        }

        var from = AdditionalFeeAccruedThrough is { } through && through > accident ? through : accident;
        if (asOf <= from)
        {
            return [];
        }

        var before = FeeCalculator.LateFee(AdditionalFeeWonDays, rate);
        AdditionalFeeWonDays += FeeCalculator.WonDays(GuaranteeAmounts.Guaranteed(LoanBalance, GuaranteeRatio), from, asOf);
        AdditionalFeeAccruedThrough = asOf;
        var fee = FeeCalculator.LateFee(AdditionalFeeWonDays, rate) - before;
        if (fee <= 0)
        {
            return [];
        }

        var charge = new FeeInstalment(_instalments.Count + 1, FeeInstalmentKind.AdditionalFee, new FeePeriod(from, asOf, asOf, fee));
        _instalments.Add(charge);
        return [charge];
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

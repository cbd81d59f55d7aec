namespace Seomin.Guarantee.Domain.Fees;

public enum FeeInstalmentKind
{
    Fee,
    ExtensionFee,
    LateFee,

    /// <summary>추가보증료: yearly rate on the unpaid guaranteed debt while a defaulted guarantee stays undischarged (법 52②).</summary>
    AdditionalFee,
}

/// <summary>One amount the customer owes (or owed) for a period; payments are allocated to it in due order.</summary>
public sealed class FeeInstalment
{
    private FeeInstalment()
    {
    }

    public FeeInstalment(int sequence, FeeInstalmentKind kind, FeePeriod period)
    {
        Sequence = sequence;
        Kind = kind;
        PeriodStart = period.Start;
        PeriodEnd = period.End;
        DueDate = period.DueDate;
        Amount = period.Amount;
    }

    public int Sequence { get; private set; }

    public FeeInstalmentKind Kind { get; private set; }

    public DateOnly PeriodStart { get; private set; }

    public DateOnly PeriodEnd { get; private set; }

    public DateOnly DueDate { get; private set; }

    public long Amount { get; private set; }

    public long Paid { get; private set; }

    /// <summary>Paid money released from this instalment when the guarantee ended; the guarantee applies it to other amounts owed, then refunds the rest.</summary>
    public long Refunded { get; private set; }

    /// <summary>Part of the amount no longer owed because the guarantee ended before the period did.</summary>
    public long Reduction { get; private set; }

    /// <summary>Late fee has accrued on this instalment up to (excluding) this date.</summary>
    public DateOnly? LateFeeAssessedThrough { get; private set; }

    /// <summary>Σ unpaid × days overdue up to <see cref="LateFeeAssessedThrough"/>: the late fee's exact base.</summary>
    public long LateFeeWonDays { get; private set; }

    public long NetPaid => Paid - Refunded;

    public long Owed => Amount - Reduction;

    public long Unpaid => Math.Max(0, Owed - NetPaid);

    internal long Allocate(long available)
    {
        var take = Math.Min(available, Unpaid);
        Paid += take;
        return take;
    }

    /// <summary>
    /// The guarantee ended on <paramref name="endedOn"/>: only the used days stay owed, and whatever was
    /// paid beyond that is released from this instalment (the guarantee nets it against other amounts owed
    /// before refunding). Returns the released amount.
    /// </summary>
    internal long EndOn(DateOnly endedOn)
    {
        var unused = FeeCalculator.UnusedPart(Amount, PeriodStart, PeriodEnd, endedOn);
        Reduction = unused;
        return Release(Math.Max(0, NetPaid - Owed));
    }

    /// <summary>No guarantee arose (lapse): nothing stays owed and everything paid is released.</summary>
    internal long Cancel()
    {
        Reduction = Amount;
        return Release(NetPaid);
    }

    /// <summary>
    /// Accrues the late fee up to <paramref name="asOf"/> on the unpaid amount (constant since the last accrual,
    /// because every change of the unpaid amount accrues first). Returns the late fee newly due: the
    /// truncated total over the whole history minus the truncated total before.
    /// </summary>
    internal long AccrueLateFee(DateOnly asOf, decimal annualRate)
    {
        var from = LateFeeAssessedThrough is { } through && through > DueDate ? through : DueDate;
        if (asOf <= from)
        {
            return 0;
        }

        var before = FeeCalculator.LateFee(LateFeeWonDays, annualRate);
        LateFeeWonDays += FeeCalculator.WonDays(Unpaid, from, asOf);
        LateFeeAssessedThrough = asOf;
        return FeeCalculator.LateFee(LateFeeWonDays, annualRate) - before;
    }

    private long Release(long amount)
    {
        Refunded += amount;
        return amount;
    }
}

public enum FeeLedgerEntryKind
{
    /// <summary>Money received from the customer (+).</summary>
    Payment,

    /// <summary>Unused prepaid fee returned on early full repayment, net of other amounts owed, or everything paid on a lapse (−).</summary>
    UnusedFeeRefund,

    /// <summary>Money paid beyond what was owed, returned (−).</summary>
    OverpaymentRefund,
}

/// <summary>An append-only fee ledger line. Payments are positive, refunds negative; the sum is the paid balance.</summary>
public sealed class FeeLedgerEntry
{
    private FeeLedgerEntry()
    {
        Reason = string.Empty;
    }

    public FeeLedgerEntry(Guid id, int sequence, FeeLedgerEntryKind kind, long amount, DateOnly occurredOn, string reason)
    {
        Id = id;
        Sequence = sequence;
        Kind = kind;
        Amount = amount;
        OccurredOn = occurredOn;
        Reason = reason;
    }

    public Guid Id { get; private set; }

    public int Sequence { get; private set; }

    public FeeLedgerEntryKind Kind { get; private set; }

    public long Amount { get; private set; }

    public DateOnly OccurredOn { get; private set; }

    public string Reason { get; private set; }

    /// <summary>
    /// The lender that collected (payment) or paid out (refund) this amount on the agency's behalf and settles it
    /// monthly (금융기관 보증료 정산, seed 000/001); null when the agency received or paid it directly.
    /// </summary>
    public string? SettledBy { get; private set; }

    internal void SettleThrough(string lenderCode) => SettledBy = lenderCode;
}

namespace Seomin.Contributions.Domain.Collection;

/// <summary>How one payment was split on an assessment: late interest first, then principal; the rest is unapplied cash.</summary>
public sealed record PaymentAllocation(long InterestCharged, long ToInterest, long ToPrincipal, long Unapplied)
{
    public long Applied => ToInterest + ToPrincipal;
}

/// <summary>
/// The money state of one assessment: principal (the assessed total), what was paid against it, late interest charged.
/// Interest is charged when a payment arrives late, for the days since the due date (or the previous late payment) on
/// the principal outstanding over those days; a payment goes to charged interest first, then principal, and whatever
/// exceeds both is returned as unapplied (held as unapplied cash, never lost).
/// </summary>
public static class AssessmentAccount
{
    public static PaymentAllocation Apply(
        long principal,
        long principalPaid,
        long interestCharged,
        long interestPaid,
        DateOnly dueOn,
        DateOnly? interestAccruedTo,
        long amount,
        DateOnly receivedOn)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        var principalOutstanding = principal - principalPaid;
        var accruedFrom = interestAccruedTo is { } to && to > dueOn ? to : dueOn;
        var newInterest = LateInterestRates.Interest(principalOutstanding, accruedFrom, receivedOn);
        var interestOutstanding = interestCharged + newInterest - interestPaid;
        var toInterest = Math.Min(amount, interestOutstanding);
        var toPrincipal = Math.Min(amount - toInterest, principalOutstanding);
        return new PaymentAllocation(newInterest, toInterest, toPrincipal, amount - toInterest - toPrincipal);
    }
}

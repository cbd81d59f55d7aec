namespace Seomin.Subrogation.Domain.Claims;

/// <summary>
/// What the guarantor pays the lender on a claim (대위변제금) and what the lender bears: the claim base is principal +
/// contract interest to the payment date + approved collection costs; the guarantor's share is the guarantee ratio of
/// it, truncated below one won and never above the guaranteed amount; the lender bears the rest. The two shares
/// always sum to the base.
/// </summary>
public sealed record PayableAmount(
    long Principal,
    long Interest,
    long Costs,
    decimal GuaranteeRatio,
    long GuarantorShare,
    long LenderShare)
{
    public long Base => Principal + Interest + Costs;

    /// <summary>Contract interest on <paramref name="principal"/> from <paramref name="from"/> to <paramref name="to"/>, actual/365, truncated once.</summary>
    public static long ContractInterest(long principal, decimal annualRate, DateOnly from, DateOnly to)
    {
        var days = Math.Max(0, to.DayNumber - from.DayNumber);
        return Won.Truncate(principal * annualRate * days / 365m);
    }

    public static PayableAmount Compute(long principal, long interest, long costs, decimal guaranteeRatio, long guaranteedAmount)
    {
        if (principal <= 0 || interest < 0 || costs < 0)
        {
            throw new SubrogationRuleException("ClaimAmountsMustBeWholePositiveWon", "Principal must be positive; interest and costs must not be negative.");
        }

        if (guaranteeRatio is <= 0 or > 1)
        {
            throw new SubrogationRuleException("GuaranteeRatioMustBeBetweenZeroAndOne", $"Guarantee ratio {guaranteeRatio} is not in (0, 1].");
        }

        var claimBase = principal + interest + costs;
        var guarantor = Math.Min(Won.Truncate(claimBase * guaranteeRatio), guaranteedAmount);
        return new PayableAmount(principal, interest, costs, guaranteeRatio, guarantor, claimBase - guarantor);
    }
}

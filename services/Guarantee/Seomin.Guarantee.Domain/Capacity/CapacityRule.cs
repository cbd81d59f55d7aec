using System.Globalization;

namespace Seomin.Guarantee.Domain.Capacity;

public sealed record CapacityDecision(bool Allowed, long Limit, long OutstandingAfter, string Reason);

/// <summary>
/// 보증운용배수: total outstanding guaranteed amount may not exceed the operating multiple × the guarantee
/// fund (law allows 15×; foundations manage to ≤ 10×). The limit is truncated to whole won.
/// </summary>
public static class CapacityRule
{
    public const string GuaranteesMustStayWithinOperatingMultiple = nameof(GuaranteesMustStayWithinOperatingMultiple);

    public static long Limit(long fundBalance, decimal operatingMultiple) =>
        fundBalance <= 0 ? 0 : Won.Truncate(fundBalance * operatingMultiple);

    public static CapacityDecision Check(long outstandingGuaranteed, long fundBalance, decimal operatingMultiple, long additionalGuaranteed)
    {
        var limit = Limit(fundBalance, operatingMultiple);
        var after = outstandingGuaranteed + additionalGuaranteed;
        var allowed = after <= limit;
        var c = CultureInfo.InvariantCulture;
        var reason = allowed
            ? $"outstanding after approval {after.ToString("N0", c)} within {operatingMultiple.ToString(c)}× fund = {limit.ToString("N0", c)}"
            : $"outstanding after approval {after.ToString("N0", c)} would exceed {operatingMultiple.ToString(c)}× fund {fundBalance.ToString("N0", c)} = {limit.ToString("N0", c)}";
        return new CapacityDecision(allowed, limit, after, reason);
    }

    /// <summary>Current operating multiple (outstanding ÷ fund), 0 when there is no fund.</summary>
    public static decimal CurrentMultiple(long outstandingGuaranteed, long fundBalance) =>
        fundBalance <= 0 ? 0m : decimal.Round((decimal)outstandingGuaranteed / fundBalance, 4);
}

/// <summary>Guaranteed amount = loan amount × guarantee ratio, truncated below one won.</summary>
public static class GuaranteeAmounts
{
    public static long Guaranteed(long loanAmount, decimal ratio) => Won.Truncate(loanAmount * ratio);
}

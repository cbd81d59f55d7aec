namespace Seomin.Contributions.Domain.Collection;

/// <summary>An annual late-interest rate on overdue contributions, in force from <see cref="From"/>.</summary>
public sealed record LateInterestRow(DateOnly From, DateOnly? To, decimal AnnualRate, string Citation);

/// <summary>
/// Late interest (연체이자) on contributions unpaid after their due date. Neither 서민금융법 nor its decree sets a rate
/// for late contributions: the rate below is an assumption (docs/adr/0017), the commercial statutory rate of 상법
/// 제54조 (연 6%), to be replaced by the agency's own rule when it is published. Interest = outstanding principal ×
/// rate × days late ÷ 365, truncated below one won (<see cref="Won"/>), days counted from the day after the due date.
/// </summary>
public static class LateInterestRates
{
    public static IReadOnlyList<LateInterestRow> All { get; } =
    [
        new(new(2021, 10, 21), null, 0.06m, "가정: 상법 제54조 상사법정이율 연 6% (출연금 연체이자율 규정 부재)"),
    ];

    public static decimal RateOn(DateOnly day) =>
        All.LastOrDefault(r => r.From <= day && (r.To is null || day <= r.To))?.AnnualRate
        ?? throw new ContributionRuleException("NoLateInterestRateInForce", $"No late-interest rate is in force on {day:yyyy-MM-dd}.");

    /// <summary>Interest on <paramref name="principal"/> outstanding from <paramref name="from"/> (exclusive) to <paramref name="to"/> (inclusive).</summary>
    public static long Interest(long principal, DateOnly from, DateOnly to)
    {
        if (principal <= 0 || to <= from)
        {
            return 0;
        }

        var days = to.DayNumber - from.DayNumber;
        return Won.Truncate(principal * RateOn(to) * days / 365m);
    }
}

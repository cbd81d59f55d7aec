namespace Seomin.Guarantee.Domain.Fees;

public enum FeePaymentPlan
{
    /// <summary>The whole term's fee is due at issuance (일시납).</summary>
    Upfront,

    /// <summary>One instalment per guarantee year, due at the start of that year (1년 단위 분납).</summary>
    YearlyInstalments,
}

/// <summary>A fee period and its amount before payment.</summary>
public sealed record FeePeriod(DateOnly Start, DateOnly End, DateOnly DueDate, long Amount);

/// <summary>
/// Fee arithmetic (see docs/adr/0005). Day count: actual/365 fixed — the days of the period are counted
/// as they fall (29 February counts as a day) and always divided by 365, so a year that contains
/// 29 February costs 366/365 of the annual rate. Each period's fee is truncated below one won, once.
/// </summary>
public static class FeeCalculator
{
    public const int DaysInYearBasis = 365;

    public static int Days(DateOnly start, DateOnly end) => Math.Max(0, end.DayNumber - start.DayNumber);

    /// <summary>
    /// A period's fee, at most the legal ceiling on the amount: guaranteed amount × <paramref name="annualRateCap"/>
    /// per guarantee year (법 55의4). The ceiling counts whole anniversary years as one year each, whatever their
    /// days, and a stub by its days over the days of the year it starts, so a 366-day year never costs more
    /// than the yearly ceiling. One truncation each.
    /// </summary>
    public static long PeriodFee(long guaranteedAmount, decimal annualRate, DateOnly start, DateOnly end, decimal annualRateCap)
    {
        if (guaranteedAmount < 0 || annualRate < 0m || annualRateCap < 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(guaranteedAmount), "Amount and rates must not be negative.");
        }

        var fee = Won.Truncate(guaranteedAmount * annualRate * Days(start, end) / DaysInYearBasis);
        return Math.Min(fee, Ceiling(guaranteedAmount, annualRateCap, start, end));
    }

    /// <summary>The most a fee for [start, end) may be: amount × yearly ceiling × guarantee years (whole years + stub), truncated.</summary>
    public static long Ceiling(long guaranteedAmount, decimal annualRateCap, DateOnly start, DateOnly end)
    {
        if (end <= start)
        {
            return 0;
        }

        var years = 0;
        while (start.AddYears(years + 1) <= end)
        {
            years++;
        }

        var stubStart = start.AddYears(years);
        var stubYearDays = Days(stubStart, start.AddYears(years + 1));
        var fraction = years + ((decimal)Days(stubStart, end) / stubYearDays);
        return Won.Truncate(guaranteedAmount * annualRateCap * fraction);
    }

    public static IReadOnlyList<FeePeriod> Schedule(
        long guaranteedAmount, decimal annualRate, DateOnly start, DateOnly end, FeePaymentPlan plan, decimal annualRateCap)
    {
        if (end <= start)
        {
            throw new GuaranteeRuleException("FeePeriodMustNotBeEmpty", "The fee period must end after it starts.");
        }

        if (plan == FeePaymentPlan.Upfront)
        {
            return [new FeePeriod(start, end, start, PeriodFee(guaranteedAmount, annualRate, start, end, annualRateCap))];
        }

        var periods = new List<FeePeriod>();
        for (var i = 0; ; i++)
        {
            var periodStart = start.AddYears(i);
            if (periodStart >= end)
            {
                break;
            }

            var next = start.AddYears(i + 1);
            var periodEnd = next < end ? next : end;
            periods.Add(new FeePeriod(periodStart, periodEnd, periodStart, PeriodFee(guaranteedAmount, annualRate, periodStart, periodEnd, annualRateCap)));
        }

        return periods;
    }

    /// <summary>Won-days of an unpaid amount over [from, to): the late fee's base before the rate.</summary>
    public static long WonDays(long unpaid, DateOnly from, DateOnly to) => unpaid <= 0 ? 0 : unpaid * Days(from, to);

    /// <summary>
    /// Late fee on the whole unpaid history of an instalment: Σ(unpaid × days) × rate ÷ 365, truncated once.
    /// One truncation over all intervals, so the amount does not depend on how often it was assessed.
    /// </summary>
    public static long LateFee(long unpaidWonDays, decimal annualRate) =>
        unpaidWonDays <= 0 ? 0 : Won.Truncate(unpaidWonDays * annualRate / DaysInYearBasis);

    /// <summary>
    /// Unused part of a period's fee when the guarantee ends on <paramref name="endedOn"/>: the fee ×
    /// unused days ÷ period days, truncated (the customer gets whole won; the sub-won remainder stays
    /// earned). A period that had not started yet is wholly unused.
    /// </summary>
    public static long UnusedPart(long fee, DateOnly periodStart, DateOnly periodEnd, DateOnly endedOn)
    {
        var periodDays = Days(periodStart, periodEnd);
        if (fee <= 0 || periodDays == 0 || endedOn >= periodEnd)
        {
            return 0;
        }

        var usedDays = Days(periodStart, endedOn);
        var unusedDays = periodDays - usedDays;
        return Won.Truncate((decimal)fee * unusedDays / periodDays);
    }
}

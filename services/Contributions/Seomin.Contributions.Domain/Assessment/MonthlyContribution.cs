using Seomin.Contributions.Domain.Institutions;
using Seomin.Contributions.Domain.Rates;

namespace Seomin.Contributions.Domain.Assessment;

/// <summary>What an institution reported for a month (출연기준대출금 월평균잔액 and KINFA-guaranteed loans' 월평균잔액).</summary>
public sealed record FiledBalances(long AverageLoanBalance, long AverageGuaranteedBalance);

/// <summary>The contributions owed for one month, with the rates and citations used.</summary>
public sealed record MonthlyContribution(
    Month Month,
    long Common,
    long Differential,
    decimal CommonRate,
    decimal TierRate,
    decimal SubrogationIndex,
    long ReliefDeduction,
    string CommonCitation,
    string DifferentialCitation)
{
    public long Total => Common + Differential;

    /// <summary>
    /// 공통출연 = L × common rate ÷ 12. 차등출연 = G × tier rate ÷ 12; while the relief is in force,
    /// (A − min(B, C)) ÷ 12 with A = G × tier rate, B = L × (common rate − 0.03%), C = G × 0.5%. Each monthly amount is
    /// truncated below one won once, at the end (<see cref="Won"/>).
    /// </summary>
    public static MonthlyContribution Compute(Month month, RateGroup group, FiledBalances balances, decimal subrogationIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(balances.AverageLoanBalance);
        ArgumentOutOfRangeException.ThrowIfNegative(balances.AverageGuaranteedBalance);
        if (month.LastDay < ContributionRates.Start)
        {
            throw new ContributionRuleException("MonthBeforeContributionRules", $"{month} is before the contribution rules took effect ({ContributionRates.Start:yyyy-MM-dd}).");
        }

        var common = ContributionRates.CommonFor(month, group);
        var tier = ContributionRates.DifferentialFor(month, subrogationIndex);
        decimal loan = balances.AverageLoanBalance;
        decimal guaranteed = balances.AverageGuaranteedBalance;
        var a = guaranteed * tier.AnnualRate;
        var deduction = 0m;
        var citation = tier.Citation;
        if (ContributionRates.ReliefFor(month) is { } relief)
        {
            var b = loan * Math.Max(0m, common.AnnualRate - relief.BaseCommonRate);
            var c = guaranteed * relief.CapRate;
            deduction = Math.Min(b, c);
            citation += "; " + relief.Citation;
        }

        return new MonthlyContribution(
            month,
            Won.Truncate(loan * common.AnnualRate / 12m),
            Won.Truncate((a - deduction) / 12m),
            common.AnnualRate,
            tier.AnnualRate,
            subrogationIndex,
            Won.Truncate(deduction / 12m),
            common.Citation,
            citation);
    }
}

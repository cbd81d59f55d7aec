namespace Seomin.Contributions.Domain.Assessment;

/// <summary>One lender's prior-year figures: subrogation paid to it and its average KINFA-guaranteed loan balance.</summary>
public sealed record LenderYear(string InstitutionCode, long SubrogationPaid, long AverageGuaranteedBalance);

/// <summary>
/// The prior-year subrogation-rate index (docs/adr/0017): a lender's rate r = subrogation paid to it in the prior
/// calendar year ÷ its average guaranteed-loan balance that year (mean of its filed months); the market rate R = Σ paid
/// ÷ Σ average balances over every lender with a balance; index = r ÷ R × 100, rounded half away from zero to two
/// decimals (the tiers compare against 50, 100, 150). A lender without a prior-year balance, or a year without any
/// subrogation, has index 100 (no history: the middle tier).
/// </summary>
public static class SubrogationIndex
{
    public const decimal NoHistory = 100m;

    public static IReadOnlyDictionary<string, decimal> Compute(IEnumerable<LenderYear> lenders)
    {
        var withBalance = lenders.Where(l => l.AverageGuaranteedBalance > 0).ToList();
        var totalPaid = withBalance.Sum(l => (decimal)l.SubrogationPaid);
        var totalBalance = withBalance.Sum(l => (decimal)l.AverageGuaranteedBalance);
        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var lender in withBalance)
        {
            result[lender.InstitutionCode] = totalPaid == 0
                ? NoHistory
                : Math.Round(lender.SubrogationPaid / (decimal)lender.AverageGuaranteedBalance / (totalPaid / totalBalance) * 100m, 2, MidpointRounding.AwayFromZero);
        }

        return result;
    }

    public static decimal For(IReadOnlyDictionary<string, decimal> indices, string institutionCode) =>
        indices.TryGetValue(institutionCode, out var index) ? index : NoHistory;
}

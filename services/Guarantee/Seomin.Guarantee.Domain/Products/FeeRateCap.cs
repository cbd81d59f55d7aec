namespace Seomin.Guarantee.Domain.Products;

/// <summary>The fund account (계정) a guarantee product is run from; the legal fee ceiling depends on it.</summary>
public enum FundAccount
{
    /// <summary>서민금융보완계정.</summary>
    SupplementaryAccount,

    /// <summary>자활지원계정.</summary>
    SelfSufficiencyAccount,
}

/// <summary>A legal ceiling on the yearly guarantee fee of one account, in force from <see cref="EffectiveFrom"/>.</summary>
public sealed record FeeRateCap(FundAccount Account, DateOnly EffectiveFrom, decimal AnnualRate, string Citation);

/// <summary>The fee ceilings as dated data, per account (see docs/adr/0005).</summary>
public static class FeeRateCaps
{
    /// <summary>The Act's entry into force; the exact date 제55조의4 took effect is not confirmed here (ADR 0005).</summary>
    private static readonly DateOnly ActInForce = new(2016, 9, 23);

    public static IReadOnlyList<FeeRateCap> All { get; } =
    [
        new(FundAccount.SupplementaryAccount, ActInForce, 0.15m, "서민금융법 제55조의4: 서민금융보완계정 보증료 연 15% 이내"),
        new(FundAccount.SelfSufficiencyAccount, ActInForce, 0.05m, "서민금융법 제55조의4: 자활지원계정 보증료 연 5% 이내"),
    ];

    /// <summary>The ceiling of <paramref name="account"/> in force on <paramref name="on"/>.</summary>
    public static FeeRateCap For(FundAccount account, DateOnly on) =>
        All.Where(c => c.Account == account && c.EffectiveFrom <= on).MaxBy(c => c.EffectiveFrom)
        ?? throw new GuaranteeRuleException("FeeRateCapMustBeInForce", $"No fee ceiling of {account} is in force on {on:yyyy-MM-dd}.");
}

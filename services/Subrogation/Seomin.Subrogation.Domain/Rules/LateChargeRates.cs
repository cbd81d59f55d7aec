namespace Seomin.Subrogation.Domain.Rules;

/// <summary>
/// The late charge (손해금) on a recourse claim, a yearly rate on the unpaid principal from the payment date, in force
/// for charges accruing on or after <see cref="EffectiveFrom"/>. <see cref="Ceiling"/> is the decree's maximum.
/// </summary>
public sealed record LateChargeRate(DateOnly EffectiveFrom, decimal AnnualRate, decimal Ceiling, string Citation);

/// <summary>The late-charge rates as dated data (docs/adr/0016).</summary>
public static class LateChargeRates
{
    /// <summary>The decree's ceiling: 연 17%.</summary>
    public const decimal DecreeCeiling = 0.17m;

    public static IReadOnlyList<LateChargeRate> All { get; } =
    [
        // The rate itself is the guarantor's board decision within the ceiling; 12% is this platform's assumed
        // default until a foundation's rule book is loaded (ADR 0016).
        new(new DateOnly(2016, 9, 23), 0.12m, DecreeCeiling, "서민금융법 시행령: 손해금 연 17% 이내 (적용률 연 12%는 가정, ADR 0016)"),
    ];

    public static LateChargeRate For(DateOnly day) =>
        All.Where(r => r.EffectiveFrom <= day).MaxBy(r => r.EffectiveFrom)
        ?? throw new SubrogationRuleException("LateChargeRateMustBeInForce", $"No late-charge rate is in force on {day:yyyy-MM-dd}.");

    /// <summary>Every rate must stay within its ceiling: checked by the tests and on start.</summary>
    public static bool AllWithinCeiling => All.All(r => r.AnnualRate >= 0 && r.AnnualRate <= r.Ceiling);
}

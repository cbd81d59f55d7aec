namespace Seomin.Guarantee.Domain.Fees;

/// <summary>
/// A late-fee rule (연체료) in force for guarantees granted (issued) on or after <see cref="EffectiveFrom"/>.
/// A guarantee granted before the first rule has no late fee.
/// </summary>
public sealed record LateFeeRule(DateOnly EffectiveFrom, decimal AnnualRate, string Citation);

/// <summary>The late-fee rules as dated data (see docs/adr/0005).</summary>
public static class LateFeeRules
{
    /// <summary>
    /// 서민금융법 시행령 제44조제3항 as amended in October 2021: 10% a year on unpaid guarantee fees.
    /// The amendment's exact effective day could not be confirmed from the sources here; 2021-10-21 is assumed (ADR 0005).
    /// </summary>
    public static readonly LateFeeRule Amendment202110 = new(
        new DateOnly(2021, 10, 21), 0.10m, "서민금융법 시행령 제44조제3항 (2021-10 개정, 시행일 2021-10-21로 가정)");

    public static IReadOnlyList<LateFeeRule> All { get; } = [Amendment202110];

    /// <summary>The rule for a guarantee granted on <paramref name="grantedOn"/>, or null when none applies.</summary>
    public static LateFeeRule? ForGrantedOn(DateOnly grantedOn) =>
        All.Where(r => r.EffectiveFrom <= grantedOn).MaxBy(r => r.EffectiveFrom);
}

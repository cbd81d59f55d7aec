namespace Seomin.Guarantee.Domain.Fees;

/// <summary>
/// The legal ceiling on 추가보증료 (additional guarantee fee), in force from <see cref="EffectiveFrom"/>: at most
/// <see cref="MaxAnnualRate"/> a year on the unpaid guaranteed debt while a defaulted guarantee stays undischarged.
/// The rate a product charges is its own dated product setting (<c>ProductVersion.AdditionalFeeRate</c>), at most this.
/// </summary>
public sealed record AdditionalFeeCeiling(DateOnly EffectiveFrom, decimal MaxAnnualRate, string Citation);

/// <summary>The 추가보증료 ceilings as dated data (see docs/adr/0005).</summary>
public static class AdditionalFeeCeilings
{
    /// <summary>서민금융법 제52조제2항 as the review (issue 17 item 12) cites it; from the Act's entry into force (2016-09-23).</summary>
    public static readonly AdditionalFeeCeiling Act = new(
        new DateOnly(2016, 9, 23), 0.025m, "서민금융법 제52조제2항: 보증채무 미이행 기간 중 미상환 보증채무에 연 2.5% 이내의 추가보증료");

    public static IReadOnlyList<AdditionalFeeCeiling> All { get; } = [Act];

    /// <summary>The ceiling in force on <paramref name="on"/>, or null before the first.</summary>
    public static AdditionalFeeCeiling? On(DateOnly on) => All.Where(c => c.EffectiveFrom <= on).MaxBy(c => c.EffectiveFrom);
}

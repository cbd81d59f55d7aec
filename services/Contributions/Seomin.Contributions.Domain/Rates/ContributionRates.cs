using Seomin.Contributions.Domain.Institutions;

namespace Seomin.Contributions.Domain.Rates;

/// <summary>An annual common-contribution rate (공통출연요율) for a rate group, in force from <see cref="From"/> to <see cref="To"/> (inclusive; null = open).</summary>
public sealed record CommonRateRow(DateOnly From, DateOnly? To, RateGroup? Group, decimal AnnualRate, string Citation)
{
    public bool Covers(DateOnly day, RateGroup group) => day >= From && (To is null || day <= To) && (Group is null || Group == group);
}

/// <summary>A differential tier (차등출연요율) by the prior-year subrogation-rate index, in force over a period.</summary>
public sealed record DifferentialTierRow(DateOnly From, DateOnly? To, decimal? IndexAbove, decimal? IndexAtMost, bool ExactlyHundred, decimal AnnualRate, string Citation)
{
    public bool Covers(DateOnly day) => day >= From && (To is null || day <= To);

    public bool Matches(decimal index) =>
        ExactlyHundred ? index == 100m : (IndexAbove is null || index > IndexAbove) && (IndexAtMost is null || index <= IndexAtMost);
}

/// <summary>The temporary relief of the differential contribution (A − min(B, C)), in force over a period.</summary>
public sealed record ReliefRow(DateOnly From, DateOnly To, decimal BaseCommonRate, decimal CapRate, string Citation)
{
    public bool Covers(DateOnly day) => day >= From && day <= To;
}

/// <summary>
/// Every rate of 서민금융법 제47조 and 시행령 제42조 as dated data. A month is charged at the rows in force on its last day
/// (docs/adr/0017): the month in which a rate changes is charged wholly at the new rate.
/// </summary>
public static class ContributionRates
{
    private const string Decree2021 = "서민금융법 시행령 제42조 제2항 (2021-10-21 시행): 공통출연 연 1만분의 3";
    private const string Notice2024 = "서민금융법 시행령 제42조 제2항 및 금융위원회 고시 (2024-09-30 시행)";
    private const string Notice2025 = "서민금융법 시행령 제42조 제2항 및 금융위원회 고시 (2025-03-21 시행): 은행 연 1만분의 6";
    private const string Tiers = "서민금융법 시행령 제42조 제3항·제4항: 전년도 대위변제율 지수에 따른 차등출연요율 (연 0.50%–1.50%)";
    private const string Flat2021 = "서민금융법 시행령 부칙 (2021-10-21): 2021년 10월–12월 차등출연요율 일률 연 0.5%";
    private const string Relief = "서민금융법 시행령 부칙 (경과조치, 2025-12-31까지): 차등출연금 = A − min(B, C)";

    /// <summary>Charged from 2021-10 (the decree's start); earlier months owe nothing under these rules.</summary>
    public static readonly DateOnly Start = new(2021, 10, 21);

    public static IReadOnlyList<CommonRateRow> Common { get; } =
    [
        new(Start, new(2024, 9, 29), null, 0.0003m, Decree2021),
        new(new(2024, 9, 30), new(2025, 3, 20), RateGroup.Banks, 0.00035m, Notice2024 + ": 은행 연 1만분의 3.5"),
        new(new(2025, 3, 21), null, RateGroup.Banks, 0.0006m, Notice2025),
        new(new(2024, 9, 30), new(2025, 12, 31), RateGroup.Others, 0.00045m, Notice2024 + ": 은행 외 연 1만분의 4.5 (2025-12-31까지)"),
        // Assumption (docs/adr/0017): after the 0.045% period others return to the decree's base 0.03%.
        new(new(2026, 1, 1), null, RateGroup.Others, 0.0003m, Decree2021 + " (0.045% 한시 적용 종료 후 기본요율로 복귀: 가정)"),
    ];

    public static IReadOnlyList<DifferentialTierRow> Differential { get; } =
    [
        new(Start, new(2021, 12, 31), null, null, false, 0.005m, Flat2021),
        new(new(2022, 1, 1), null, 150m, null, false, 0.015m, Tiers + ": 150% 초과 1.50%"),
        new(new(2022, 1, 1), null, 100m, 150m, false, 0.0125m, Tiers + ": 100% 초과 150% 이하 1.25%"),
        new(new(2022, 1, 1), null, null, null, true, 0.01m, Tiers + ": 100% 1.00%"),
        new(new(2022, 1, 1), null, 50m, 99.99m, false, 0.0075m, Tiers + ": 50% 초과 100% 미만 0.75%"),
        new(new(2022, 1, 1), null, null, 50m, false, 0.005m, Tiers + ": 50% 이하 0.50%"),
    ];

    public static IReadOnlyList<ReliefRow> Reliefs { get; } =
    [
        new(new(2024, 9, 30), new(2025, 12, 31), 0.0003m, 0.005m, Relief + ", B = 대출잔액 × (공통요율 − 0.03%), C = 보증잔액 × 0.5%"),
    ];

    public static CommonRateRow CommonFor(Month month, RateGroup group) =>
        Common.SingleOrDefault(r => r.Covers(month.LastDay, group))
        ?? throw new ContributionRuleException("NoContributionRateInForce", $"No common contribution rate is in force for {month} ({group}).");

    public static DifferentialTierRow DifferentialFor(Month month, decimal index) =>
        Differential.FirstOrDefault(r => r.Covers(month.LastDay) && r.Matches(index))
        ?? throw new ContributionRuleException("NoContributionRateInForce", $"No differential tier is in force for {month} at index {index}.");

    public static ReliefRow? ReliefFor(Month month) => Reliefs.SingleOrDefault(r => r.Covers(month.LastDay));
}

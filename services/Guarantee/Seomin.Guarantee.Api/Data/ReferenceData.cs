using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Contributions;
using Seomin.Guarantee.Domain.Products;
using Seomin.Guarantee.Domain.Screening;

namespace Seomin.Guarantee.Api.Data;

/// <summary>
/// Products and the 2021 supply plan from the source documents (seeds 001 and 003). Each (code, version) is
/// inserted when missing; existing rows are never changed (a rate change is a new, later-dated version).
/// </summary>
public static class ReferenceData
{
    private static readonly DateOnly Launch = new(2021, 1, 1);

    /// <summary>햇살론17 became 햇살론15 on 2021-09-01 (all-in rate 17.9% → 15.9%).</summary>
    public static readonly DateOnly Sunshine15Launch = new(2021, 9, 1);

    /// <summary>
    /// 인천신용보증재단 fees are paid up front for the whole term with a discount by term (seed 003 20-4: "보증기간별
    /// 일시납, 보증기간별 할인적용"); yearly instalments only for 특례보증 (the 20-4 review: "1년 단위 납부 특례보증에
    /// 한함", "인천시 특례보증에 분할 납부제도 도입 검토"). The seed names the discount but prints no tiers: these are
    /// configuration-grade (ADR 0021) — 2 years 5%, 3 years 10%, 5 years 15% of the up-front fee.
    /// </summary>
    public static readonly IReadOnlyList<TermDiscount> IncheonTermDiscounts = [new(24, 0.05m), new(36, 0.10m), new(60, 0.15m)];

    /// <summary>햇살론유스's 6-month sub-limit (ADR 0021).</summary>
    public const long YouthSixMonthSubLimit = 3_000_000;

    /// <summary>햇살론15's yearly guarantee fee: 9.9%p of its 15.9% all-in rate (research figure, issue 17 item 13; ADR 0005).</summary>
    public const decimal Sunshine15GuaranteeFee = 0.099m;

    /// <summary>Fee reductions in rate points; KINFA's exact incentive is internal, so these are configuration-grade defaults (ADR 0005).</summary>
    private static readonly FeeReductions StandardReductions = new(0.001m, 0.001m, 0.002m);

    public static IReadOnlyList<ProductVersion> Products { get; } =
    [
        new()
        {
            // 근로자햇살론: employed with income on at least 10 days a month in each of the last three months (issue 17
            // item 13); the working days come with the application, and without them it is referred (ADR 0021).
            Code = "WORKER_SUNSHINE", Version = 1, Name = "근로자햇살론", EffectiveFrom = Launch,
            Eligibility = new EligibilityCriteria
            {
                MinEmploymentMonths = 3,
                MinMonthlyWorkingDays = 10,
                IncomeBands = [new IncomeBand(35_000_000, null), new IncomeBand(45_000_000, 20m)],
            },
            MaxAmountPerPerson = 20_000_000, TermMonthsOptions = [36, 60], GuaranteeRatio = 0.9m, AnnualFeeRate = 0.01m,
            Reductions = StandardReductions,
        },
        new()
        {
            Code = "SUNSHINE15", Version = 1, Name = "햇살론15 (구 햇살론17)", EffectiveFrom = Launch,
            Eligibility = new EligibilityCriteria
            {
                IncomeBands = [new IncomeBand(35_000_000, null), new IncomeBand(45_000_000, 20m)],
            },
            MaxAmountPerPerson = 20_000_000, TermMonthsOptions = [36, 60], GuaranteeRatio = 1.0m, AnnualFeeRate = 0.01m,
            Reductions = StandardReductions,
        },
        new()
        {
            // 햇살론15's fee as its own dated row: the research figure in issue 17 item 13 is a guarantee fee of 9.9%p
            // inside the product's 15.9% all-in rate (the lender's interest is the other 6.0%p). The seeds do not print
            // it (seed 001 still names 햇살론17); the date is 햇살론17 → 햇살론15 (2021-09-01). 9.9% is within the
            // supplementary account's 15% ceiling (법 55의4). ADR 0005 "햇살론15 fee".
            Code = "SUNSHINE15", Version = 2, Name = "햇살론15 (구 햇살론17)", EffectiveFrom = Sunshine15Launch,
            Eligibility = new EligibilityCriteria
            {
                IncomeBands = [new IncomeBand(35_000_000, null), new IncomeBand(45_000_000, 20m)],
            },
            MaxAmountPerPerson = 20_000_000, TermMonthsOptions = [36, 60], GuaranteeRatio = 1.0m, AnnualFeeRate = Sunshine15GuaranteeFee,
            Reductions = StandardReductions,
        },
        new()
        {
            // 햇살론유스: for 대학생·대학원생, 미취업 청년 and 사회초년생 (employed ≤ 1 year), at most ₩3M in any six months
            // within the ₩12M per person (KINFA's product terms as quoted in issue 17 item 13; the seeds name the product
            // and its 2020/2021 supply only, seed 001). Configuration-grade until the product manual is entered (ADR 0021).
            Code = "YOUTH_SUNSHINE", Version = 1, Name = "햇살론유스", EffectiveFrom = Launch,
            Eligibility = new EligibilityCriteria
            {
                MinAge = 19, MaxAge = 34, IncomeBands = [new IncomeBand(35_000_000, null)],
                EligibleYouthStatuses = [YouthStatus.UniversityStudent, YouthStatus.JobSeeker, YouthStatus.EarlyCareerWorker],
                SixMonthSubLimit = YouthSixMonthSubLimit,
            },
            MaxAmountPerPerson = 12_000_000, TermMonthsOptions = [12, 36, 60], GuaranteeRatio = 0.9m, AnnualFeeRate = 0.005m,
            Reductions = StandardReductions,
        },
        new()
        {
            // 코로나-19 피해 특례보증: 지원규모 375억원, 업체당 2천만원 이내, 1년 거치 4년 분할상환.
            Code = "INCHEON_COVID19", Version = 1, Name = "코로나19 피해 소상공인 특례보증 (인천)", EffectiveFrom = Launch,
            Eligibility = new EligibilityCriteria { MinBusinessAgeMonths = 0 },
            MaxAmountPerPerson = 20_000_000, TermMonthsOptions = [60], GuaranteeRatio = 1.0m, AnnualFeeRate = 0.008m,
            Reductions = StandardReductions, FundCode = FundCodes.IncheonBase, SpecialGuarantee = true, UpfrontTermDiscounts = IncheonTermDiscounts, Budget = 37_500_000_000, FieldSurveyWaivedUpToGrade = 6,
        },
        new()
        {
            // 청년창업 지원 특례보증: 만 39세 이하, 창업 5년 이내, 지원규모 100억원.
            Code = "INCHEON_YOUTH_STARTUP", Version = 1, Name = "청년창업 지원 특례보증 (인천)", EffectiveFrom = Launch,
            Eligibility = new EligibilityCriteria { MaxAge = 39, MinBusinessAgeMonths = 0, MaxBusinessAgeMonths = 60 },
            MaxAmountPerPerson = 20_000_000, TermMonthsOptions = [60], GuaranteeRatio = 1.0m, AnnualFeeRate = 0.008m,
            Reductions = StandardReductions, FundCode = FundCodes.IncheonBase, SpecialGuarantee = true, UpfrontTermDiscounts = IncheonTermDiscounts, Budget = 10_000_000_000, FieldSurveyWaivedUpToGrade = 6,
        },
        new()
        {
            // 취약계층 희망드림 특례보증 (seed 003, 2021 사업계획 "금융소외 취약계층 지원 확대": 지원대상 "금융소외(저신용·
            // 저소득) 취약계층에 해당하는 소상공인", 지원규모 100억원). Its own test, not KINFA's 햇살론 income bands: a running
            // business that is low-credit (grade 7–10, the bureaus' 저신용 grades) OR low-income (≤ ₩30M a year). The seed
            // gives the two arms, not the cut-offs: the grade and the income are configuration-grade (ADR 0021).
            Code = "INCHEON_HOPE_DREAM", Version = 1, Name = "취약계층 희망드림 특례보증 (인천)", EffectiveFrom = Launch,
            Eligibility = new EligibilityCriteria
            {
                MinBusinessAgeMonths = 0,
                Vulnerability = new VulnerabilityTest(LowCreditFromGrade: 7, LowIncomeMaxAnnualIncome: 30_000_000),
            },
            MaxAmountPerPerson = 20_000_000, TermMonthsOptions = [60], GuaranteeRatio = 1.0m, AnnualFeeRate = 0.005m,
            Reductions = StandardReductions, FundCode = FundCodes.IncheonBase, SpecialGuarantee = true, UpfrontTermDiscounts = IncheonTermDiscounts, Budget = 10_000_000_000, FieldSurveyWaivedUpToGrade = 8,
        },
        IncheonProgramme("INCHEON_ALLEY", "골목상권 활성화 특례보증 (인천)", 10_000_000_000),
        IncheonProgramme("INCHEON_UNDERGROUND_MALL", "지하도상가 특례보증 (인천)", 10_000_000_000),
        IncheonProgramme("INCHEON_REDEVELOPMENT", "재개발지역 소상공인 특례보증 (인천)", 5_000_000_000),
        IncheonProgramme("INCHEON_SOCIAL_ECONOMY", "사회적경제기업 특례보증 (인천)", 1_000_000_000),
        IncheonProgramme("INCHEON_RESTART", "재도전 특례보증 (인천)", 2_000_000_000),
        IncheonProgramme("INCHEON_JOB_CREATION", "일자리창출 특례보증 (인천)", 10_000_000_000),
    ];

    /// <summary>
    /// A 2021 특례보증 programme of the foundation with its budget (seed 003 / reference-figures.md, 억원 → 원). The seed
    /// gives the budget only: eligibility is "a running business", the per-firm limit and fee follow the 코로나19
    /// programme (₩20M, 0.8%/yr) as configuration-grade defaults until the programme rules are entered (ADR 0021).
    /// </summary>
    private static ProductVersion IncheonProgramme(string code, string name, long budget) => new()
    {
        Code = code, Version = 1, Name = name, EffectiveFrom = Launch,
        Eligibility = new EligibilityCriteria { MinBusinessAgeMonths = 0 },
        MaxAmountPerPerson = 20_000_000, TermMonthsOptions = [60], GuaranteeRatio = 1.0m, AnnualFeeRate = 0.008m,
        Reductions = StandardReductions, FundCode = FundCodes.IncheonBase, SpecialGuarantee = true, UpfrontTermDiscounts = IncheonTermDiscounts, Budget = budget, FieldSurveyWaivedUpToGrade = 6,
    };

    /// <summary>2020 plan/estimate and 2021 서민금융 공급계획 (seed 001, 억원 → 원). 햇살론17 became 햇살론15.</summary>
    public static IReadOnlyList<SupplyPlan> Plans { get; } =
    [
        new() { ProductCode = "WORKER_SUNSHINE", Year = 2020, PlannedAmount = 3_200_000_000_000, EstimatedAmount = 3_281_700_000_000, Source = "KINFA 2021 business plan, 2020 column: 근로자햇살론 계획 32,000억원 / 추정 32,817억원" },
        new() { ProductCode = "YOUTH_SUNSHINE", Year = 2020, PlannedAmount = 200_000_000_000, EstimatedAmount = 221_400_000_000, Source = "KINFA 2021 business plan, 2020 column: 햇살론youth 계획 2,000억원 / 추정 2,214억원" },
        new() { ProductCode = "SUNSHINE15", Year = 2020, PlannedAmount = 1_000_000_000_000, EstimatedAmount = 1_005_600_000_000, Source = "KINFA 2021 business plan, 2020 column: 햇살론17 계획 10,000억원 / 추정 10,056억원" },
        new() { ProductCode = "MICROFINANCE", Year = 2020, PlannedAmount = 500_000_000_000, EstimatedAmount = 387_400_000_000, Source = "KINFA 2021 business plan, 2020 column: 미소금융 계획 5,000억원 / 추정 3,874억원 (not a guarantee product here)" },
        new() { ProductCode = "WORKER_SUNSHINE", Year = 2021, PlannedAmount = 2_400_000_000_000, Source = "KINFA 2021 business plan: 근로자햇살론 24,000억원" },
        new() { ProductCode = "YOUTH_SUNSHINE", Year = 2021, PlannedAmount = 140_000_000_000, Source = "KINFA 2021 business plan: 햇살론youth 1,400억원" },
        new() { ProductCode = "SUNSHINE15", Year = 2021, PlannedAmount = 1_000_000_000_000, Source = "KINFA 2021 business plan: 햇살론17 10,000억원" },
        new() { ProductCode = "INCHEON-BASE", Year = 2020, PlannedAmount = 610_000_000_000, EstimatedAmount = 1_617_820_000_000, Source = "인천신용보증재단 2020: 계획 27,000건 / 610,000백만원, 실적 62,774건 / 1,617,820백만원 (seed 003)" },
        new() { ProductCode = "INCHEON-BASE", Year = 2021, PlannedAmount = 1_000_000_000_000, CountsExtensions = true, Source = "인천신용보증재단 2021 계획 40,000건 / 10,000억원 = 신규 20,000건 / 5,000억원 + 기한연장 20,000건 / 5,000억원 (seed 003)" },
        new() { ProductCode = "MICROFINANCE", Year = 2021, PlannedAmount = 500_000_000_000, Source = "KINFA 2021 business plan: 미소금융 5,000억원 (not a guarantee product here)" },
    ];

    public static async Task SeedAsync(GuaranteeDbContext db, CancellationToken ct)
    {
        // Keyed on (code, version): a dated reference row added later (햇살론15 v2) reaches databases seeded before it;
        // rows already present are never changed.
        var existing = await db.ProductVersions.Select(p => new { p.Code, p.Version }).ToListAsync(ct);
        db.ProductVersions.AddRange(Products.Where(p => !existing.Any(x => x.Code == p.Code && x.Version == p.Version)));
        var plans = await db.SupplyPlans.Select(p => new { p.ProductCode, p.Year }).ToListAsync(ct);
        db.SupplyPlans.AddRange(Plans.Where(p => !plans.Any(x => x.ProductCode == p.ProductCode && x.Year == p.Year)));
        await db.SaveChangesAsync(ct);
    }
}

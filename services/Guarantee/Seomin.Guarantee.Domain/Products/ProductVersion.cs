using Seomin.Guarantee.Domain.Fees;
using Seomin.Guarantee.Domain.Screening;

namespace Seomin.Guarantee.Domain.Products;

/// <summary>An income ceiling, optionally valid only for applicants whose credit percentile is at most a value (bottom X%).</summary>
public sealed record IncomeBand(long MaxAnnualIncome, decimal? MaxCreditPercentile);

/// <summary>
/// A "vulnerable" test of its own (취약계층: 저신용·저소득), passed by either arm: credit grade
/// <paramref name="LowCreditFromGrade"/> or worse (10 is worst), or income at most <paramref name="LowIncomeMaxAnnualIncome"/>.
/// </summary>
public sealed record VulnerabilityTest(int LowCreditFromGrade, long LowIncomeMaxAnnualIncome);

/// <summary>Who may apply. A null bound is not checked.</summary>
public sealed record EligibilityCriteria
{
    public int? MinEmploymentMonths { get; init; }

    /// <summary>An applicant qualifies when any band admits them; empty means no income test.</summary>
    public IReadOnlyList<IncomeBand> IncomeBands { get; init; } = [];

    public int? MinAge { get; init; }

    public int? MaxAge { get; init; }

    public int? MinBusinessAgeMonths { get; init; }

    public int? MaxBusinessAgeMonths { get; init; }

    /// <summary>
    /// 근로자햇살론: at least this many days worked with income in every one of the last three months (10 from the
    /// product's rule, issue 17 item 13); null is not checked.
    /// </summary>
    public int? MinMonthlyWorkingDays { get; init; }

    /// <summary>햇살론유스: the statuses the product is for; empty means no status test.</summary>
    public IReadOnlyList<YouthStatus> EligibleYouthStatuses { get; init; } = [];

    /// <summary>
    /// 햇살론유스: the most the customer may take on this product within six months (the 6-month sub-limit), counting
    /// their guarantees of the product approved in the six months before the application; null is not checked.
    /// </summary>
    public long? SixMonthSubLimit { get; init; }

    /// <summary>희망드림: the applicant must be low-credit or low-income (seed 003); null is not checked.</summary>
    public VulnerabilityTest? Vulnerability { get; init; }
}

/// <summary>
/// A discount on an up-front (일시납) fee for a guarantee term of at least <paramref name="MinTermMonths"/>: the rate is
/// multiplied by 1 − <paramref name="Discount"/> (보증기간별 할인, seed 003 20-4). The largest applicable discount applies.
/// </summary>
public sealed record TermDiscount(int MinTermMonths, decimal Discount);

/// <summary>Fee reductions in rate points (0.001 = 0.1%p) for incentives the customer has earned.</summary>
public sealed record FeeReductions(decimal PreApplicationCounseling, decimal FinancialEducation, decimal ProtectedGroup);

/// <summary>
/// One effective-dated version of a guarantee product. Versions are never edited: a rate change is a
/// new version whose <see cref="EffectiveFrom"/> is later; the version in force on a date is the latest
/// one that started on or before it.
/// </summary>
public sealed record ProductVersion
{
    public required string Code { get; init; }

    public required int Version { get; init; }

    public required string Name { get; init; }

    public required DateOnly EffectiveFrom { get; init; }

    public required EligibilityCriteria Eligibility { get; init; }

    public required long MaxAmountPerPerson { get; init; }

    public required IReadOnlyList<int> TermMonthsOptions { get; init; }

    public required decimal GuaranteeRatio { get; init; }

    public required decimal AnnualFeeRate { get; init; }

    public required FeeReductions Reductions { get; init; }

    /// <summary>The fund account the product belongs to; its fee ceiling (법 55의4) applies.</summary>
    public FundAccount Account { get; init; } = FundAccount.SupplementaryAccount;

    /// <summary>The guarantor fund (보증재원) whose capacity the product's guarantees use (<see cref="GuarantorFunds"/>).</summary>
    public string FundCode { get; init; } = GuarantorFunds.KinfaSupplementary;

    /// <summary>
    /// 추가보증료: the yearly rate charged on the unpaid guaranteed debt while a defaulted guarantee stays
    /// undischarged (법 52②, at most <see cref="AdditionalFeeCeilings"/>); null or 0 charges none. Dated with the version.
    /// </summary>
    public decimal? AdditionalFeeRate { get; init; }

    /// <summary>The yearly fee ceiling of the product's account in force on <paramref name="on"/>.</summary>
    public decimal FeeRateCapOn(DateOnly on) => FeeRateCaps.For(Account, on).AnnualRate;

    /// <summary>Programme budget (total supply allowed) for 특례보증 programmes; null when unlimited.</summary>
    public long? Budget { get; init; }

    /// <summary>
    /// When set, a field survey (현장조사) is required unless the applicant's credit grade is this or
    /// better (1 is best), per the non-face-to-face flow; null means no field survey.
    /// </summary>
    public int? FieldSurveyWaivedUpToGrade { get; init; }

    public bool AllowsYearlyInstalments { get; init; } = true;

    /// <summary>특례보증: a programme of a foundation (with its budget); only these may be paid yearly on INCHEON-BASE (seed 003 20-4).</summary>
    public bool SpecialGuarantee { get; init; }

    /// <summary>Discounts of the up-front fee by guarantee term (보증기간별 할인); empty means none.</summary>
    public IReadOnlyList<TermDiscount> UpfrontTermDiscounts { get; init; } = [];

    /// <summary>The up-front discount for a term of <paramref name="termMonths"/>: the largest tier it reaches, else 0.</summary>
    public decimal UpfrontTermDiscount(int termMonths) =>
        UpfrontTermDiscounts.Where(d => termMonths >= d.MinTermMonths).Select(d => d.Discount).DefaultIfEmpty(0m).Max();

    /// <summary>
    /// The yearly rate a guarantee is issued at: <see cref="EffectiveFeeRate"/>, and when paid up front less the term
    /// discount, truncated to six decimals (the stored precision) in the customer's favour.
    /// </summary>
    public decimal FeeRateFor(FeeIncentives incentives, FeePaymentPlan plan, int termMonths)
    {
        var rate = EffectiveFeeRate(incentives);
        return plan == FeePaymentPlan.Upfront
            ? Math.Round(rate * (1m - UpfrontTermDiscount(termMonths)), 6, MidpointRounding.ToZero)
            : rate;
    }

    public void Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Code))
        {
            errors.Add("code is required");
        }

        if (MaxAmountPerPerson <= 0)
        {
            errors.Add("maxAmountPerPerson must be positive");
        }

        if (TermMonthsOptions.Count == 0 || TermMonthsOptions.Any(t => t <= 0 || t > 360))
        {
            errors.Add("termMonthsOptions must be 1..360 months");
        }

        if (GuaranteeRatio <= 0m || GuaranteeRatio > 1m)
        {
            errors.Add("guaranteeRatio must be in (0, 1]");
        }

        var cap = FeeRateCaps.For(Account, EffectiveFrom);
        if (AnnualFeeRate < 0m || AnnualFeeRate > cap.AnnualRate)
        {
            errors.Add($"annualFeeRate must be between 0 and the legal cap of {cap.AnnualRate:P0} ({cap.Citation})");
        }

        if (Reductions.PreApplicationCounseling < 0m || Reductions.FinancialEducation < 0m || Reductions.ProtectedGroup < 0m)
        {
            errors.Add("reductions must not be negative");
        }

        if (!GuarantorFunds.All.Contains(FundCode))
        {
            errors.Add($"fundCode must be one of {string.Join(", ", GuarantorFunds.All)}");
        }

        if (AdditionalFeeRate is { } additional)
        {
            var ceiling = AdditionalFeeCeilings.On(EffectiveFrom);
            if (additional < 0m || ceiling is null || additional > ceiling.MaxAnnualRate)
            {
                errors.Add($"additionalFeeRate must be between 0 and {(ceiling?.MaxAnnualRate ?? 0m):P1} ({ceiling?.Citation ?? "no ceiling in force"})");
            }
        }

        if (UpfrontTermDiscounts.Any(d => d.MinTermMonths <= 0 || d.Discount < 0m || d.Discount >= 1m))
        {
            errors.Add("upfrontTermDiscounts need minTermMonths > 0 and a discount in [0, 1)");
        }

        if (AllowsYearlyInstalments && FundCode == GuarantorFunds.IncheonBase && !SpecialGuarantee)
        {
            errors.Add("INCHEON-BASE fees are paid up front; yearly instalments are for 특례보증 only (seed 003 20-4)");
        }

        if (Budget is <= 0)
        {
            errors.Add("budget must be positive when present");
        }

        if (errors.Count > 0)
        {
            throw new GuaranteeRuleException("ProductVersionMustBeValid", string.Join("; ", errors));
        }
    }

    /// <summary>The annual fee rate after the reductions the customer has earned, never below zero.</summary>
    public decimal EffectiveFeeRate(FeeIncentives incentives)
    {
        var rate = AnnualFeeRate;
        if (incentives.PreApplicationCounseling)
        {
            rate -= Reductions.PreApplicationCounseling;
        }

        if (incentives.FinancialEducation)
        {
            rate -= Reductions.FinancialEducation;
        }

        if (incentives.ProtectedGroup)
        {
            rate -= Reductions.ProtectedGroup;
        }

        return rate < 0m ? 0m : rate;
    }
}

/// <summary>Incentives that reduce the fee of one guarantee.</summary>
public sealed record FeeIncentives(bool PreApplicationCounseling, bool FinancialEducation, bool ProtectedGroup)
{
    public static readonly FeeIncentives None = new(false, false, false);
}

using System.Globalization;

namespace Seomin.Guarantee.Domain.Screening;

/// <summary>Hard eligibility rules: any failure makes the application ineligible.</summary>
public static class EligibilityRules
{
    public const string ProductMustBeInForce = nameof(ProductMustBeInForce);
    public const string AmountMustBePositive = nameof(AmountMustBePositive);
    public const string TermMustBeOffered = nameof(TermMustBeOffered);
    public const string EmploymentMustMeetMinimum = nameof(EmploymentMustMeetMinimum);
    public const string IncomeMustFallInBand = nameof(IncomeMustFallInBand);
    public const string AgeMustBeInRange = nameof(AgeMustBeInRange);
    public const string BusinessAgeMustBeInRange = nameof(BusinessAgeMustBeInRange);
    public const string AmountMustNotExceedPerPersonLimit = nameof(AmountMustNotExceedPerPersonLimit);
    public const string ProgrammeBudgetMustCoverAmount = nameof(ProgrammeBudgetMustCoverAmount);

    /// <summary>근로자햇살론: income from work on at least N days in each of the last three months (employment, not a one-off).</summary>
    public const string WorkingDaysMustMeetMonthlyMinimum = nameof(WorkingDaysMustMeetMonthlyMinimum);

    /// <summary>희망드림: the applicant must be low-credit or low-income (금융소외 취약계층, seed 003).</summary>
    public const string ApplicantMustBeLowCreditOrLowIncome = nameof(ApplicantMustBeLowCreditOrLowIncome);

    /// <summary>햇살론유스: the applicant must be a student, a job-seeking young adult or an early-career worker.</summary>
    public const string YouthStatusMustBeEligible = nameof(YouthStatusMustBeEligible);

    /// <summary>햇살론유스: what the customer took on the product in the last six months plus this request stays within the sub-limit.</summary>
    public const string AmountMustNotExceedSixMonthSubLimit = nameof(AmountMustNotExceedSixMonthSubLimit);

    private static readonly CultureInfo Won = CultureInfo.InvariantCulture;

    public static IReadOnlyList<RuleOutcome> Evaluate(ScreeningRequest r)
    {
        var p = r.Product;
        var e = p.Eligibility;
        var a = r.Applicant;
        var outcomes = new List<RuleOutcome>
        {
            new(ProductMustBeInForce, p.EffectiveFrom <= r.ApplicationDate,
                $"{p.Code} v{p.Version} in force from {p.EffectiveFrom:yyyy-MM-dd}"),
            new(AmountMustBePositive, r.RequestedAmount > 0, $"requested {Format(r.RequestedAmount)} won"),
            new(TermMustBeOffered, p.TermMonthsOptions.Contains(r.TermMonths),
                $"term {r.TermMonths} months; offered {string.Join("/", p.TermMonthsOptions)}"),
        };

        if (e.MinEmploymentMonths is { } minMonths)
        {
            outcomes.Add(new(EmploymentMustMeetMinimum, a.EmploymentMonths >= minMonths,
                $"employed {a.EmploymentMonths} months; minimum {minMonths}"));
        }

        if (e.IncomeBands.Count > 0)
        {
            var band = e.IncomeBands.FirstOrDefault(b =>
                a.AnnualIncome <= b.MaxAnnualIncome && (b.MaxCreditPercentile is null || a.CreditPercentile <= b.MaxCreditPercentile));
            var bands = string.Join(" or ", e.IncomeBands.Select(b => b.MaxCreditPercentile is { } pct
                ? $"income ≤ {Format(b.MaxAnnualIncome)} with credit in the bottom {pct.ToString(Won)}%"
                : $"income ≤ {Format(b.MaxAnnualIncome)}"));
            outcomes.Add(new(IncomeMustFallInBand, band is not null,
                $"income {Format(a.AnnualIncome)}, credit percentile {a.CreditPercentile.ToString(Won)}; requires {bands}"));
        }

        if (e.MinAge is not null || e.MaxAge is not null)
        {
            var age = a.AgeOn(r.ApplicationDate);
            var ok = (e.MinAge is null || age >= e.MinAge) && (e.MaxAge is null || age <= e.MaxAge);
            outcomes.Add(new(AgeMustBeInRange, ok, $"age {age}; allowed {e.MinAge?.ToString(Won) ?? "-"}..{e.MaxAge?.ToString(Won) ?? "-"}"));
        }

        if (e.MinBusinessAgeMonths is not null || e.MaxBusinessAgeMonths is not null)
        {
            var months = a.BusinessAgeMonths;
            var ok = months is not null
                && (e.MinBusinessAgeMonths is null || months >= e.MinBusinessAgeMonths)
                && (e.MaxBusinessAgeMonths is null || months <= e.MaxBusinessAgeMonths);
            outcomes.Add(new(BusinessAgeMustBeInRange, ok,
                $"business age {(months is null ? "not given" : months.Value.ToString(Won) + " months")}; allowed {e.MinBusinessAgeMonths?.ToString(Won) ?? "-"}..{e.MaxBusinessAgeMonths?.ToString(Won) ?? "-"} months"));
        }

        if (e.Vulnerability is { } v)
        {
            var lowCredit = a.CreditGrade >= v.LowCreditFromGrade;
            var lowIncome = a.AnnualIncome <= v.LowIncomeMaxAnnualIncome;
            outcomes.Add(new(ApplicantMustBeLowCreditOrLowIncome, lowCredit || lowIncome,
                $"credit grade {a.CreditGrade}, income {Format(a.AnnualIncome)}; requires credit grade {v.LowCreditFromGrade} or worse, or income ≤ {Format(v.LowIncomeMaxAnnualIncome)}"));
        }

        // Absent evidence is not a failure: ReferralRules sends the application to staff instead.
        if (e.MinMonthlyWorkingDays is { } minDays && a.WorkingDaysLastThreeMonths is { } days)
        {
            var ok = days.Length == 3 && days.All(d => d >= minDays);
            outcomes.Add(new(WorkingDaysMustMeetMonthlyMinimum, ok,
                $"worked {string.Join("/", days)} days in the last three months; at least {minDays} days required in each"));
        }

        if (e.EligibleYouthStatuses.Count > 0 && a.YouthStatus is { } status)
        {
            outcomes.Add(new(YouthStatusMustBeEligible, e.EligibleYouthStatuses.Contains(status),
                $"status {status}; eligible {string.Join("/", e.EligibleYouthStatuses)}"));
        }

        var total = r.ExistingExposure + r.RequestedAmount;
        outcomes.Add(new(AmountMustNotExceedPerPersonLimit, total <= p.MaxAmountPerPerson,
            $"requested {Format(r.RequestedAmount)} + existing exposure {Format(r.ExistingExposure)} = {Format(total)}; limit {Format(p.MaxAmountPerPerson)}"));

        if (p.Budget is { } budget)
        {
            outcomes.Add(new(ProgrammeBudgetMustCoverAmount, r.BudgetUsed + r.RequestedAmount <= budget,
                $"budget used {Format(r.BudgetUsed)} + requested {Format(r.RequestedAmount)}; budget {Format(budget)}"));
        }

        if (e.SixMonthSubLimit is { } subLimit)
        {
            var sixMonths = r.SuppliedLastSixMonths + r.RequestedAmount;
            outcomes.Add(new(AmountMustNotExceedSixMonthSubLimit, sixMonths <= subLimit,
                $"supplied in the last six months {Format(r.SuppliedLastSixMonths)} + requested {Format(r.RequestedAmount)} = {Format(sixMonths)}; 6-month sub-limit {Format(subLimit)}"));
        }

        return outcomes;
    }

    internal static string Format(long won) => won.ToString("N0", Won);
}

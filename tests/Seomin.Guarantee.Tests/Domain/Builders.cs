using Seomin.Guarantee.Domain.Fees;
using Seomin.Guarantee.Domain.Guarantees;
using Seomin.Guarantee.Domain.Products;
using Seomin.Guarantee.Domain.Screening;

namespace Seomin.Guarantee.Tests.Domain;

internal static class Builders
{
    public static readonly DateOnly Today = new(2021, 3, 2);

    public static ProductVersion WorkerSunshine() => new()
    {
        Code = "WORKER_SUNSHINE",
        Version = 1,
        Name = "근로자햇살론",
        EffectiveFrom = new DateOnly(2021, 1, 1),
        Eligibility = new EligibilityCriteria
        {
            MinEmploymentMonths = 3,
            IncomeBands = [new IncomeBand(35_000_000, null), new IncomeBand(45_000_000, 20m)],
        },
        MaxAmountPerPerson = 20_000_000,
        TermMonthsOptions = [36, 60],
        GuaranteeRatio = 0.9m,
        AnnualFeeRate = 0.01m,
        Reductions = new FeeReductions(0.001m, 0.001m, 0.002m),
    };

    public static ProductVersion YouthStartup() => WorkerSunshine() with
    {
        Code = "INCHEON_YOUTH_STARTUP",
        Name = "청년창업 지원 특례보증",
        Eligibility = new EligibilityCriteria { MaxAge = 39, MaxBusinessAgeMonths = 60 },
        Budget = 10_000_000_000,
        FieldSurveyWaivedUpToGrade = 6,
    };

    public static ApplicantProfile Applicant(
        int employmentMonths = 12, long income = 30_000_000, decimal percentile = 50m, int creditScore = 700,
        DateOnly? birthDate = null, int? businessAgeMonths = null) => new()
    {
        BirthDate = birthDate ?? new DateOnly(1990, 5, 1),
        EmploymentMonths = employmentMonths,
        AnnualIncome = income,
        CreditScore = creditScore,
        CreditPercentile = percentile,
        BusinessAgeMonths = businessAgeMonths,
    };

    public static ScreeningRequest Request(
        ProductVersion? product = null, ApplicantProfile? applicant = null, long amount = 10_000_000, int term = 36,
        long existing = 0, long budgetUsed = 0, CapacityCheck? capacity = null) => new()
    {
        Product = product ?? WorkerSunshine(),
        Applicant = applicant ?? Applicant(),
        RequestedAmount = amount,
        TermMonths = term,
        ApplicationDate = Today,
        ExistingExposure = existing,
        BudgetUsed = budgetUsed,
        Capacity = capacity ?? new CapacityCheck(0, 1_000_000_000_000, 10m),
    };

    public static CreditGuarantee ApprovedGuarantee(
        long amount = 10_000_000, int term = 36, FeePaymentPlan plan = FeePaymentPlan.Upfront, decimal rate = 0.01m, DateOnly? approvedOn = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), "CTEST", "WORKER_SUNSHINE", 1, "LENDER1", amount, 0.9m, rate, 0.15m, term, plan, approvedOn ?? Today);

    public static CreditGuarantee IssuedGuarantee(
        long amount = 10_000_000, int term = 36, FeePaymentPlan plan = FeePaymentPlan.Upfront, decimal rate = 0.01m, DateOnly? on = null)
    {
        var day = on ?? Today;
        var g = ApprovedGuarantee(amount, term, plan, rate, day);
        g.Agree(day);
        g.Issue(day, "CERT-1");
        return g;
    }

    public static CreditGuarantee ExecutedGuarantee(
        long amount = 10_000_000, int term = 36, FeePaymentPlan plan = FeePaymentPlan.Upfront, DateOnly? on = null)
    {
        var g = IssuedGuarantee(amount, term, plan, on: on);
        g.ExecuteLoan(on ?? Today, amount);
        return g;
    }
}

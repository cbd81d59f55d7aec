using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Domain.Fees;
using Seomin.Guarantee.Domain.Products;
using Seomin.Guarantee.Domain.Screening;
using static Seomin.Guarantee.Tests.Domain.Builders;

namespace Seomin.Guarantee.Tests.Domain;

/// <summary>The screening rules issue 17 item 13 adds, run on the seeded reference rows.</summary>
public class ProductRuleTests
{
    private static ProductVersion Seeded(string code) =>
        ProductCatalogue.InForce(ReferenceData.Products.Where(p => p.Code == code), Today)!;

    private static RuleOutcome Rule(ScreeningResult result, string rule) => Assert.Single(result.Rules, r => r.Rule == rule);

    [Fact]
    public void WorkerSunshine_WithTenDaysInEachOfTheLastThreeMonths_IsApproved()
    {
        var result = Screener.Screen(Request(Seeded("WORKER_SUNSHINE"), Applicant() with { WorkingDaysLastThreeMonths = [10, 10, 10] }));

        Assert.Equal(ScreeningOutcome.Eligible, result.Outcome);
        Assert.True(Rule(result, EligibilityRules.WorkingDaysMustMeetMonthlyMinimum).Passed);
    }

    [Fact]
    public void WorkerSunshine_WithNineDaysInOneMonth_IsIneligible()
    {
        var result = Screener.Screen(Request(Seeded("WORKER_SUNSHINE"), Applicant() with { WorkingDaysLastThreeMonths = [22, 9, 22] }));

        Assert.Equal(ScreeningOutcome.Ineligible, result.Outcome);
        var rule = Rule(result, EligibilityRules.WorkingDaysMustMeetMonthlyMinimum);
        Assert.False(rule.Passed);
        Assert.Contains("22/9/22", rule.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkerSunshine_WithoutWorkingDays_IsReferredNotApproved()
    {
        var result = Screener.Screen(Request(Seeded("WORKER_SUNSHINE"), Applicant()));

        Assert.Equal(ScreeningOutcome.Referred, result.Outcome);
        Assert.False(Rule(result, ReferralRules.ReferralWorkingDaysNotGiven).Passed);
        Assert.DoesNotContain(result.Rules, r => r.Rule == EligibilityRules.WorkingDaysMustMeetMonthlyMinimum);
    }

    [Fact]
    public void Sunshine15_DoesNotTestWorkingDays()
    {
        var result = Screener.Screen(Request(Seeded("SUNSHINE15"), Applicant()));

        Assert.Equal(ScreeningOutcome.Eligible, result.Outcome);
    }

    [Theory]
    [InlineData(YouthStatus.UniversityStudent, ScreeningOutcome.Eligible)]
    [InlineData(YouthStatus.JobSeeker, ScreeningOutcome.Eligible)]
    [InlineData(YouthStatus.EarlyCareerWorker, ScreeningOutcome.Eligible)]
    [InlineData(YouthStatus.Other, ScreeningOutcome.Ineligible)]
    public void YouthSunshine_StatusTest(YouthStatus status, ScreeningOutcome expected)
    {
        var result = Screener.Screen(Request(Seeded("YOUTH_SUNSHINE"), Applicant() with { YouthStatus = status }, amount: 2_000_000, term: 12));

        Assert.Equal(expected, result.Outcome);
        Assert.Equal(expected == ScreeningOutcome.Eligible, Rule(result, EligibilityRules.YouthStatusMustBeEligible).Passed);
    }

    [Fact]
    public void YouthSunshine_WithoutStatus_IsReferred()
    {
        var result = Screener.Screen(Request(Seeded("YOUTH_SUNSHINE"), Applicant(), amount: 2_000_000, term: 12));

        Assert.Equal(ScreeningOutcome.Referred, result.Outcome);
        Assert.False(Rule(result, ReferralRules.ReferralYouthStatusNotGiven).Passed);
    }

    [Theory]
    // ₩3,000,000 per six months: ₩1,000,000 taken + ₩2,000,000 = ₩3,000,000 fits; ₩1,000,001 + ₩2,000,000 does not.
    [InlineData(1_000_000, true)]
    [InlineData(1_000_001, false)]
    public void YouthSunshine_SixMonthSubLimit_CountsWhatWasTakenInTheLastSixMonths(long taken, bool passes)
    {
        var request = Request(Seeded("YOUTH_SUNSHINE"), Applicant() with { YouthStatus = YouthStatus.UniversityStudent }, amount: 2_000_000, term: 12,
            existing: taken) with { SuppliedLastSixMonths = taken };

        var result = Screener.Screen(request);

        Assert.Equal(passes, Rule(result, EligibilityRules.AmountMustNotExceedSixMonthSubLimit).Passed);
        Assert.Equal(passes ? ScreeningOutcome.Eligible : ScreeningOutcome.Ineligible, result.Outcome);
        Assert.True(Rule(result, EligibilityRules.AmountMustNotExceedPerPersonLimit).Passed); // ≤ ₩12M per person either way
    }
}

public class HopeDreamRuleTests
{
    private static readonly ProductVersion HopeDream =
        ProductCatalogue.InForce(ReferenceData.Products.Where(p => p.Code == "INCHEON_HOPE_DREAM"), Today)!;

    [Theory]
    // Score 629 is grade 7 (530–629): low credit, so a ₩40M income is fine.
    [InlineData(629, 40_000_000, true)]
    // Score 630 is grade 6 and ₩30,000,000 income is at the low-income line: low income.
    [InlineData(630, 30_000_000, true)]
    // Grade 6 and ₩30,000,001: neither low credit nor low income.
    [InlineData(630, 30_000_001, false)]
    // KINFA's copied band would have admitted ₩35M income at any credit; 희망드림's own test does not.
    [InlineData(900, 35_000_000, false)]
    public void HopeDream_AdmitsLowCreditOrLowIncome(int creditScore, long income, bool eligible)
    {
        var result = Screener.Screen(Request(HopeDream, Applicant(income: income, creditScore: creditScore, businessAgeMonths: 24),
            amount: 10_000_000, term: 60));

        var rule = Assert.Single(result.Rules, r => r.Rule == EligibilityRules.ApplicantMustBeLowCreditOrLowIncome);
        Assert.Equal(eligible, rule.Passed);
        Assert.DoesNotContain(result.Rules, r => r.Rule == EligibilityRules.IncomeMustFallInBand);
        Assert.Equal(eligible, result.Outcome != ScreeningOutcome.Ineligible);
    }
}

public class IncheonFeeTests
{
    private static readonly ProductVersion Covid =
        ProductCatalogue.InForce(ReferenceData.Products.Where(p => p.Code == "INCHEON_COVID19"), Today)!;

    [Fact]
    public void IncheonProgramme_PaidUpFrontForFiveYears_GetsTheFiveYearTierOfFifteenPercentOff()
    {
        // 0.8% × (1 − 0.15) = 0.68%; ₩10,000,000 guaranteed over 2026-03-02..2031-03-02 = 1,826 days (29 Feb 2028 counts):
        // 10,000,000 × 0.0068 × 1,826 ÷ 365 = 340,186.3… → ₩340,186 (without the discount: 400,219).
        var rate = Covid.FeeRateFor(FeeIncentives.None, FeePaymentPlan.Upfront, 60);
        var start = new DateOnly(2026, 3, 2);
        var fee = FeeCalculator.PeriodFee(10_000_000, rate, start, start.AddMonths(60), Covid.FeeRateCapOn(start));

        Assert.Equal(0.0068m, rate);
        Assert.Equal(340_186, fee);
        Assert.True(Covid.SpecialGuarantee);
    }

    [Theory]
    [InlineData(12, 0)]
    [InlineData(24, 0.05)]
    [InlineData(35, 0.05)]
    [InlineData(36, 0.10)]
    [InlineData(60, 0.15)]
    public void IncheonTermDiscount_ByTier(int termMonths, decimal discount) =>
        Assert.Equal(discount, Covid.UpfrontTermDiscount(termMonths));

    [Fact]
    public void IncheonProgramme_PaidYearly_HasNoTermDiscount() =>
        Assert.Equal(0.008m, Covid.FeeRateFor(FeeIncentives.None, FeePaymentPlan.YearlyInstalments, 60));

    [Fact]
    public void IncheonProduct_ThatIsNotASpecialGuarantee_MayNotBePaidYearly()
    {
        var general = Covid with { Code = "INCHEON_GENERAL", SpecialGuarantee = false, Budget = null };

        var ex = Assert.Throws<Seomin.Guarantee.Domain.GuaranteeRuleException>(general.Validate);
        Assert.Contains("특례보증 only", ex.Message, StringComparison.Ordinal);
        (general with { AllowsYearlyInstalments = false }).Validate();
    }

    [Fact]
    public void KinfaProducts_HaveNoTermDiscount() =>
        Assert.Equal(0.01m, ProductCatalogue.InForce(ReferenceData.Products.Where(p => p.Code == "WORKER_SUNSHINE"), Today)!
            .FeeRateFor(FeeIncentives.None, FeePaymentPlan.Upfront, 60));
}

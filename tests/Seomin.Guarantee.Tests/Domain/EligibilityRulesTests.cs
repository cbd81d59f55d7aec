using Seomin.Guarantee.Domain.Screening;
using static Seomin.Guarantee.Tests.Domain.Builders;

namespace Seomin.Guarantee.Tests.Domain;

public class EligibilityRulesTests
{
    private static RuleOutcome Rule(ScreeningResult result, string name) => Assert.Single(result.Rules, r => r.Rule == name);

    [Fact]
    public void Screen_WhenEverythingWithinRules_IsEligibleWithEveryRuleRecorded()
    {
        var result = Screener.Screen(Request());

        Assert.Equal(ScreeningOutcome.Eligible, result.Outcome);
        Assert.All(result.Rules, r => Assert.True(r.Passed, r.Rule));
        Assert.Contains(result.Rules, r => r.Rule == EligibilityRules.IncomeMustFallInBand);
        Assert.Contains(result.Rules, r => r.Rule == EligibilityRules.EmploymentMustMeetMinimum);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void Screen_WhenEmploymentMonthsVary_AppliesMinimumOfThree(int months, bool passes)
    {
        var result = Screener.Screen(Request(applicant: Applicant(employmentMonths: months)));

        Assert.Equal(passes, Rule(result, EligibilityRules.EmploymentMustMeetMinimum).Passed);
        Assert.Equal(passes ? ScreeningOutcome.Eligible : ScreeningOutcome.Ineligible, result.Outcome);
    }

    [Theory]
    [InlineData(35_000_000, 90, true)]
    [InlineData(35_000_001, 90, false)]
    [InlineData(40_000_000, 20, true)]
    [InlineData(40_000_000, 20.5, false)]
    [InlineData(45_000_000, 10, true)]
    [InlineData(45_000_001, 10, false)]
    public void Screen_WhenIncomeAndCreditPercentileCombine_UsesEitherBand(long income, double percentile, bool passes)
    {
        var result = Screener.Screen(Request(applicant: Applicant(income: income, percentile: (decimal)percentile)));

        Assert.Equal(passes, Rule(result, EligibilityRules.IncomeMustFallInBand).Passed);
    }

    [Theory]
    [InlineData(1982, 3, 2, true)]
    [InlineData(1981, 3, 2, false)]
    [InlineData(1981, 3, 3, true)]
    public void Screen_WhenApplicantAgeAtBoundary_CountsCompletedYears(int year, int month, int day, bool passes)
    {
        var applicant = Applicant(birthDate: new DateOnly(year, month, day), businessAgeMonths: 12, creditScore: 900);

        var result = Screener.Screen(Request(product: YouthStartup(), applicant: applicant));

        Assert.Equal(passes, Rule(result, EligibilityRules.AgeMustBeInRange).Passed);
    }

    [Theory]
    [InlineData(60, true)]
    [InlineData(61, false)]
    [InlineData(null, false)]
    public void Screen_WhenBusinessAgeVaries_AppliesProgrammeRange(int? months, bool passes)
    {
        var result = Screener.Screen(Request(product: YouthStartup(), applicant: Applicant(businessAgeMonths: months, creditScore: 900)));

        Assert.Equal(passes, Rule(result, EligibilityRules.BusinessAgeMustBeInRange).Passed);
    }

    [Theory]
    [InlineData(10_000_000, 10_000_000, true)]
    [InlineData(10_000_001, 10_000_000, false)]
    [InlineData(20_000_000, 0, true)]
    public void Screen_WhenCustomerHasExistingExposure_CountsItAgainstPerPersonLimit(long amount, long existing, bool passes)
    {
        var result = Screener.Screen(Request(amount: amount, existing: existing));

        Assert.Equal(passes, Rule(result, EligibilityRules.AmountMustNotExceedPerPersonLimit).Passed);
    }

    [Fact]
    public void Screen_WhenTermNotOffered_IsIneligible()
    {
        var result = Screener.Screen(Request(term: 48));

        Assert.Equal(ScreeningOutcome.Ineligible, result.Outcome);
        Assert.False(Rule(result, EligibilityRules.TermMustBeOffered).Passed);
    }

    [Fact]
    public void Screen_WhenProgrammeBudgetWouldBeExceeded_IsIneligible()
    {
        var result = Screener.Screen(Request(product: YouthStartup(), applicant: Applicant(businessAgeMonths: 6, creditScore: 900), budgetUsed: 9_995_000_000));

        Assert.Equal(ScreeningOutcome.Ineligible, result.Outcome);
        Assert.False(Rule(result, EligibilityRules.ProgrammeBudgetMustCoverAmount).Passed);
    }

    [Fact]
    public void Screen_WhenGuaranteedAmountAbovePreAuditThreshold_IsReferred()
    {
        // 사전감사 tests 보증금액: 111,111,113 × 90% = 100,000,001.7 → 100,000,001 > 1억원.
        var product = WorkerSunshine() with { MaxAmountPerPerson = 500_000_000 };

        var result = Screener.Screen(Request(product: product, amount: 111_111_113));

        Assert.Equal(ScreeningOutcome.Referred, result.Outcome);
        Assert.False(Rule(result, ReferralRules.ReferralPreAudit).Passed);
    }

    [Fact]
    public void Screen_WhenGuaranteedAmountEqualsPreAuditThreshold_IsNotReferred()
    {
        // 111,111,112 × 90% = 100,000,000.8 → 100,000,000, not above 1억원 (a loan above it, the guarantee not).
        var product = WorkerSunshine() with { MaxAmountPerPerson = 500_000_000 };

        var result = Screener.Screen(Request(product: product, amount: 111_111_112));

        Assert.Equal(ScreeningOutcome.Eligible, result.Outcome);
    }

    [Theory]
    [InlineData(700, ScreeningOutcome.Eligible)]
    [InlineData(600, ScreeningOutcome.Referred)]
    public void Screen_WhenFieldSurveyProduct_SkipsSurveyOnlyWhenCreditGradeAllows(int creditScore, ScreeningOutcome expected)
    {
        var result = Screener.Screen(Request(product: YouthStartup(), applicant: Applicant(businessAgeMonths: 6, creditScore: creditScore)));

        Assert.Equal(expected, result.Outcome);
        Assert.Equal(expected == ScreeningOutcome.Eligible, Rule(result, ReferralRules.ReferralFieldSurvey).Passed);
    }

    [Fact]
    public void Screen_WhenApprovalWouldBreakOperatingMultiple_IsReferredForCapacity()
    {
        var result = Screener.Screen(Request(capacity: new CapacityCheck(9_995_000_000, 1_000_000_000, 10m)));

        Assert.Equal(ScreeningOutcome.Referred, result.Outcome);
        Assert.Contains("exceed", Rule(result, ReferralRules.ReferralCapacity).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(942, 1)]
    [InlineData(941, 2)]
    [InlineData(698, 5)]
    [InlineData(630, 6)]
    [InlineData(629, 7)]
    [InlineData(1, 10)]
    public void CreditGrade_WhenScoreGiven_MapsToGrade(int score, int grade)
    {
        Assert.Equal(grade, Applicant(creditScore: score).CreditGrade);
    }
}

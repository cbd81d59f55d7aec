using Seomin.Guarantee.Domain.Fees;
using Seomin.Guarantee.Domain.Products;

namespace Seomin.Guarantee.Tests.Domain;

public class FeeCalculatorTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void PeriodFee_WhenCommonYear_ChargesTheAnnualRate()
    {
        Assert.Equal(90_000, FeeCalculator.PeriodFee(9_000_000, 0.01m, D(2021, 3, 2), D(2022, 3, 2), 0.15m));
    }

    [Fact]
    public void PeriodFee_WhenYearContainsTwentyNinthOfFebruary_Charges366Over365()
    {
        var fee = FeeCalculator.PeriodFee(9_000_000, 0.01m, D(2023, 3, 2), D(2024, 3, 2), 0.15m);

        Assert.Equal(90_246, fee);
    }

    [Fact]
    public void PeriodFee_WhenResultHasFraction_TruncatesBelowOneWon()
    {
        Assert.Equal(4_397, FeeCalculator.PeriodFee(1_234_567, 0.013m, D(2021, 1, 1), D(2021, 4, 11), 0.15m));
    }

    [Fact]
    public void PeriodFee_WhenAtTheCapOverA366DayYear_IsCappedAtFifteenPercentOfTheAmount()
    {
        // 법 55의4 (서민금융보완계정, 15%/yr): 1,000,000 × 15% × 366/365 = 150,410.9 would exceed 1,000,000 × 15% = 150,000.
        var fee = FeeCalculator.PeriodFee(1_000_000, 0.15m, D(2023, 3, 2), D(2024, 3, 2), 0.15m);

        Assert.Equal(150_000, fee);
    }

    [Fact]
    public void PeriodFee_WhenSelfSufficiencyAccountOverA366DayYear_IsCappedAtFivePercent()
    {
        // 법 55의4 (자활지원계정, 5%/yr): 1,000,000 × 5% × 366/365 = 50,136.9 is capped at 50,000.
        var cap = FeeRateCaps.For(FundAccount.SelfSufficiencyAccount, D(2023, 3, 2)).AnnualRate;

        Assert.Equal(0.05m, cap);
        Assert.Equal(50_000, FeeCalculator.PeriodFee(1_000_000, 0.05m, D(2023, 3, 2), D(2024, 3, 2), cap));
    }

    [Fact]
    public void Ceiling_WhenThreeYearsAndAStub_CountsWholeYearsAsOneAndTheStubByItsYear()
    {
        // 1,000,000 × 15% × (3 + 184/365) = 525,616.4 → 525,616: three whole years count 3 though 2023-03-02..2024-03-02 has 366 days;
        // the stub 2026-03-02..2026-09-02 is 184 of its year's 365 days.
        Assert.Equal(525_616, FeeCalculator.Ceiling(1_000_000, 0.15m, D(2023, 3, 2), D(2026, 9, 2)));
    }

    [Fact]
    public void Schedule_WhenUpfront_IsOneInstalmentDueAtStart()
    {
        var schedule = FeeCalculator.Schedule(9_000_000, 0.01m, D(2023, 3, 2), D(2026, 3, 2), FeePaymentPlan.Upfront, 0.15m);

        var only = Assert.Single(schedule);
        Assert.Equal(D(2023, 3, 2), only.DueDate);
        Assert.Equal(FeeCalculator.PeriodFee(9_000_000, 0.01m, D(2023, 3, 2), D(2026, 3, 2), 0.15m), only.Amount);
        Assert.Equal(270_246, only.Amount);
    }

    [Fact]
    public void Schedule_WhenYearlyAcrossLeapYear_ChargesEachYearByItsDays()
    {
        var schedule = FeeCalculator.Schedule(9_000_000, 0.01m, D(2023, 3, 2), D(2026, 3, 2), FeePaymentPlan.YearlyInstalments, 0.15m);

        Assert.Equal([90_246L, 90_000L, 90_000L], schedule.Select(p => p.Amount));
        Assert.Equal([D(2023, 3, 2), D(2024, 3, 2), D(2025, 3, 2)], schedule.Select(p => p.DueDate));
    }

    [Fact]
    public void Schedule_WhenTermNotWholeYears_LastInstalmentCoversTheStub()
    {
        var schedule = FeeCalculator.Schedule(9_000_000, 0.01m, D(2021, 3, 2), D(2023, 9, 2), FeePaymentPlan.YearlyInstalments, 0.15m);

        Assert.Equal(3, schedule.Count);
        Assert.Equal(new FeePeriod(D(2023, 3, 2), D(2023, 9, 2), D(2023, 3, 2), 45_369), schedule[2]);
    }

    [Fact]
    public void Schedule_WhenStartsOnTwentyNinthOfFebruary_AnniversariesFallOnTwentyEighth()
    {
        var schedule = FeeCalculator.Schedule(9_000_000, 0.01m, D(2024, 2, 29), D(2026, 2, 28), FeePaymentPlan.YearlyInstalments, 0.15m);

        Assert.Equal([D(2024, 2, 29), D(2025, 2, 28)], schedule.Select(p => p.Start));
        Assert.Equal([90_000L, 90_000L], schedule.Select(p => p.Amount));
    }

    [Fact]
    public void LateFee_WhenThirtyDaysLate_ChargesTenPercentAYearTruncated()
    {
        Assert.Equal(739, FeeCalculator.LateFee(FeeCalculator.WonDays(90_000, D(2021, 3, 2), D(2021, 4, 1)), 0.10m));
    }

    [Fact]
    public void LateFee_WhenNotLate_IsZero()
    {
        Assert.Equal(0, FeeCalculator.LateFee(FeeCalculator.WonDays(90_000, D(2021, 3, 2), D(2021, 3, 2)), 0.10m));
    }

    [Fact]
    public void LateFeeRules_WhenGrantedBeforeTheAmendment_HaveNoRuleAndFromItTenPercent()
    {
        Assert.Null(LateFeeRules.ForGrantedOn(D(2021, 10, 20)));
        Assert.Equal(0.10m, LateFeeRules.ForGrantedOn(D(2021, 10, 21))!.AnnualRate);
    }

    [Fact]
    public void UnusedPart_WhenEndedMidPeriod_IsProRataByDaysTruncated()
    {
        Assert.Equal(44_630, FeeCalculator.UnusedPart(90_000, D(2021, 3, 2), D(2022, 3, 2), D(2021, 9, 2)));
    }

    [Fact]
    public void UnusedPart_WhenPeriodNotStarted_IsTheWholeFee()
    {
        Assert.Equal(90_000, FeeCalculator.UnusedPart(90_000, D(2022, 3, 2), D(2023, 3, 2), D(2021, 9, 2)));
    }

    [Fact]
    public void UnusedPart_WhenEndedAfterPeriod_IsZero()
    {
        Assert.Equal(0, FeeCalculator.UnusedPart(90_000, D(2021, 3, 2), D(2022, 3, 2), D(2022, 3, 2)));
    }
}

using Seomin.Subrogation.Domain.Grading;
using Seomin.Subrogation.Domain.Reports;

namespace Seomin.Subrogation.Tests.Domain;

public sealed class GradingAndReportTests
{
    private static readonly DateOnly On = new(2026, 12, 1);

    private static GradingFacts Facts(
        int ageDays = 400,
        int? lastRecoveryDaysAgo = null,
        bool plan = false,
        bool assets = false,
        bool stayed = false,
        int limitationDaysLeft = 3000) =>
        new(On.AddDays(-ageDays), lastRecoveryDaysAgo is { } d ? On.AddDays(-d) : null, plan, assets, stayed, On.AddDays(limitationDaysLeft), 1_000_000);

    [Theory]
    [InlineData(400, null, true, false, false, 3000, RecourseGrade.A, "InstalmentPlanKept")]
    [InlineData(400, 30, false, true, false, 3000, RecourseGrade.A, "RecoveredWithin90DaysWithAssets")]
    [InlineData(400, 30, false, false, false, 3000, RecourseGrade.B, "RecoveredWithin180Days")]
    [InlineData(400, 170, false, true, false, 3000, RecourseGrade.B, "RecoveredWithin180Days")]
    [InlineData(400, null, false, false, true, 3000, RecourseGrade.C, "CollectionStayed")]
    [InlineData(400, 200, false, true, false, 3000, RecourseGrade.C, "KnownAssetsNoRecentRecovery")]
    [InlineData(400, null, false, false, false, 3000, RecourseGrade.D, "YoungerThanThreeYears")]
    [InlineData(1200, null, false, false, false, 2000, RecourseGrade.E, "NoRecoveryForAYear")]
    [InlineData(1200, 300, false, false, false, 2000, RecourseGrade.D, "Otherwise")]
    [InlineData(3400, 30, true, true, false, 365, RecourseGrade.F, "LimitationWithinOneYear")]
    public void Each_named_rule_gives_its_grade(int age, int? lastRecovery, bool plan, bool assets, bool stayed, int limitationLeft, RecourseGrade grade, string rule)
    {
        var (actual, applied) = RecourseGrading.Grade(Facts(age, lastRecovery, plan, assets, stayed, limitationLeft), On);
        Assert.Equal(grade, actual);
        Assert.Equal(rule, applied.Name);
    }

    [Fact]
    public void The_grade_changes_when_the_facts_change()
    {
        Assert.Equal(RecourseGrade.D, RecourseGrading.Grade(Facts(), On).Grade);
        Assert.Equal(RecourseGrade.A, RecourseGrading.Grade(Facts(lastRecoveryDaysAgo: 1, assets: true), On).Grade);
    }

    private const long Eok = 100_000_000; // 억원

    private static Tally T(long eok) => new(0, eok * Eok);

    [Fact]
    public void The_2021_accident_plan_rolls_forward_to_the_seed_figure()
    {
        var accidents = new RollForward(PortfolioCategory.Accident, T(80), new Dictionary<Movement, Tally>
        {
            [Movement.New] = T(880), [Movement.Normalised] = T(264), [Movement.Subrogated] = T(616),
        });
        Assert.Equal(80 * Eok, accidents.Closing.Won);
    }

    [Fact]
    public void The_2021_recourse_and_special_claims_plans_roll_forward_to_the_seed_figures()
    {
        var recourse = new RollForward(PortfolioCategory.Recourse, T(2_080), new Dictionary<Movement, Tally>
        {
            [Movement.New] = T(616) + T(10), [Movement.Recovered] = T(186), [Movement.WrittenOff] = T(400),
        });
        Assert.Equal(2_120 * Eok, recourse.Closing.Won);

        var special = new RollForward(PortfolioCategory.Special, T(883), new Dictionary<Movement, Tally>
        {
            [Movement.New] = T(400), [Movement.Recovered] = T(18), [Movement.Extinguished] = T(250),
            [Movement.Sold] = T(20), [Movement.Reduced] = T(5),
        });
        Assert.Equal(990 * Eok, special.Closing.Won);
    }

    [Fact]
    public void Counts_roll_forward_like_amounts()
    {
        var book = new RollForward(PortfolioCategory.Recourse, new Tally(10, 1_000), new Dictionary<Movement, Tally>
        {
            [Movement.New] = new(3, 300), [Movement.Recovered] = new(0, 50), [Movement.Sold] = new(2, 200),
        });
        Assert.Equal(new Tally(11, 1_050), book.Closing);
    }
}

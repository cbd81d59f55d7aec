namespace Seomin.Subrogation.Domain.Grading;

/// <summary>A–F, from most to least recoverable; the grade picks the collection process (seed 003: 등급분류 A~F 연계 회수관리).</summary>
public enum RecourseGrade
{
    A,
    B,
    C,
    D,
    E,
    F,
}

/// <summary>The facts the grade is computed from; recomputed whenever one of them changes.</summary>
public sealed record GradingFacts(
    DateOnly OpenedOn,
    DateOnly? LastRecoveryOn,
    bool InstalmentPlanCurrent,
    bool HasKnownAssets,
    bool CollectionStayed,
    DateOnly LimitationExpiresOn,
    long Balance);

/// <summary>One named grading rule: when <see cref="Applies"/> holds, the claim has <see cref="Grade"/>.</summary>
public sealed record GradingRule(string Name, RecourseGrade Grade, string Description, Func<GradingFacts, DateOnly, bool> Applies);

/// <summary>
/// The grading rules, evaluated in order; the first that applies decides (docs/adr/0016). The seed gives the scale and
/// its purpose; the scoring is this platform's and documented there.
/// </summary>
public static class RecourseGrading
{
    public static IReadOnlyList<GradingRule> Rules { get; } =
    [
        new("LimitationWithinOneYear", RecourseGrade.F,
            "소멸시효 완성 1년 이내: 시효 중단 조치 또는 상각 검토 대상",
            (f, on) => f.LimitationExpiresOn.DayNumber - on.DayNumber <= 365),
        new("InstalmentPlanKept", RecourseGrade.A,
            "분할상환 약정을 정상 이행 중",
            (f, _) => f.InstalmentPlanCurrent),
        new("RecoveredWithin90DaysWithAssets", RecourseGrade.A,
            "최근 90일 내 회수 실적이 있고 재산이 확인됨",
            (f, on) => RecoveredWithin(f, on, 90) && f.HasKnownAssets),
        new("RecoveredWithin180Days", RecourseGrade.B,
            "최근 180일 내 회수 실적",
            (f, on) => RecoveredWithin(f, on, 180)),
        new("CollectionStayed", RecourseGrade.C,
            "개인회생·신용회복 진행 중 (추심 중지, 변제계획에 따른 회수)",
            (f, _) => f.CollectionStayed),
        new("KnownAssetsNoRecentRecovery", RecourseGrade.C,
            "재산이 확인되나 180일 넘게 회수 실적 없음: 법적 조치 대상",
            (f, _) => f.HasKnownAssets),
        new("YoungerThanThreeYears", RecourseGrade.D,
            "재산 미확인, 회수 실적 없음, 발생 3년 미만",
            (f, on) => on.DayNumber - f.OpenedOn.DayNumber < 3 * 365),
        new("NoRecoveryForAYear", RecourseGrade.E,
            "재산 미확인, 1년 넘게 회수 실적 없음, 발생 3년 이상",
            (f, on) => !RecoveredWithin(f, on, 365)),
        new("Otherwise", RecourseGrade.D,
            "그 밖의 채권",
            (_, _) => true),
    ];

    /// <summary>The grade on <paramref name="on"/> and the rule that gave it.</summary>
    public static (RecourseGrade Grade, GradingRule Rule) Grade(GradingFacts facts, DateOnly on)
    {
        var rule = Rules.First(r => r.Applies(facts, on));
        return (rule.Grade, rule);
    }

    private static bool RecoveredWithin(GradingFacts facts, DateOnly on, int days) =>
        facts.LastRecoveryOn is { } last && on.DayNumber - last.DayNumber <= days;
}

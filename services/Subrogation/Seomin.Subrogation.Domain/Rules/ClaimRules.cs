namespace Seomin.Subrogation.Domain.Rules;

/// <summary>What made the guaranteed loan go bad (the accident a claim rests on).</summary>
public enum ClaimTrigger
{
    /// <summary>연체: the borrower stopped paying.</summary>
    Default,

    /// <summary>기한의 이익 상실: the lender called the loan in.</summary>
    Acceleration,

    /// <summary>파산: the borrower was declared bankrupt.</summary>
    Bankruptcy,
}

/// <summary>
/// When a lender may claim subrogation (대위변제 청구), in force for accidents on or after <see cref="EffectiveFrom"/>:
/// <see cref="WaitingMonths"/> after default or acceleration, at once on the triggers in <see cref="Immediate"/>.
/// </summary>
public sealed record ClaimWaitingRule(DateOnly EffectiveFrom, int WaitingMonths, IReadOnlySet<ClaimTrigger> Immediate, string Citation)
{
    /// <summary>The first day a claim for an accident of <paramref name="trigger"/> on <paramref name="occurredOn"/> may be filed.</summary>
    public DateOnly ClaimableFrom(ClaimTrigger trigger, DateOnly occurredOn) =>
        Immediate.Contains(trigger) ? occurredOn : occurredOn.AddMonths(WaitingMonths);
}

/// <summary>The claim waiting periods as dated data.</summary>
public static class ClaimWaitingRules
{
    /// <summary>
    /// 서민금융법 시행령 제45조: the guarantor pays after three months from default or acceleration, at once on
    /// bankruptcy. In force with the Act (2016-09-23); no later amendment is known to the sources here.
    /// </summary>
    public static readonly ClaimWaitingRule Decree45 = new(
        new DateOnly(2016, 9, 23), 3, new HashSet<ClaimTrigger> { ClaimTrigger.Bankruptcy },
        "서민금융법 시행령 제45조: 연체·기한의 이익 상실 후 3개월 경과 시 청구, 파산 시 즉시");

    public static IReadOnlyList<ClaimWaitingRule> All { get; } = [Decree45];

    public static ClaimWaitingRule For(DateOnly accidentOn) =>
        All.Where(r => r.EffectiveFrom <= accidentOn).MaxBy(r => r.EffectiveFrom)
        ?? throw new SubrogationRuleException("ClaimRuleMustBeInForce", $"No claim rule is in force for an accident on {accidentOn:yyyy-MM-dd}.");
}

namespace Seomin.Subrogation.Domain.Relief;

public enum InstalmentPlanStatus
{
    /// <summary>Every instalment due so far is paid.</summary>
    Current,

    /// <summary>The default rule fired: collection resumes; paying the arrears reinstates the plan.</summary>
    Defaulted,

    /// <summary>Every instalment paid.</summary>
    Completed,
}

/// <summary>One instalment of a plan: its due day, amount and what has been paid towards it.</summary>
public sealed record Instalment(int Number, DateOnly DueOn, long Amount, long Paid)
{
    public long Outstanding => Amount - Paid;
}

/// <summary>
/// The missed-payment default rule of an instalment agreement (분할상환 약정), as data: the plan defaults when
/// <see cref="MissedInstalments"/> instalments are unpaid, or one is unpaid <see cref="DaysPastDue"/> days after its due day.
/// </summary>
public sealed record InstalmentDefaultRule(int MissedInstalments, int DaysPastDue, string Source)
{
    /// <summary>The foundation's rule assumed here (ADR 0016): two instalments missed, or one 60 days past due.</summary>
    public static readonly InstalmentDefaultRule Standard = new(2, 60, "분할상환 약정 해지 기준 (2회 미납 또는 60일 연체, 가정, ADR 0016)");
}

/// <summary>
/// An instalment agreement over an agreed total: equal monthly instalments, whole won, the last one taking the
/// remainder, so they sum to the total. Payments go to the earliest instalment first.
/// </summary>
public sealed class InstalmentPlan
{
    private readonly List<Instalment> _instalments;

    private InstalmentPlan(Guid id, long total, List<Instalment> instalments, bool lateChargeWaived, InstalmentDefaultRule rule)
    {
        Id = id;
        Total = total;
        _instalments = instalments;
        LateChargeWaived = lateChargeWaived;
        DefaultRule = rule;
    }

    public Guid Id { get; }

    public long Total { get; }

    /// <summary>The late charge is waived while the plan is kept (서민금융법 제55조).</summary>
    public bool LateChargeWaived { get; }

    public InstalmentDefaultRule DefaultRule { get; }

    public InstalmentPlanStatus Status { get; private set; } = InstalmentPlanStatus.Current;

    public IReadOnlyList<Instalment> Instalments => _instalments;

    public long Outstanding => _instalments.Sum(i => i.Outstanding);

    public static InstalmentPlan Agree(Guid id, long total, int count, DateOnly firstDueOn, bool waiveLateCharge, InstalmentDefaultRule? rule = null)
    {
        if (total <= 0)
        {
            throw new SubrogationRuleException("InstalmentTotalMustBePositive", "An instalment plan needs a positive total.");
        }

        if (count is < 1 or > 120)
        {
            throw new SubrogationRuleException("InstalmentCountMustBeBetween1And120", "An instalment plan has 1 to 120 monthly instalments.");
        }

        var amounts = Won.SplitEvenly(total, count);
        var instalments = amounts.Select((amount, i) => new Instalment(i + 1, firstDueOn.AddMonths(i), amount, 0)).ToList();
        return new InstalmentPlan(id, total, instalments, waiveLateCharge, rule ?? InstalmentDefaultRule.Standard);
    }

    /// <summary>Rebuilds a stored plan exactly as it was (persistence only: no rule is re-run).</summary>
    public static InstalmentPlan Restore(
        Guid id, long total, bool lateChargeWaived, InstalmentDefaultRule rule, InstalmentPlanStatus status, IEnumerable<Instalment> instalments)
    {
        var plan = new InstalmentPlan(id, total, [.. instalments], lateChargeWaived, rule) { Status = status };
        if (plan.Instalments.Sum(i => i.Amount) != total)
        {
            throw new SubrogationRuleException("InstalmentsMustSumToTotal", "A stored plan's instalments do not sum to its total.");
        }

        return plan;
    }

    /// <summary>Applies a payment to the earliest unpaid instalments; returns what was applied (never more than is owed).</summary>
    public long Apply(long amount, DateOnly on)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var left = amount;
        for (var i = 0; i < _instalments.Count && left > 0; i++)
        {
            var instalment = _instalments[i];
            var pay = Math.Min(left, instalment.Outstanding);
            if (pay > 0)
            {
                _instalments[i] = instalment with { Paid = instalment.Paid + pay };
                left -= pay;
            }
        }

        Evaluate(on);
        return amount - left;
    }

    /// <summary>The instalments due on or before <paramref name="on"/> and not fully paid.</summary>
    public IReadOnlyList<Instalment> Arrears(DateOnly on) => [.. _instalments.Where(i => i.DueOn <= on && i.Outstanding > 0)];

    /// <summary>Applies the default rule on <paramref name="on"/>; returns true when this call made the plan default.</summary>
    public bool Evaluate(DateOnly on)
    {
        if (Outstanding == 0)
        {
            Status = InstalmentPlanStatus.Completed;
            return false;
        }

        var arrears = Arrears(on);
        var breached = arrears.Count >= DefaultRule.MissedInstalments
            || arrears.Any(i => on.DayNumber - i.DueOn.DayNumber >= DefaultRule.DaysPastDue);
        if (breached && Status == InstalmentPlanStatus.Current)
        {
            Status = InstalmentPlanStatus.Defaulted;
            return true;
        }

        if (!breached && arrears.Count == 0 && Status == InstalmentPlanStatus.Defaulted)
        {
            // Reinstatement: the arrears are paid.
            Status = InstalmentPlanStatus.Current;
        }

        return false;
    }
}

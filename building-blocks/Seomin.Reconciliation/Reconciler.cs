namespace Seomin.Reconciliation;

public enum ReconciliationStatus
{
    /// <summary>Every rule agrees.</summary>
    Balanced,

    /// <summary>Differences exist, but every one is explained by events not yet delivered or consumed.</summary>
    InFlight,

    /// <summary>At least one difference is real.</summary>
    Different,

    /// <summary>A service could not be measured: the run says nothing about the rules that need it.</summary>
    Incomplete,
}

public enum DifferenceKind
{
    /// <summary>The source booked it; the target has not (a lost or not yet consumed event).</summary>
    MissingInTarget,

    /// <summary>The target has it; the source never booked it (a duplicate or a planted posting).</summary>
    MissingInSource,

    /// <summary>Both have the key with different won.</summary>
    AmountMismatch,
}

public sealed record Difference(DifferenceKind Kind, string Key, long? SourceWon, long? TargetWon, DateTimeOffset At, bool InFlight);

public sealed record RuleResult(
    string Rule,
    string? FundCode,
    long SourceCount,
    long SourceWon,
    long TargetCount,
    long TargetWon,
    ReconciliationStatus Status,
    IReadOnlyList<Difference> Differences);

/// <summary>
/// Compares control totals rule by rule and fund by fund. A rule whose totals agree is balanced without looking at
/// keys; otherwise the keys are compared and each difference is classified: a key the source booked but the target
/// lacks is <em>in flight</em> when the source still has undelivered outbox rows from before it was booked, or when it
/// was booked within the settle window (delivered, but the consumer may not have processed it yet). Everything else is
/// real. Pure: the runner fetches the reports.
/// </summary>
public static class Reconciler
{
    public static IReadOnlyList<RuleResult> Compare(
        ReconciliationRule rule,
        ControlTotalsReport source,
        ControlTotalsReport target,
        TimeSpan settleWindow)
    {
        var sourceMeasures = source.Measures.Where(m => m.Measure == rule.Source.Measure).ToList();
        var targetMeasures = target.Measures.Where(m => m.Measure == rule.Target.Measure).ToList();
        var funds = sourceMeasures.Select(m => m.FundCode).Union(targetMeasures.Select(m => m.FundCode)).OrderBy(f => f, StringComparer.Ordinal);
        var oldestPending = source.Messages.Published.Where(p => p.Pending > 0 && p.OldestPendingAt is not null).Min(p => p.OldestPendingAt);
        var results = new List<RuleResult>();
        foreach (var fund in funds)
        {
            var s = Sum(sourceMeasures, fund);
            var t = Sum(targetMeasures, fund);
            if (s.Count == t.Count && s.Won == t.Won && SameKeys(s.Keys, t.Keys))
            {
                results.Add(new RuleResult(rule.Name, fund, s.Count, s.Won, t.Count, t.Won, ReconciliationStatus.Balanced, []));
                continue;
            }

            var differences = Diff(s.Keys, t.Keys, source.MeasuredAt, settleWindow, oldestPending);
            var status = differences.Count == 0 ? ReconciliationStatus.Balanced
                : differences.All(d => d.InFlight) ? ReconciliationStatus.InFlight
                : ReconciliationStatus.Different;
            if (status == ReconciliationStatus.Balanced && (s.Count != t.Count || s.Won != t.Won))
            {
                // Totals differ but no keys were reported: the difference is real and cannot be located.
                status = ReconciliationStatus.Different;
            }

            results.Add(new RuleResult(rule.Name, fund, s.Count, s.Won, t.Count, t.Won, status, differences));
        }

        return results;
    }

    /// <summary>The worst status: Incomplete &gt; Different &gt; InFlight &gt; Balanced.</summary>
    public static ReconciliationStatus Overall(IEnumerable<ReconciliationStatus> statuses) =>
        statuses.DefaultIfEmpty(ReconciliationStatus.Balanced).Max();

    private static bool SameKeys(IReadOnlyList<ControlKey>? source, IReadOnlyList<ControlKey>? target) =>
        source is null || target is null || Diff(source, target, DateTimeOffset.MinValue, TimeSpan.Zero, null).Count == 0;

    private static List<Difference> Diff(
        IReadOnlyList<ControlKey>? sourceKeys,
        IReadOnlyList<ControlKey>? targetKeys,
        DateTimeOffset measuredAt,
        TimeSpan settleWindow,
        DateTimeOffset? oldestPending)
    {
        var differences = new List<Difference>();
        if (sourceKeys is null || targetKeys is null)
        {
            return differences;
        }

        var target = targetKeys.GroupBy(k => k.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(k => k.Won), StringComparer.Ordinal);
        var targetAt = targetKeys.GroupBy(k => k.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Min(k => k.At), StringComparer.Ordinal);
        var source = sourceKeys.GroupBy(k => k.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (Won: g.Sum(k => k.Won), At: g.Min(k => k.At)), StringComparer.Ordinal);
        foreach (var (key, (won, at)) in source.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!target.TryGetValue(key, out var targetWon))
            {
                var inFlight = measuredAt - at < settleWindow || (oldestPending is { } pending && pending <= at + TimeSpan.FromSeconds(1));
                differences.Add(new Difference(DifferenceKind.MissingInTarget, key, won, null, at, inFlight));
            }
            else if (targetWon != won)
            {
                differences.Add(new Difference(DifferenceKind.AmountMismatch, key, won, targetWon, at, false));
            }
        }

        foreach (var (key, won) in target.Where(p => !source.ContainsKey(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            differences.Add(new Difference(DifferenceKind.MissingInSource, key, null, won, targetAt[key], false));
        }

        return differences;
    }

    private static (long Count, long Won, IReadOnlyList<ControlKey>? Keys) Sum(List<ControlMeasure> measures, string? fund)
    {
        var rows = measures.Where(m => m.FundCode == fund).ToList();
        var keys = rows.Any(m => m.Keys is null) ? null : rows.SelectMany(m => m.Keys!).ToList();
        return (rows.Sum(m => m.Count), rows.Sum(m => m.Won), keys);
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using Seomin.Bench.Platform.Flows;

namespace Seomin.Bench.Platform.Reports;

/// <summary>One difference of a run: the rule, the fund, the business key, its kind and the won on each side.</summary>
internal sealed record ReconciliationDifference(string Rule, string? Fund, string Key, string Kind, long? SourceWon, long? TargetWon, bool InFlight)
{
    /// <summary>What identifies the difference across runs (a key can differ under one rule and fund only once).</summary>
    public string Identity => $"{Rule}/{Fund}/{Key}";
}

/// <summary>A reconciliation run as the fault suite reads it.</summary>
internal sealed record ReconciliationResult(int Status, string Period, string Verdict, IReadOnlyList<ReconciliationDifference> Differences, IReadOnlyList<string> Unreachable, string Body)
{
    public bool Available => Status == 201;

    public IEnumerable<ReconciliationDifference> Real => Differences.Where(d => !d.InFlight);

    public int InFlight => Differences.Count(d => d.InFlight);
}

/// <summary>
/// The reconciliation in Contributions (issue 18 item 1, docs/adr/0022): <c>POST /api/contributions/reconciliation/runs</c>
/// for today's Seoul day as the operator client. A run taken before the fault is the baseline (differences already in
/// today's books are not the fault's); after the fault, runs are repeated until nothing is in flight (events not yet
/// consumed settle) or the settle time is up, and the real differences not in the baseline are the fault's.
/// </summary>
internal static class Reconciliation
{
    public static async Task<ReconciliationResult> RunAsync(Actors actors, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var answer = await actors.Operator.PostAsync("reconciliation.run", "/api/contributions/reconciliation/runs", new { from, to }, ct);
        if (answer.Status != 201 || answer.Json is not { } json)
        {
            return new ReconciliationResult(answer.Status, $"{from:yyyy-MM-dd}–{to:yyyy-MM-dd}", "not available", [], [], answer.Body);
        }

        var differences = json.GetProperty("rules").EnumerateArray().SelectMany(rule => rule.GetProperty("differences").EnumerateArray().Select(d =>
            new ReconciliationDifference(
                rule.GetProperty("rule").GetString()!,
                rule.GetProperty("fundCode").GetString(),
                d.GetProperty("key").GetString()!,
                d.GetProperty("kind").GetString()!,
                d.GetProperty("sourceWon").ValueKind == JsonValueKind.Number ? d.GetProperty("sourceWon").GetInt64() : null,
                d.GetProperty("targetWon").ValueKind == JsonValueKind.Number ? d.GetProperty("targetWon").GetInt64() : null,
                d.GetProperty("inFlight").GetBoolean()))).ToList();
        var unreachable = json.GetProperty("unreachable").EnumerateArray().Select(u => u.GetString()!).ToList();
        return new ReconciliationResult(answer.Status, $"{from:yyyy-MM-dd}–{to:yyyy-MM-dd}", json.GetProperty("status").ToString(), differences, unreachable, answer.Body);
    }

    /// <summary>Runs until nothing is in flight (or <paramref name="settle"/> has passed); the last run.</summary>
    public static Task<ReconciliationResult> SettledAsync(Actors actors, DateOnly day, TimeSpan settle, CancellationToken ct) =>
        SettledAsync(actors, day, day, settle, ct);

    public static async Task<ReconciliationResult> SettledAsync(Actors actors, DateOnly from, DateOnly to, TimeSpan settle, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + settle;
        while (true)
        {
            var run = await RunAsync(actors, from, to, ct);
            if (!run.Available || (run.InFlight == 0 && run.Unreachable.Count == 0) || DateTime.UtcNow > deadline)
            {
                return run;
            }

            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        }
    }

    /// <summary>The fault's real differences: those of <paramref name="after"/> not already in <paramref name="baseline"/>.</summary>
    public static List<ReconciliationDifference> New(ReconciliationResult after, IReadOnlySet<string> baseline) =>
        [.. after.Real.Where(d => !baseline.Contains(d.Identity))];

    public static string Render(ReconciliationResult after, IReadOnlySet<string> baseline, int rows = 40)
    {
        if (!after.Available)
        {
            return $"Reconciliation: not available ({after.Status}: {(after.Body.Length > 300 ? after.Body[..300] : after.Body)})" + Environment.NewLine;
        }

        var inv = CultureInfo.InvariantCulture;
        var fresh = New(after, baseline);
        var text = new StringBuilder();
        text.AppendLine(inv, $"Reconciliation ({after.Period}, as dev-operator): **{fresh.Count} real difference(s) new since the snapshot**; the run says {after.Verdict}, {after.Real.Count()} real in all ({baseline.Count} already before the fault), {after.InFlight} in flight, unreachable: {(after.Unreachable.Count == 0 ? "none" : string.Join(", ", after.Unreachable))}.");
        if (after.Differences.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| rule | fund | kind | differences | source won | target won |");
            text.AppendLine("|---|---|---|---:|---:|---:|");
            foreach (var g in after.Differences.GroupBy(d => (d.Rule, d.Fund, d.Kind)).OrderBy(g => g.Key.Rule, StringComparer.Ordinal))
            {
                text.AppendLine(inv, $"| {g.Key.Rule} | {g.Key.Fund} | {g.Key.Kind} | {g.Count():N0} | {g.Sum(d => d.SourceWon ?? 0):N0} | {g.Sum(d => d.TargetWon ?? 0):N0} |");
            }

            text.AppendLine();
            text.AppendLine("| rule | fund | key | kind | source won | target won | in flight | before the fault? |");
            text.AppendLine("|---|---|---|---|---:|---:|---|---|");
            foreach (var d in after.Differences.Take(rows))
            {
                text.AppendLine(inv, $"| {d.Rule} | {d.Fund} | {d.Key} | {d.Kind} | {d.SourceWon:N0} | {d.TargetWon:N0} | {(d.InFlight ? "yes" : "no")} | {(baseline.Contains(d.Identity) ? "yes" : "no")} |");
            }

            if (after.Differences.Count > rows)
            {
                text.AppendLine(inv, $"| … {after.Differences.Count - rows} more | | | | | | | |");
            }
        }

        return text.ToString();
    }
}

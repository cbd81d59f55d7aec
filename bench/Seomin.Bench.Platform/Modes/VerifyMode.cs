using System.Globalization;
using System.Text;
using System.Text.Json;
using Seomin.Bench.Platform.Flows;
using Seomin.Bench.Platform.Http;
using Seomin.Bench.Platform.Reports;

namespace Seomin.Bench.Platform.Modes;

/// <summary>
/// For the fault suite: <c>snapshot --out f.json</c> keeps every report's figures; <c>verify</c> takes the accepted
/// log of a <c>steady</c> run and its status file and checks every accepted effect exactly once — each guarantee
/// found by GET with exactly one fee payment in its ledger when its payment was accepted, each subrogation claim
/// paid, each dormant claim paid — and the reports' change since the snapshot against the driver's totals.
/// </summary>
internal static class VerifyMode
{
    public static async Task<int> SnapshotAsync(Options o, string output)
    {
        using var platform = new PlatformClient(o.Gateway, 4) { Retries = 40 };
        var actors = new Actors(platform);
        var today = ReplayMode.SeoulToday();
        var snapshot = await Snapshot.TakeAsync(actors, today.Year, today.ToString("yyyy-MM", CultureInfo.InvariantCulture), CancellationToken.None);
        await File.WriteAllTextAsync(output, JsonSerializer.Serialize(snapshot.Values));
        // The baseline: real differences already in today's books before the fault are not the fault's.
        var baseline = await Reconciliation.SettledAsync(actors, today, TimeSpan.FromSeconds(30), CancellationToken.None);
        await File.WriteAllTextAsync(BaselineFile(output), JsonSerializer.Serialize(baseline.Real.Select(d => d.Identity).ToList()));
        Console.WriteLine($"snapshot: {snapshot.Values.Count} figures; reconciliation baseline {baseline.Status}: {baseline.Real.Count()} real, {baseline.InFlight} in flight");
        return 0;
    }

    public static async Task<int> VerifyAsync(Options o, string before, string statusFile)
    {
        var ct = CancellationToken.None;
        using var platform = new PlatformClient(o.Gateway, o.Concurrency * 2) { Retries = 40 };
        var actors = new Actors(platform);
        var lines = File.Exists(o.AcceptedFile) ? (await File.ReadAllLinesAsync(o.AcceptedFile!, ct)).Select(l => l.Split('\t')).Where(p => p.Length >= 2).ToList() : [];
        var status = JsonDocument.Parse(await File.ReadAllTextAsync(statusFile, ct)).RootElement;
        var totals = new Totals();
        foreach (var t in status.GetProperty("totals").EnumerateObject())
        {
            totals.Add(t.Name, t.Value.GetInt64());
        }

        var results = new System.Collections.Concurrent.ConcurrentDictionary<string, (long Accepted, long Found, long Lost, long Duplicated)>(StringComparer.Ordinal);
        void Count(string kind, int found)
        {
            results.AddOrUpdate(kind, _ => (1, found >= 1 ? 1 : 0, found == 0 ? 1 : 0, found > 1 ? found - 1 : 0),
                (_, r) => (r.Accepted + 1, r.Found + (found >= 1 ? 1 : 0), r.Lost + (found == 0 ? 1 : 0), r.Duplicated + (found > 1 ? found - 1 : 0)));
        }

        // Guarantee's own fee ledgers of the run's guarantees, net per fund (payments − every refund, including the
        // unused fee refunded when subrogation closes a guarantee): what the fund ledger must have booked in fees.
        var feeNet = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var unusedFeeRefunds = new System.Collections.Concurrent.ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(lines, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency }, async (line, c) =>
        {
            var (kind, id) = (line[0], line[1]);
            switch (kind)
            {
                case "guarantee":
                    var g = await actors.Guarantee.GetAsync("verify.guarantee", $"/api/guarantees/{id}", c);
                    Count("guarantee (GET)", g.Ok ? 1 : 0);
                    break;
                case "fee-payment":
                    var f = await actors.Guarantee.GetAsync("verify.fees", $"/api/guarantees/{id}/fees", c);
                    var ledger = f.Ok ? f.Json!.Value.GetProperty("ledger").EnumerateArray().ToList() : [];
                    var payments = ledger.Count(e => e.GetProperty("kind").GetString() == "payment");
                    Count("fee payment (ledger entries)", payments);
                    var fund = line.Length >= 4 && line[3].Length > 0 ? line[3] : "KINFA-SUPPLEMENTARY";
                    feeNet.AddOrUpdate(fund, ledger.Sum(e => e.GetProperty("amount").GetInt64()), (_, v) => v + ledger.Sum(e => e.GetProperty("amount").GetInt64()));
                    var unused = ledger.Where(e => e.GetProperty("kind").GetString() == "unusedFeeRefund").Sum(e => -e.GetProperty("amount").GetInt64());
                    unusedFeeRefunds.AddOrUpdate(fund, unused, (_, v) => v + unused);
                    break;
                case "subrogation-payment":
                    var s = await actors.Recourse.GetAsync("verify.claim", $"/api/subrogation/claims/{id}", c);
                    Count("subrogation payment (claim paid)", s.Ok && s.Str("status") == "paid" ? 1 : 0);
                    break;
                case "dormant-claim":
                    var d = await actors.Dormant.GetAsync("verify.dormant-claim", $"/api/dormant-assets/claims/{id}", c);
                    Count("dormant claim (paid)", d.Ok && d.Str("status") == "paid" ? 1 : 0);
                    break;
                default:
                    break;
            }
        });

        var beforeSnapshot = new Snapshot();
        foreach (var (k, v) in JsonSerializer.Deserialize<Dictionary<string, long>>(await File.ReadAllTextAsync(before, ct))!)
        {
            beforeSnapshot.Values[k] = v;
        }

        var today = ReplayMode.SeoulToday();
        List<Check> checks = [];
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(o.SettleSeconds);
        do
        {
            var after = await Snapshot.TakeAsync(actors, today.Year, today.ToString("yyyy-MM", CultureInfo.InvariantCulture), ct);
            checks = [.. Comparison.Checks(totals, beforeSnapshot, after).Where(c => !c.Report.StartsWith("contributions collection", StringComparison.Ordinal))];
            // The fund rows: the driver alone cannot know the unused fee Guarantee refunds when subrogation closes a
            // guarantee issued today (CloseBySubrogation: the future periods), so the fees expected are Guarantee's own
            // fee ledgers of the run's guarantees (net of every refund); unapplied cash is held apart from the balance.
            foreach (var fund in (string[])["INCHEON-BASE", "KINFA-SUPPLEMENTARY"])
            {
                var index = checks.FindIndex(c => c.Report == $"fund ledger {fund}");
                var expected = totals[$"fund.{fund}.contributions.won"] + feeNet.GetValueOrDefault(fund)
                    - totals[$"fund.{fund}.subrogation.won"] + totals[$"fund.{fund}.recoveries.won"];
                checks[index] = checks[index] with
                {
                    Figure = "balance change: contributions + Guarantee's fee ledgers (payments − refunds) − subrogation + recoveries (won; unapplied cash held apart)",
                    Expected = expected,
                };
                checks.Insert(index + 1, new Check($"fund ledger {fund}", "of which: unused fee refunded when subrogation closed a guarantee (won, not in the driver's own totals)",
                    unusedFeeRefunds.GetValueOrDefault(fund), unusedFeeRefunds.GetValueOrDefault(fund), Compared: false));
            }
            if (checks.All(c => c.Matches))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        }
        while (DateTime.UtcNow < deadline);

        var baseline = File.Exists(BaselineFile(before))
            ? JsonSerializer.Deserialize<List<string>>(await File.ReadAllTextAsync(BaselineFile(before), ct))!.ToHashSet(StringComparer.Ordinal)
            : new HashSet<string>(StringComparer.Ordinal);
        var reconciliation = await Reconciliation.SettledAsync(actors, today, TimeSpan.FromSeconds(Math.Min(120, o.SettleSeconds)), ct);
        var newDifferences = Reconciliation.New(reconciliation, baseline);
        var postings = await FundPostings.SinceAsync(actors, beforeSnapshot, ["INCHEON-BASE", "KINFA-SUPPLEMENTARY", "KINFA-SELF-SUFFICIENCY"], ct);
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine("| effect | accepted | found once | lost | duplicated |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (kind, r) in results.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            text.AppendLine(inv, $"| {kind} | {r.Accepted:N0} | {r.Found - (r.Duplicated > 0 ? 0 : 0):N0} | {r.Lost:N0} | {r.Duplicated:N0} |");
        }

        text.AppendLine();
        text.Append(Comparison.Render(checks));
        text.AppendLine();
        text.AppendLine(inv, $"Driver: sent {status.GetProperty("sent").GetInt64():N0}, accepted {status.GetProperty("accepted").GetInt64():N0}, 429 {status.GetProperty("throttled").GetInt64():N0}, 503/504 {status.GetProperty("unavailable").GetInt64():N0}, client errors {status.GetProperty("clientErrors").GetInt64():N0}, no response {status.GetProperty("noResponse").GetInt64():N0}");
        text.AppendLine();
        text.AppendLine("Fund ledger postings since the snapshot (the fund's own entries, effect on its balance):");
        text.AppendLine();
        text.AppendLine("| fund | source type | postings | balance effect (won) |");
        text.AppendLine("|---|---|---:|---:|");
        foreach (var ((fund, type), (n, effect)) in postings.OrderBy(p => p.Key.Fund, StringComparer.Ordinal).ThenBy(p => p.Key.SourceType, StringComparer.Ordinal))
        {
            text.AppendLine(inv, $"| {fund} | {type} | {n:N0} | {effect:N0} |");
        }

        text.AppendLine();
        text.Append(Reconciliation.Render(reconciliation, baseline));
        // One line for the suite's summary table (bench/fault-suite.sh reads it).
        text.AppendLine();
        text.AppendLine(inv, $"reconciliation-real-differences: {(reconciliation.Available ? newDifferences.Count.ToString(inv) : "n/a")}");
        Console.WriteLine(text);
        if (o.Report is not null)
        {
            await File.WriteAllTextAsync(o.Report, text.ToString(), ct);
        }

        var lost = results.Values.Sum(r => r.Lost);
        var duplicated = results.Values.Sum(r => r.Duplicated);
        return lost == 0 && duplicated == 0 && checks.All(c => c.Matches) && status.GetProperty("clientErrors").GetInt64() == 0
            && reconciliation.Available && newDifferences.Count == 0 ? 0 : 4;
    }

    private static string BaselineFile(string snapshot) => snapshot + ".reconciliation.json";
}

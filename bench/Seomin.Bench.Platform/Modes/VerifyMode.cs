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

        var fees = lines.Where(l => l[0] == "fee-payment").Select(l => l[1]).ToHashSet(StringComparer.Ordinal);
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
                    var payments = f.Ok ? f.Json!.Value.GetProperty("ledger").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "payment") : 0;
                    Count("fee payment (ledger entries)", payments);
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
            // Unapplied cash is held apart from the fund's balance (a liability until applied), so it is not expected in it.
            // Not modelled: the fee refunded when a guarantee issued today is closed by subrogation (its future periods).
            var fundIndex = checks.FindIndex(c => c.Report.Contains("KINFA-SUPPLEMENTARY", StringComparison.Ordinal));
            checks[fundIndex] = checks[fundIndex] with
            {
                Figure = "balance change: fees − refunds − subrogation + recoveries (won; unapplied cash held apart, refunds on subrogation close not modelled)",
            };
            if (checks.All(c => c.Matches))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        }
        while (DateTime.UtcNow < deadline);

        var reconciliation = await Reconciliation.TryRunAsync(actors, today.Year, ct);
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
        text.AppendLine("Reconciliation: " + reconciliation);
        Console.WriteLine(text);
        if (o.Report is not null)
        {
            await File.WriteAllTextAsync(o.Report, text.ToString(), ct);
        }

        var lost = results.Values.Sum(r => r.Lost);
        var duplicated = results.Values.Sum(r => r.Duplicated);
        return lost == 0 && duplicated == 0 && checks.All(c => c.Matches) && status.GetProperty("clientErrors").GetInt64() == 0 ? 0 : 4;
    }
}

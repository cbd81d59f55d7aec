using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Seomin.Bench.Platform.Flows;
using Seomin.Bench.Platform.Http;
using Seomin.Bench.Platform.Sampling;
using Seomin.Testing;

namespace Seomin.Bench.Platform.Modes;

/// <summary>
/// Steady mixed load for a number of minutes: <c>--rate</c> units per second, each a guarantee taken to a paid fee
/// (dated today), every 10th with an accident and the whole subrogation chain (claim, review, approval by S1002,
/// payment, a recovery), every 10th (offset 5) with an accident and its cure, every 4th also a dormant claim from a
/// pool transferred at the start, every 5th also a contribution payment. A unit is skipped (and counted) when
/// <c>--concurrency</c> units are already in flight, so the rate is an upper bound the machine may not reach.
/// <c>soak</c> adds the 10-second samples of RSS, queue depths and outbox backlogs, and the verdict per series.
/// </summary>
internal static class LoadMode
{
    public static async Task<int> RunAsync(Options o, bool soak)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        // SIGTERM from the fault suite: stop starting units (the source may already be disposed at exit).
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                cts.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        };
        var ct = cts.Token;
        var runId = $"{(soak ? "soak" : "steady")}-{DateTime.UtcNow:yyyyMMddHHmmss}";
        using var platform = new PlatformClient(o.Gateway, o.Concurrency * 2) { Retries = soak ? 6 : 40 };
        var actors = new Actors(platform);
        using var accepted = new AcceptedLog(o.AcceptedFile);
        var totals = new Totals();
        var random = new Random(o.Seed);
        var taken = new HashSet<string>(StringComparer.Ordinal);
        await actors.WarmUpAsync(ct);
        var institutions = await ContributionsFlow.InstitutionsAsync(actors, ct);
        var poolSize = (int)Math.Clamp(o.Rate * o.Minutes * 60 / 4 + 10, 10, 5_000);
        var pool = DormantFlow.Owners(poolSize, random, taken);
        foreach (var (chunk, i) in pool.Chunk(250).Select((c, i) => (c, i)))
        {
            await DormantFlow.TransferAsync(actors, $"{runId}-{i}", chunk, totals, ct);
        }

        Console.WriteLine($"[{runId}] {o.Rate}/s for {o.Minutes} min, concurrency {o.Concurrency}; {pool.Count} dormant assets transferred for claims");
        var today = ReplayMode.SeoulToday();
        var inFlight = new SemaphoreSlim(o.Concurrency, o.Concurrency);
        var running = new List<Task>();
        var skipped = 0L;
        var wall = Stopwatch.StartNew();
        var end = TimeSpan.FromMinutes(o.Minutes);
        var samples = new List<Sample>();
        var sampler = new ProcessSampler(o.Root, o.DataDir);
        using var broker = new BrokerSampler(o.DataDir);
        var cpu = new CpuMeter(sampler);
        var sampling = soak ? Task.Run(() => SampleAsync(sampler, broker, samples, wall, end, ct), ct) : Task.CompletedTask;
        var status = Task.Run(() => StatusAsync(o.StatusFile, platform.Tally, totals, wall, end, ct), ct);
        var unit = 0;
        var owner = 0;
        var period = TimeSpan.FromSeconds(1 / o.Rate);
        var next = TimeSpan.Zero;
        while (wall.Elapsed < end && !ct.IsCancellationRequested)
        {
            var wait = next - wall.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            next += period;
            if (!inFlight.Wait(0, CancellationToken.None))
            {
                Interlocked.Increment(ref skipped);
                continue;
            }

            var n = unit++;
            string rrn;
            lock (taken)
            {
                do
                {
                    rrn = SyntheticRrn.Adult(random: random);
                }
                while (!taken.Add(rrn));
            }

            DormantFlow.Owner? claimant = n % 4 == 0 && owner < pool.Count ? pool[owner++] : null;
            running.Add(Task.Run(async () =>
            {
                try
                {
                    await UnitAsync(actors, n, rrn, today, claimant, institutions, runId, totals, accepted, ct);
                }
                catch (OperationCanceledException)
                {
                }
                catch (Exception e)
                {
                    totals.Add("unit.failed");
                    Console.Error.WriteLine($"unit {n}: {e.GetType().Name}: {e.Message}");
                }
                finally
                {
                    inFlight.Release();
                }
            }, CancellationToken.None));
            running.RemoveAll(t => t.IsCompleted);
        }

        await Task.WhenAll(running);
        var took = wall.Elapsed;
        var used = cpu.Stop();
        await sampling;
        await cts.CancelAsync();
        await status.ContinueWith(_ => { }, TaskScheduler.Default);
        await WriteStatusAsync(o.StatusFile, platform.Tally, totals, took, done: true);
        var report = Render(o, runId, platform.Tally, totals, took, skipped, unit, samples, soak, used);
        Console.WriteLine(report);
        if (o.Report is not null)
        {
            await File.WriteAllTextAsync(o.Report, report, CancellationToken.None);
        }

        return platform.Tally.ClientErrors == 0 ? 0 : 3;
    }

    private static async Task UnitAsync(Actors actors, int n, string rrn, DateOnly today, DormantFlow.Owner? claimant, IReadOnlyList<string> institutions,
        string runId, Totals totals, AcceptedLog accepted, CancellationToken ct)
    {
        var plan = new GuaranteePlan(n, rrn, 3_000_000 + (n % 8) * 1_000_000, 60, today)
        {
            AccidentOn = n % 10 is 0 or 5 ? today : null,
            CureOn = n % 10 == 5 ? today : null,
            ClaimPaidOn = n % 10 == 0 ? today : null,
            RecoveredOn = n % 20 == 0 ? today : null,
        };
        var work = new List<Task>();
        if (claimant is not null)
        {
            work.Add(DormantFlow.ClaimAsync(actors, claimant, runId, n, totals, accepted, ct));
        }

        if (n % 5 == 0 && institutions.Count > 0)
        {
            work.Add(ContributionsFlow.PayUnappliedAsync(actors, institutions[n % institutions.Count], 100_000 + n, $"{runId}-p{n}", totals, accepted, ct));
        }

        var live = await GuaranteeFlow.RunAsync(actors, plan, runId, totals, accepted, ct);
        if (live is not null && plan.ClaimPaidOn is not null)
        {
            await SubrogationFlow.RunAsync(actors, live, TimeSpan.FromSeconds(300), totals, accepted, ct);
        }

        await Task.WhenAll(work);
        totals.Add("unit.done");
    }

    private sealed record Sample(TimeSpan At, Dictionary<string, double> Rss, Dictionary<string, long>? Queues, Dictionary<string, long> Outbox, string Load);

    private static async Task SampleAsync(ProcessSampler sampler, BrokerSampler broker, List<Sample> samples, Stopwatch wall, TimeSpan end, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10));
        do
        {
            var rss = sampler.Sample(sampler.Find());
            var queues = await broker.QueuesAsync(ct);
            var outbox = await broker.OutboxBacklogAsync(ct);
            lock (samples)
            {
                samples.Add(new Sample(wall.Elapsed, rss, queues, outbox, ReplayMode.Uptime()));
            }
        }
        while (wall.Elapsed < end && await timer.WaitForNextTickAsync(ct).AsTask().ContinueWith(t => t.IsCompletedSuccessfully && t.Result, TaskScheduler.Default));
    }

    private static async Task StatusAsync(string? path, Tally tally, Totals totals, Stopwatch wall, TimeSpan end, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested && wall.Elapsed < end)
        {
            await WriteStatusAsync(path, tally, totals, wall.Elapsed, done: false);
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task WriteStatusAsync(string? path, Tally tally, Totals totals, TimeSpan at, bool done)
    {
        if (path is null)
        {
            return;
        }

        var status = new Dictionary<string, object>
        {
            ["at"] = at.TotalSeconds,
            ["done"] = done,
            ["sent"] = tally.Sent,
            ["accepted"] = tally.Accepted,
            ["throttled"] = tally.Throttled,
            ["unavailable"] = tally.Unavailable,
            ["clientErrors"] = tally.ClientErrors,
            ["noResponse"] = tally.TransportFailures,
            ["totals"] = totals.All.ToDictionary(t => t.Key, t => t.Value),
            ["tally"] = tally.Render(),
        };
        await File.WriteAllTextAsync(path + ".tmp", JsonSerializer.Serialize(status, new JsonSerializerOptions { WriteIndented = true }));
        File.Move(path + ".tmp", path, overwrite: true);
    }

    private static string Render(Options o, string runId, Tally tally, Totals totals, TimeSpan took, long skipped, int units, List<Sample> samples, bool soak, CpuUse cpu)
    {
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine(inv, $"## {(soak ? "Soak" : "Steady load")} {runId}: {o.Rate}/s for {o.Minutes} min (concurrency {o.Concurrency})");
        text.AppendLine();
        text.AppendLine(inv, $"- {took:mm\\:ss} wall, {units:N0} units started, {skipped:N0} skipped (concurrency full), {totals["unit.done"]:N0} finished; {tally.Sent:N0} requests ({tally.Sent / Math.Max(1, took.TotalSeconds):N1} req/s), {totals["guarantee.loans-executed"]:N0} guarantees to paid fee ({totals["guarantee.loans-executed"] / Math.Max(1, took.TotalSeconds):N2}/s)");
        text.AppendLine(inv, $"- subrogation paid {totals["subrogation.paid"]:N0}, recoveries {totals["subrogation.recoveries"]:N0}, cures {totals["guarantee.cures"]:N0}, contribution payments (unapplied cash) {totals["contributions.unapplied-payments"]:N0}, dormant claims paid {totals["dormant.claims.paid"]:N0}");
        if (soak && samples.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("Series sampled every 10 s. Verdict from the last third's trend (least-squares slope × its length): \"levels off\" when that change is "
                + "within 5% of the series' peak (or 5 MB / 20 messages), \"**grows**\" when it rises by more, \"falls\" when it drops by more:");
            text.AppendLine();
            text.AppendLine("| series | first | peak | last | slope first third (/min) | slope last third (/min) | verdict |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---|");
            var series = new List<(string Name, List<(double T, double V)> Points, double Floor)>();
            foreach (var name in ProcessSampler.Services)
            {
                series.Add(($"RSS {name} (MB)", samples.Where(s => s.Rss.ContainsKey(name)).Select(s => (s.At.TotalMinutes, s.Rss[name])).ToList(), 5));
            }

            series.Add(("queued messages, all queues", samples.Where(s => s.Queues is not null).Select(s => (s.At.TotalMinutes, (double)s.Queues!.Values.Sum())).ToList(), 20));
            foreach (var db in BrokerSampler.Databases)
            {
                series.Add(($"outbox backlog {db}", samples.Where(s => s.Outbox.GetValueOrDefault(db, -1) >= 0).Select(s => (s.At.TotalMinutes, (double)s.Outbox[db])).ToList(), 20));
            }

            foreach (var (name, points, floor) in series.Where(s => s.Points.Count >= 3))
            {
                var third = Math.Max(2, points.Count / 3);
                var first = Slope(points.Take(third).ToList());
                var lastPoints = points.Skip(points.Count - third).ToList();
                var last = Slope(lastPoints);
                var change = last * (lastPoints[^1].T - lastPoints[0].T);
                var peak = points.Max(p => p.V);
                var threshold = Math.Max(floor, 0.05 * peak);
                var verdict = Math.Abs(change) <= threshold ? "levels off" : change > 0 ? "**grows**" : "falls";
                text.AppendLine(inv, $"| {name} | {points[0].V:N0} | {peak:N0} | {points[^1].V:N0} | {first:N1} | {last:N1} | {verdict} |");
            }

            text.AppendLine();
            text.AppendLine(inv, $"Load average (1/5/15) at the first sample {samples[0].Load}, at the last {samples[^1].Load}.");
            text.AppendLine();
            text.AppendLine("<details><summary>every sample</summary>");
            text.AppendLine();
            text.AppendLine("```");
            foreach (var s in samples)
            {
                var rss = string.Join(" ", s.Rss.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => string.Create(inv, $"{r.Key}={r.Value:N0}")));
                var queued = s.Queues is null ? "n/a" : s.Queues.Values.Sum().ToString(inv);
                var outbox = string.Join(" ", s.Outbox.Select(b => $"{b.Key}={b.Value}"));
                text.AppendLine(inv, $"{s.At:mm\\:ss} load {s.Load} | {rss} | queued {queued} | outbox {outbox}");
            }

            text.AppendLine("```");
            text.AppendLine("</details>");
        }

        text.AppendLine();
        text.Append(cpu.Render());
        text.AppendLine();
        text.AppendLine(tally.Render());
        return text.ToString();
    }

    /// <summary>Least-squares slope (value per minute).</summary>
    private static double Slope(List<(double T, double V)> points)
    {
        var mt = points.Average(p => p.T);
        var mv = points.Average(p => p.V);
        var den = points.Sum(p => (p.T - mt) * (p.T - mt));
        return den == 0 ? 0 : points.Sum(p => (p.T - mt) * (p.V - mv)) / den;
    }
}

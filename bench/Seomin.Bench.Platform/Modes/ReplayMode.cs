using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Seomin.Bench.Platform.Flows;
using Seomin.Bench.Platform.Http;
using Seomin.Bench.Platform.Reports;
using Seomin.Bench.Platform.Sampling;
using Seomin.BusinessTime;
using Seomin.Testing;

namespace Seomin.Bench.Platform.Modes;

/// <summary>
/// A year of Incheon-2020-like volumes (seed 003 / docs/reference-figures.md: 62,774 guarantees, 3,618 accidents,
/// 1,231 normalised, 2,609 recourse claims opened, 652 recoveries) times <c>--scale</c>, with business dates spread
/// over the year's business days, then every report read and compared with the generator's own totals.
/// </summary>
internal static class ReplayMode
{
    public const int Guarantees2020 = 62_774;
    public const int Accidents2020 = 3_618;
    public const int Normalised2020 = 1_231;
    public const int RecourseOpened2020 = 2_609;
    public const int Recoveries2020 = 652;

    /// <summary>Dormant assets are national (not Incheon's): a share for the replay, 20% of them claimed.</summary>
    public const int DormantAssets = 5_000;

    public static async Task<int> RunAsync(Options o)
    {
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        // SIGTERM as Ctrl-C: stop sending, and let the finally below put the quotas back before the process ends.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; cts.Cancel(); });
        var ct = cts.Token;
        using var platform = new PlatformClient(o.Gateway, o.Concurrency * 2);
        // Every guarantee step is one client: raise the clients' quotas before any actor fetches its token (the
        // gateway reads the limits from the token), and put them back however the run ends.
        var quotas = o.RaiseQuotas != false
            ? await QuotaLift.RaiseAsync(platform, o.DataDir, Actors.ClientIds, o.QuotaPerSecond, o.QuotaPerDay, ct)
            : null;
        try
        {
            return await RunAsync(o, platform, quotas, ct);
        }
        finally
        {
            if (quotas is not null)
            {
                await quotas.RestoreAsync();
            }
        }
    }

    private static async Task<int> RunAsync(Options o, PlatformClient platform, QuotaLift? quotas, CancellationToken ct)
    {
        var runId = $"replay-{DateTime.UtcNow:yyyyMMddHHmmss}";
        var actors = new Actors(platform);
        using var accepted = new AcceptedLog(o.AcceptedFile);
        var totals = new Totals();
        var plan = Plan(o.Year, o.Scale, o.Seed);
        var random = new Random(o.Seed + 1);
        var taken = plan.Guarantees.Select(g => g.Rrn).ToHashSet(StringComparer.Ordinal);
        var owners = DormantFlow.Owners((int)Math.Round(DormantAssets * o.Scale), random, taken);
        Console.WriteLine($"[{runId}] year {o.Year} × {o.Scale}: {plan.Guarantees.Count:N0} guarantees, {plan.Accidents:N0} accidents, {plan.Cures:N0} cured, "
            + $"{plan.Claims:N0} subrogation claims, {plan.Recoveries:N0} recoveries, {owners.Count:N0} dormant assets; concurrency {o.Concurrency}");
        if (plan.ClaimsShortfall > 0)
        {
            Console.WriteLine($"  note: {plan.ClaimsShortfall:N0} of the year's recourse claims came from accidents of earlier years; a replay from an empty book has only this year's uncured accidents ({plan.Accidents - plan.Cures:N0}).");
        }

        await actors.WarmUpAsync(ct);
        var sampler = new ProcessSampler(o.Root, o.DataDir);
        var disclosureMonth = SeoulToday().ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var before = await Snapshot.TakeAsync(actors, o.Year, disclosureMonth, ct);
        var load = Uptime();
        var watch = new MemoryWatch(sampler, TimeSpan.FromSeconds(1));
        var cpu = new CpuMeter(sampler);
        var wall = Stopwatch.StartNew();
        var phases = new List<(string Phase, TimeSpan Took, long Requests)>();

        async Task Phase(string name, Func<Task> body)
        {
            var started = wall.Elapsed;
            var sent = platform.Tally.Sent;
            Console.WriteLine($"  {name} …");
            await body();
            phases.Add((name, wall.Elapsed - started, platform.Tally.Sent - sent));
            Console.WriteLine($"  {name}: {wall.Elapsed - started:mm\\:ss} ({platform.Tally.Sent - sent:N0} requests, total accepted {platform.Tally.Accepted:N0}, client errors {platform.Tally.ClientErrors:N0})");
        }

        var live = new System.Collections.Concurrent.ConcurrentBag<LiveGuarantee>();
        await Phase("guarantees (submit, agree, issue, loan, fee; repayments, accidents, cures)", () =>
            Parallel.ForEachAsync(plan.Guarantees, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = ct }, async (g, c) =>
            {
                var result = await GuaranteeFlow.RunAsync(actors, g, runId, totals, accepted, c);
                if (result is not null)
                {
                    live.Add(result);
                }
            }));

        // Contributions filings are refused before the contribution rules took effect (2021-10-21), so a 2020 replay
        // enters the year's contributions to the Incheon foundation's fund instead (dated in the year).
        await Phase("contributions (2020 contributions to INCHEON-BASE, dated in the year)", () =>
            ContributionsFlow.FundContributionsAsync(actors, o.Year, runId, totals, accepted, ct));

        var claims = live.Where(g => g.Plan.ClaimPaidOn is not null).ToList();
        await Phase($"subrogation ({claims.Count:N0} claims: file, review, approve, pay; recoveries)", () =>
            Parallel.ForEachAsync(claims, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = ct },
                async (g, c) => await SubrogationFlow.RunAsync(actors, g, TimeSpan.FromSeconds(180), totals, accepted, c)));

        await Phase($"dormant assets ({owners.Count:N0} transferred, {owners.Count / 5:N0} claimed)", async () =>
        {
            foreach (var (chunk, i) in owners.Chunk(250).Select((chunk, i) => (chunk, i)))
            {
                await DormantFlow.TransferAsync(actors, $"{runId}-{i}", chunk, totals, ct);
            }

            await Parallel.ForEachAsync(owners.Where((_, i) => i % 5 == 0).Select((owner, i) => (owner, i)),
                new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency, CancellationToken = ct },
                async (x, c) => await DormantFlow.ClaimAsync(actors, x.owner, runId, x.i, totals, accepted, c));
        });

        var sendingTook = wall.Elapsed;
        var sendingCpu = cpu.Stop();
        var sent = platform.Tally.Sent;
        // Events still in flight (fees to the fund ledger, accidents and cures to Subrogation, SubrogationPaid to
        // Guarantee): poll the reports until they agree or the settle time runs out.
        Snapshot after;
        List<Check> checks;
        var settle = Stopwatch.StartNew();
        while (true)
        {
            after = await Snapshot.TakeAsync(actors, o.Year, disclosureMonth, ct);
            checks = Comparison.Checks(totals, before, after);
            if (checks.All(c => c.Matches) || settle.Elapsed > TimeSpan.FromSeconds(o.SettleSeconds))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(5), ct);
        }

        var settled = settle.Elapsed;
        // The year's business period, and today's Seoul day: the services book some of the year's movements on the day
        // their events were consumed, so a difference in one period may be the other's mirror image.
        var none = new HashSet<string>(StringComparer.Ordinal);
        var reconciliation = Reconciliation.Render(
            await Reconciliation.SettledAsync(actors, new DateOnly(o.Year, 1, 1), new DateOnly(o.Year, 12, 31), TimeSpan.FromSeconds(60), ct), none, rows: 10)
            + Environment.NewLine
            + Reconciliation.Render(await Reconciliation.SettledAsync(actors, SeoulToday(), TimeSpan.FromSeconds(30), ct), none, rows: 10);
        wall.Stop();
        await watch.DisposeAsync();
        var peaks = watch.PeaksNow();
        var loadAfter = Uptime();
        if (quotas is not null)
        {
            await quotas.RestoreAsync();
        }

        var report = Render(o, runId, plan, owners.Count, totals, platform.Tally, checks, phases, sendingTook, settled, sent, peaks, load, loadAfter, reconciliation, quotas, sendingCpu);
        Console.WriteLine(report);
        if (o.Report is not null)
        {
            await File.WriteAllTextAsync(o.Report, report, ct);
        }

        return checks.All(c => c.Matches) ? 0 : 2;
    }

    public static DateOnly SeoulToday() =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul")).DateTime);

    public static string Uptime() => File.ReadAllText("/proc/loadavg").Split(' ')[..3] is var l ? string.Join(" ", l) : "";

    public sealed record YearPlan(IReadOnlyList<GuaranteePlan> Guarantees, int Accidents, int Cures, int Claims, int Recoveries, int ClaimsShortfall);

    /// <summary>
    /// The generator: guarantee i on business day ⌊i·D/N⌋ of the year; accidents spread evenly over the guarantees
    /// issued by the end of August (so cure, claim and recovery dates stay in the year), the first of every
    /// three cured, the rest claimed, recoveries on the first claims; 10% partly repaid, 5% repaid in full early (refund).
    /// </summary>
    public static YearPlan Plan(int year, double scale, int seed)
    {
        var calendar = BusinessCalendar.Korean;
        var days = new List<DateOnly>();
        for (var d = new DateOnly(year, 1, 1); d.Year == year; d = d.AddDays(1))
        {
            if (calendar.IsBusinessDay(d))
            {
                days.Add(d);
            }
        }

        var n = Math.Max(1, (int)Math.Round(Guarantees2020 * scale));
        var accidents = (int)Math.Round(Accidents2020 * scale);
        var cures = (int)Math.Round(Normalised2020 * scale);
        var wantedClaims = (int)Math.Round(RecourseOpened2020 * scale);
        var claims = Math.Min(wantedClaims, accidents - cures);
        var recoveries = Math.Min((int)Math.Round(Recoveries2020 * scale), claims);
        var random = new Random(seed);
        var rrns = new HashSet<string>(StringComparer.Ordinal);
        var plans = new GuaranteePlan[n];
        var lastAccidentDay = new DateOnly(year, 8, 31);
        for (var i = 0; i < n; i++)
        {
            string rrn;
            do
            {
                rrn = SyntheticRrn.Adult(random: random);
            }
            while (!rrns.Add(rrn));
            plans[i] = new GuaranteePlan(i, rrn, 3_000_000 + (i % 8) * 1_000_000, 60, days[(int)((long)i * days.Count / n)]);
        }

        var eligible = plans.Where(p => p.On <= lastAccidentDay).Select(p => p.Index).ToList();
        var accidentSet = new HashSet<int>();
        for (var k = 0; k < accidents && eligible.Count > 0; k++)
        {
            accidentSet.Add(eligible[(int)((long)k * eligible.Count / accidents)]);
        }

        var order = accidentSet.Order().ToList();
        for (var k = 0; k < order.Count; k++)
        {
            var p = plans[order[k]];
            var accidentOn = calendar.AddBusinessDays(p.On, 40);
            // Every third accident (up to the cures) is cured, the others claimed (up to the claims).
            var cured = k % 3 == 0 && k / 3 < cures;
            plans[p.Index] = p with { AccidentOn = accidentOn, CureOn = cured ? calendar.AddBusinessDays(accidentOn, 15) : null };
        }

        var uncured = order.Where(i => plans[i].CureOn is null).ToList();
        var curedCount = order.Count - uncured.Count;
        // Cures short of the plan (few accidents at small scales): cure more of the uncured.
        foreach (var i in uncured.Take(Math.Max(0, cures - curedCount)).ToList())
        {
            plans[i] = plans[i] with { CureOn = calendar.AddBusinessDays(plans[i].AccidentOn!.Value, 15) };
            uncured.Remove(i);
        }

        for (var k = 0; k < uncured.Count && k < claims; k++)
        {
            var p = plans[uncured[k]];
            var paidOn = calendar.AddBusinessDays(p.AccidentOn!.Value, 10);
            plans[p.Index] = p with { ClaimPaidOn = paidOn, RecoveredOn = k < recoveries ? calendar.AddBusinessDays(paidOn, 20) : null };
        }

        var yearEnd = new DateOnly(year, 12, 31);
        foreach (var p in plans.ToList())
        {
            if (p.AccidentOn is not null)
            {
                continue;
            }

            if (p.Index % 20 == 7 && calendar.AddBusinessDays(p.On, 60) is var full && full <= yearEnd)
            {
                plans[p.Index] = p with { FullRepaymentOn = full };
            }
            else if (p.Index % 10 == 3 && calendar.AddBusinessDays(p.On, 20) is var partial && partial <= yearEnd)
            {
                plans[p.Index] = p with { PartialRepaymentOn = partial };
            }
        }

        return new YearPlan(plans, accidentSet.Count, cures, Math.Min(claims, uncured.Count), Math.Min(recoveries, Math.Min(claims, uncured.Count)), wantedClaims - Math.Min(claims, uncured.Count));
    }

    private static string Render(Options o, string runId, YearPlan plan, int dormant, Totals totals, Tally tally, List<Check> checks,
        List<(string Phase, TimeSpan Took, long Requests)> phases, TimeSpan sending, TimeSpan settled, long sent, Dictionary<string, double> peaks,
        string loadBefore, string loadAfter, string reconciliation, QuotaLift? quotas, CpuUse cpu)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"## Replay {runId}: year {o.Year} × {o.Scale} (concurrency {o.Concurrency})");
        text.AppendLine();
        text.AppendLine(inv, $"- plan: {plan.Guarantees.Count:N0} guarantees, {plan.Accidents:N0} accidents, {plan.Cures:N0} cured, {plan.Claims:N0} subrogation claims → recourse, {plan.Recoveries:N0} recoveries, {dormant:N0} dormant assets (1 in 5 claimed)");
        text.AppendLine(inv, $"- wall time sending: {sending:mm\\:ss\\.f} ({sent:N0} requests, {sent / Math.Max(1, sending.TotalSeconds):N1} req/s; {totals["guarantee.loans-executed"] / Math.Max(1, sending.TotalSeconds):N1} guarantees/s end to end); reports settled after {settled.TotalSeconds:N0} s more");
        text.AppendLine(inv, $"- load average (1/5/15 min) before: {loadBefore}; after: {loadAfter}");
        text.AppendLine();
        text.AppendLine("| phase | wall | requests | req/s |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var (phase, took, requests) in phases)
        {
            text.AppendLine(inv, $"| {phase} | {took:mm\\:ss} | {requests:N0} | {requests / Math.Max(0.001, took.TotalSeconds):N1} |");
        }

        text.AppendLine();
        text.Append(cpu.Render());
        text.AppendLine();
        text.AppendLine("Peak RSS per process (sampled every second from /proc; PostgreSQL = sum of its processes' PSS):");
        text.AppendLine();
        text.AppendLine("| process | peak RSS (MB) | < 300 MB? |");
        text.AppendLine("|---|---:|---|");
        foreach (var name in ProcessSampler.Services)
        {
            if (peaks.TryGetValue(name, out var mb))
            {
                var service = name is not ("rabbitmq" or "postgres");
                text.AppendLine(inv, $"| {name} | {mb:N0} | {(service ? (mb < 300 ? "yes" : "**no**") : "(server)")} |");
            }
            else
            {
                text.AppendLine(inv, $"| {name} | not found | |");
            }
        }

        text.AppendLine();
        text.AppendLine("Reports against the generator (change between a snapshot before and after the run):");
        text.AppendLine();
        text.Append(Comparison.Render(checks));
        text.AppendLine();
        text.AppendLine(inv, $"Result: {(checks.All(c => c.Matches) ? "every report agrees with the generator" : $"{checks.Count(c => !c.Matches)} difference(s)")}.");
        text.AppendLine();
        text.Append(reconciliation);
        text.AppendLine();
        text.AppendLine(quotas?.Render() ?? "Gateway quotas: the clients' own (`--quotas keep`).");
        text.AppendLine();
        text.AppendLine("Generator totals:");
        text.AppendLine();
        text.AppendLine("```");
        foreach (var (name, value) in totals.All)
        {
            text.AppendLine(inv, $"{name,-48} {value,18:N0}");
        }

        text.AppendLine("```");
        text.AppendLine();
        text.AppendLine("Requests (every attempt, by kind and status):");
        text.AppendLine();
        text.AppendLine(tally.Render());
        return text.ToString();
    }
}

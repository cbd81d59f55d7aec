using System.Diagnostics.Metrics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seomin.Contracts.Reconciliation;

namespace Seomin.Reconciliation;

/// <summary>A service's message flow as it reported it.</summary>
public sealed record ServiceFlow(string Service, MessageFlow Messages);

/// <summary>The result of one run: every rule per fund, the message flow per service, and who could not be read.</summary>
public sealed record ReconciliationRun(
    Guid Id,
    DateOnly From,
    DateOnly To,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    string RequestedBy,
    ReconciliationStatus Status,
    int Differences,
    int InFlight,
    IReadOnlyList<RuleResult> Rules,
    IReadOnlyList<ServiceFlow> Messages,
    IReadOnlyList<string> Unreachable);

/// <summary>The rules a host reconciles (the platform's by default).</summary>
public sealed record ReconciliationRuleSet(IReadOnlyList<ReconciliationRule> Rules);

/// <summary>The job's metrics: the last run's differences (real / in flight) and the runs by status.</summary>
public sealed class ReconciliationMetrics
{
    public const string MeterName = "Seomin.Reconciliation";

    private readonly Counter<long> _runs;
    private volatile ReconciliationRun? _last;

    public ReconciliationMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _runs = meter.CreateCounter<long>("seomin.reconciliation.runs", description: "Reconciliation runs by outcome");
        meter.CreateObservableGauge("seomin.reconciliation.differences", () => _last is { } run
            ? [new Measurement<int>(run.Differences, new KeyValuePair<string, object?>("kind", "real")),
               new Measurement<int>(run.InFlight, new KeyValuePair<string, object?>("kind", "in_flight"))]
            : Array.Empty<Measurement<int>>(), description: "Differences found by the last reconciliation run");
    }

    /// <summary>The last finished run (for the health check), null before the first.</summary>
    public ReconciliationRun? Last => _last;

    internal void Record(ReconciliationRun run)
    {
        _last = run;
        _runs.Add(1, new KeyValuePair<string, object?>("status", run.Status.ToString()));
    }
}

/// <summary>
/// Runs a reconciliation: reads every service the rules need, compares, stores the run, updates the metrics and, when
/// a difference is real, publishes <see cref="ReconciliationDifferencesFound"/> (retried on the next run if the broker
/// is down: the run is stored first, with <c>NotifiedAt</c> null).
/// </summary>
public sealed partial class ReconciliationRunner(
    IControlTotalsClient client,
    ReconciliationDbContext db,
    ReconciliationRuleSet ruleSet,
    ReconciliationMetrics metrics,
    IPublishEndpoint publisher,
    IOptions<ReconciliationOptions> options,
    TimeProvider time,
    ILogger<ReconciliationRunner> logger)
{
    public async Task<ReconciliationRun> RunAsync(ControlPeriod period, string requestedBy, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var reports = new Dictionary<string, ControlTotalsReport>(StringComparer.Ordinal);
        var unreachable = new List<string>();
        foreach (var service in ruleSet.Rules.SelectMany(r => new[] { r.Source.Service, r.Target.Service }).Distinct(StringComparer.Ordinal))
        {
            try
            {
                reports[service] = await client.GetAsync(service, period, cancellationToken);
            }
            catch (ControlTotalsUnavailableException ex)
            {
                LogUnreachable(logger, service, ex.Message);
                unreachable.Add(service);
            }
        }

        var results = new List<RuleResult>();
        foreach (var rule in ruleSet.Rules)
        {
            if (reports.TryGetValue(rule.Source.Service, out var source) && reports.TryGetValue(rule.Target.Service, out var target))
            {
                results.AddRange(Reconciler.Compare(rule, source, target, options.Value.SettleWindow));
            }
            else
            {
                results.Add(new RuleResult(rule.Name, null, 0, 0, 0, 0, ReconciliationStatus.Incomplete, []));
            }
        }

        var differences = results.Sum(r => r.Differences.Count(d => !d.InFlight));
        var inFlight = results.Sum(r => r.Differences.Count(d => d.InFlight));
        var run = new ReconciliationRun(
            Guid.CreateVersion7(), period.From, period.To, startedAt, time.GetUtcNow(), requestedBy,
            Reconciler.Overall(results.Select(r => r.Status)), differences, inFlight, results,
            [.. reports.Values.OrderBy(r => r.Service, StringComparer.Ordinal).Select(r => new ServiceFlow(r.Service, r.Messages))],
            unreachable);

        db.Runs.Add(new ReconciliationRunRecord
        {
            Id = run.Id, From = run.From, To = run.To, StartedAt = run.StartedAt, FinishedAt = run.FinishedAt,
            Status = run.Status, Differences = run.Differences, InFlight = run.InFlight, RequestedBy = requestedBy,
            Result = JsonSerializer.Serialize(run, ReconciliationDbContext.Json),
        });
        await db.SaveChangesAsync(cancellationToken);
        metrics.Record(run);
        LogRun(logger, run.Id, run.From, run.To, run.Status, run.Differences, run.InFlight);
        await NotifyPendingAsync(cancellationToken);
        return run;
    }

    /// <summary>Publishes the event for every stored run with real differences that has not been told yet.</summary>
    public async Task NotifyPendingAsync(CancellationToken cancellationToken)
    {
        var pending = await db.Runs.Where(r => r.NotifiedAt == null && r.Differences > 0).OrderBy(r => r.StartedAt).Take(20).ToListAsync(cancellationToken);
        foreach (var record in pending)
        {
            var run = JsonSerializer.Deserialize<ReconciliationRun>(record.Result, ReconciliationDbContext.Json)!;
            var real = run.Rules.Where(r => r.Differences.Any(d => !d.InFlight)).ToList();
            try
            {
                await publisher.Publish(new ReconciliationDifferencesFound
                {
                    EventId = record.Id,
                    RunId = record.Id,
                    From = record.From,
                    To = record.To,
                    Differences = record.Differences,
                    Rules = [.. real.Select(r => r.FundCode is null ? r.Rule : $"{r.Rule} [{r.FundCode}]").Distinct()],
                    SampleKeys = [.. real.SelectMany(r => r.Differences.Where(d => !d.InFlight).Select(d => d.Key)).Distinct().Take(20)],
                    OccurredAt = time.GetUtcNow(),
                }, cancellationToken);
                record.NotifiedAt = time.GetUtcNow();
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogNotifyFailed(logger, record.Id, ex.GetType().Name);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation could not read {Service}: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string service, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconciliation run {RunId} for {From}..{To}: {Status}, {Differences} differences, {InFlight} in flight")]
    private static partial void LogRun(ILogger logger, Guid runId, DateOnly from, DateOnly to, ReconciliationStatus status, int differences, int inFlight);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation run {RunId}: the differences event could not be published ({Error}); retried on the next run")]
    private static partial void LogNotifyFailed(ILogger logger, Guid runId, string error);
}

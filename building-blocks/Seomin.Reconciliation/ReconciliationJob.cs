using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Seomin.Reconciliation;

/// <summary>
/// The scheduled run: the current Seoul month to date, every <see cref="ReconciliationOptions.Interval"/>, the first one
/// interval after start (at start the other services may not be up yet, and a run that cannot read them is Incomplete
/// and leaves the health check Degraded until the next; an operator runs one at once with the on-demand command).
/// </summary>
internal sealed class ReconciliationJob(IServiceScopeFactory scopes, IOptions<ReconciliationOptions> options, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan Seoul = TimeSpan.FromHours(9);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var today = DateOnly.FromDateTime(time.GetUtcNow().ToOffset(Seoul).DateTime);
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ReconciliationRunner>()
                    .RunAsync(new ControlPeriod(new DateOnly(today.Year, today.Month, 1), today), "schedule", stoppingToken);
            }
            catch (Exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The runner logs what it could not read; a database or broker outage is retried on the next tick.
            }
        }
    }
}

/// <summary>
/// <c>reconciliation</c> health: Degraded when the last run found real differences or could not read a service, so the
/// Aspire dashboard shows the books out of step; Healthy when balanced, only in flight, or before the first run.
/// </summary>
internal sealed class ReconciliationHealthCheck(ReconciliationMetrics metrics) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var last = metrics.Last;
        return Task.FromResult(last?.Status switch
        {
            ReconciliationStatus.Different => HealthCheckResult.Degraded($"Reconciliation run {last.Id}: {last.Differences} differences between the services' books."),
            ReconciliationStatus.Incomplete => HealthCheckResult.Degraded($"Reconciliation run {last.Id} could not read: {string.Join(", ", last.Unreachable)}."),
            null => HealthCheckResult.Healthy("No reconciliation run yet."),
            _ => HealthCheckResult.Healthy($"Reconciliation run {last.Id}: {last.Status}."),
        });
    }
}

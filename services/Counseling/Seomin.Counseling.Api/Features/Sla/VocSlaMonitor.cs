using System.ComponentModel.DataAnnotations;

namespace Seomin.Counseling.Api.Features.Sla;

/// <summary>Configuration section <c>Counseling:Sla</c>, validated at start-up.</summary>
public sealed class VocSlaOptions
{
    public const string SectionName = "Counseling:Sla";

    /// <summary>How often the SLA sweep runs: at least 100 ms, at most a day (a breach must not wait longer to be announced).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "Counseling:Sla:Interval must be between 100 ms and one day.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>The scheduled SLA job: runs <see cref="VocSlaSweeper"/> every interval on the injected clock.</summary>
public sealed partial class VocSlaMonitor(
    IServiceScopeFactory scopes,
    TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<VocSlaOptions> options,
    ILogger<VocSlaMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<VocSlaSweeper>().SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "VOC SLA sweep failed; it runs again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}

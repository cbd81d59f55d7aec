using Microsoft.Extensions.Options;
using Seomin.Guarantee.Api.Features;
using Seomin.Guarantee.Api.Features.Lapse;
using Seomin.PersonalData.Audit;

namespace Seomin.Guarantee.Api.Jobs;

/// <summary>The scheduled lapse pass: runs <see cref="GuaranteeLapse"/> every interval on the injected clock.</summary>
public sealed partial class LapseJob(GuaranteeLapse lapse, IOptions<GuaranteeOptions> options, TimeProvider time, ILogger<LapseJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.LapseJob.Enabled)
        {
            return;
        }

        // Anything this job audits names the job, not "the application".
        using var actor = AuditActorScope.Begin("job:guarantee-lapse");
        using var timer = new PeriodicTimer(options.Value.LapseJob.Interval, time);
        do
        {
            try
            {
                var lapsed = await lapse.RunOnceAsync(stoppingToken);
                if (lapsed > 0)
                {
                    LogLapsed(logger, lapsed);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lapsed {Count} guarantees with no loan within 60 days of approval")]
    private static partial void LogLapsed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lapse pass failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Seomin.BusinessTime;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Features;
using Seomin.Guarantee.Domain.Guarantees;

namespace Seomin.Guarantee.Api.Jobs;

/// <summary>실효: lapses guarantees with no loan executed within 60 days of approval, returning any prepaid fee.</summary>
public sealed partial class LapseJob(IServiceScopeFactory scopes, IOptions<GuaranteeOptions> options, TimeProvider time, ILogger<LapseJob> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.LapseJob.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.LapseJob.Interval, time);
        do
        {
            try
            {
                var lapsed = await RunOnceAsync(stoppingToken);
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

    /// <summary>One pass; each guarantee commits on its own with its events.</summary>
    public async Task<int> RunOnceAsync(CancellationToken ct)
    {
        using var scope = scopes.CreateScope();
        var clock = scope.ServiceProvider.GetRequiredService<BusinessClock>();
        var today = clock.Today;
        var cutoff = today.AddDays(-CreditGuarantee.LapseAfterDays);
        var db = scope.ServiceProvider.GetRequiredService<GuaranteeDbContext>();
        var ids = await db.Guarantees.AsNoTracking()
            .Where(g => (g.Status == GuaranteeStatus.Approved || g.Status == GuaranteeStatus.Agreed || g.Status == GuaranteeStatus.Issued)
                && g.ApprovedOn < cutoff)
            .Select(g => g.Id)
            .Take(500)
            .ToListAsync(ct);
        var count = 0;
        foreach (var id in ids)
        {
            using var itemScope = scopes.CreateScope();
            var itemDb = itemScope.ServiceProvider.GetRequiredService<GuaranteeDbContext>();
            var events = itemScope.ServiceProvider.GetRequiredService<GuaranteeEvents>();
            var g = await itemDb.Guarantees.SingleAsync(x => x.Id == id, ct);
            if (g.Status is not (GuaranteeStatus.Approved or GuaranteeStatus.Agreed or GuaranteeStatus.Issued))
            {
                continue;
            }

            var refunds = g.Lapse(today, Guid.CreateVersion7);
            events.FeesRefunded(g, refunds);
            events.Lapsed(g);
            try
            {
                await itemDb.SaveChangesAsync(ct);
                count++;
            }
            catch (DbUpdateConcurrencyException)
            {
                // A lender notice changed it meanwhile; the next pass sees the new state.
            }
        }

        return count;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Lapsed {Count} guarantees with no loan within 60 days of approval")]
    private static partial void LogLapsed(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lapse pass failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

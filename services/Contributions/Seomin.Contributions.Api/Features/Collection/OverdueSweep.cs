using Microsoft.EntityFrameworkCore;
using Seomin.BusinessTime;
using Seomin.Contracts.Contributions;
using Seomin.Contributions.Api.Data;
using Seomin.Messaging;

namespace Seomin.Contributions.Api.Features.Collection;

public sealed record OverdueSweepResult(DateOnly AsOf, int NewlyOverdue, int Reminders);

/// <summary>
/// Marks assessments unpaid after their due date as overdue (체납), once, publishing <see cref="ContributionOverdue"/>,
/// and sends a reminder (독촉) on the first overdue day and every <see cref="ReminderEveryDays"/> days after while
/// anything is outstanding. Running it twice on a day changes nothing the second time.
/// </summary>
public sealed class OverdueSweep(ContributionsDbContext db, IOutbox outbox, TimeProvider clock)
{
    public const int ReminderEveryDays = 7;

    public async Task<OverdueSweepResult> RunAsync(DateOnly? asOf, CancellationToken cancellationToken)
    {
        var today = asOf ?? BusinessClock.SeoulDate(clock.GetUtcNow());
        var late = await db.Assessments.Where(a => a.Status != AssessmentStatus.Paid && a.DueOn < today).ToListAsync(cancellationToken);
        int overdue = 0, reminders = 0;
        foreach (var a in late.Where(a => a.Outstanding > 0))
        {
            var days = today.DayNumber - a.DueOn.DayNumber;
            if (a.Status == AssessmentStatus.Open)
            {
                a.Status = AssessmentStatus.Overdue;
                a.OverdueNotifiedOn = today;
                db.Notices.Add(new CollectionNotice { Id = Guid.CreateVersion7(), AssessmentId = a.Id, Kind = NoticeKind.Overdue, On = today, Outstanding = a.Outstanding, DaysOverdue = days });
                outbox.Publish(new ContributionOverdue
                {
                    EventId = MessageIds.NewId(), AssessmentId = a.Id, InstitutionCode = a.InstitutionCode, Month = a.Month.ToString("yyyy-MM"),
                    Outstanding = a.Outstanding, DueOn = a.DueOn, DaysOverdue = days, OccurredAt = clock.GetUtcNow(),
                });
                overdue++;
            }

            if (a.LastReminderOn is null || today.DayNumber - a.LastReminderOn.Value.DayNumber >= ReminderEveryDays)
            {
                a.LastReminderOn = today;
                db.Notices.Add(new CollectionNotice { Id = Guid.CreateVersion7(), AssessmentId = a.Id, Kind = NoticeKind.Reminder, On = today, Outstanding = a.Outstanding, DaysOverdue = days });
                reminders++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return new OverdueSweepResult(today, overdue, reminders);
    }
}

/// <summary>Runs the overdue sweep on a timer (Contributions:OverdueSweep:Interval, default 6 hours; 0 disables it).</summary>
public sealed partial class OverdueSweepWorker(IServiceScopeFactory scopes, IConfiguration configuration, TimeProvider clock, ILogger<OverdueSweepWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = configuration.GetValue("Contributions:OverdueSweep:Interval", TimeSpan.FromHours(6));
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var result = await scope.ServiceProvider.GetRequiredService<OverdueSweep>().RunAsync(null, stoppingToken);
                LogSwept(logger, result.NewlyOverdue, result.Reminders);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Overdue sweep: {Overdue} newly overdue, {Reminders} reminders")]
    private static partial void LogSwept(ILogger logger, int overdue, int reminders);

    [LoggerMessage(Level = LogLevel.Error, Message = "Overdue sweep failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}

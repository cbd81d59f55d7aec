using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Counseling;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Api.Features.Timeline;
using Seomin.Counseling.Domain.Voc;
using Seomin.Messaging;

namespace Seomin.Counseling.Api.Features.Sla;

/// <summary>
/// One pass of the SLA check: every open VOC past its due date is marked breached, escalated and announced
/// with VocSlaBreached, once. The xmin concurrency token makes a second replica's pass lose, not double-publish.
/// </summary>
public sealed partial class VocSlaSweeper(CounselingDbContext db, IOutbox outbox, TimeProvider clock, ILogger<VocSlaSweeper> logger)
{
    private const int BatchSize = 100;

    /// <summary>Department that receives escalations when the handling department misses a due date.</summary>
    public const string EscalationDepartment = "고객지원부";

    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = await db.VocCases.Include(v => v.Notices)
            .Where(VocCase.OpenCase).Where(v => v.BreachedAt == null && v.DueAt < now)
            .OrderBy(v => v.DueAt)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        var marked = 0;
        foreach (var voc in due)
        {
            if (!voc.MarkBreachedIfDue(now))
            {
                continue;
            }

            var breached = new VocSlaBreached
            {
                EventId = MessageIds.NewId(),
                VocId = voc.Id,
                CustomerId = voc.CustomerId,
                Department = voc.Department ?? EscalationDepartment,
                DueAt = voc.DueAt,
                OccurredAt = now,
            };
            outbox.Publish(breached);
            await VocTimeline.AddAsync(db, voc, nameof(VocSlaBreached), breached.EventId, breached, now,
                $"VOC 처리기한 경과 ({VocTimeline.Seoul(voc.DueAt)}), 상위 보고", cancellationToken);
            marked++;
            LogBreached(logger, voc.Id, voc.Type.ToString(), breached.Department);
        }

        if (marked > 0)
        {
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another replica (or a resolution) changed a row first; the next pass sees the new state.
                LogConcurrent(logger);
                return 0;
            }
        }

        return marked;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "VOC {VocId} ({Type}) passed its due date; escalated from {Department}")]
    private static partial void LogBreached(ILogger logger, Guid vocId, string type, string department);

    [LoggerMessage(Level = LogLevel.Information, Message = "SLA sweep lost a race with a concurrent change; retrying next pass")]
    private static partial void LogConcurrent(ILogger logger);
}

using System.Globalization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Seomin.BusinessTime;
using Seomin.Contracts.Counseling;
using Seomin.Contracts.DormantAssets;
using Seomin.Contracts.Guarantee;
using Seomin.DormantAssets.Api.Data;
using Seomin.DormantAssets.Domain.Assets;
using Seomin.Messaging;

namespace Seomin.DormantAssets.Api.Consumers;

/// <summary>
/// 휴면예금 자동조회 (seed 001): when a person appears in another service (a guarantee application, a counseling
/// session), look their dormant assets up by CustomerId and, if there are any, publish <see cref="DormantAssetsFound"/>
/// once per person per month (the notice's key drops repeats; the inbox drops redeliveries). Counseling puts it on
/// the person's timeline.
/// </summary>
public sealed partial class AutomaticLookupConsumer(DormantAssetsDbContext db, IOutbox outbox, TimeProvider clock, ILogger<AutomaticLookupConsumer> logger) :
    IConsumer<GuaranteeApplicationSubmitted>,
    IConsumer<CounselingSessionRecorded>
{
    public Task Consume(ConsumeContext<GuaranteeApplicationSubmitted> context) =>
        LookUpAsync(context.Message.CustomerId, "guarantee.application-submitted", context.CancellationToken);

    public Task Consume(ConsumeContext<CounselingSessionRecorded> context) =>
        context.Message.CustomerId is { Length: > 0 } customerId
            ? LookUpAsync(customerId, "counseling.session-recorded", context.CancellationToken)
            : Task.CompletedTask;

    private async Task LookUpAsync(string customerId, string trigger, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var period = BusinessClock.SeoulDate(now).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        if (await db.Notices.AnyAsync(n => n.CustomerId == customerId && n.Period == period, cancellationToken))
        {
            return;
        }

        var shown = Enum.GetValues<AssetType>().Where(AssetDisclosure.IsShownInLookup).ToList();
        var found = await db.Assets.Where(a => a.CustomerId == customerId && a.Status == AssetStatus.Outstanding && shown.Contains(a.Type))
            .GroupBy(_ => 1)
            .Select(g => new { Count = g.Count(), Total = g.Sum(a => a.Amount) })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null || found.Count == 0)
        {
            return;
        }

        db.Notices.Add(new AutomaticLookupNotice
        {
            CustomerId = customerId, Period = period, AssetCount = found.Count, TotalAmount = found.Total, Trigger = trigger, NotifiedAt = now,
        });
        outbox.Publish(new DormantAssetsFound
        {
            EventId = MessageIds.NewId(), CustomerId = customerId, AssetCount = found.Count, TotalAmount = found.Total, Period = period,
            Trigger = trigger, OccurredAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        LogFound(logger, found.Count, trigger);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Automatic lookup found {Count} dormant assets for a person seen by {Trigger}")]
    private static partial void LogFound(ILogger logger, int count, string trigger);
}

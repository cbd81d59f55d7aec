using System.Globalization;
using MassTransit;
using Seomin.Contracts.DormantAssets;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Api.Features.Timeline;

namespace Seomin.Counseling.Api.Consumers;

/// <summary>
/// Puts the dormant-assets service's events on the customer's timeline: the automatic lookup's notice (휴면금융자산
/// 안내) so a counselor can tell the person, and their refund claims. The inbox drops a redelivered message id; the
/// timeline's unique event id and business key drop a logical duplicate.
/// </summary>
public sealed partial class DormantAssetsTimelineConsumer(CounselingDbContext db, TimeProvider timeProvider, ILogger<DormantAssetsTimelineConsumer> logger) :
    IConsumer<DormantAssetsFound>,
    IConsumer<DormantRefundClaimed>,
    IConsumer<DormantRefundHeld>,
    IConsumer<DormantRefundPaid>
{
    private const string Source = "dormant-assets";

    public Task Consume(ConsumeContext<DormantAssetsFound> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.EventId, $"{m.CustomerId}:{m.Period}",
            $"휴면금융자산 안내: {m.AssetCount}건 {Won(m.TotalAmount)} 찾아가실 수 있습니다 (자동조회 {m.Period})", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<DormantRefundClaimed> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.ClaimId, $"claimed:{m.ClaimId}",
            $"휴면금융자산 지급청구 {Won(m.Principal + m.Interest)} ({m.Channel})", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<DormantRefundHeld> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.ClaimId, $"held:{m.ClaimId}",
            $"휴면금융자산 지급 보류 (검토 중: {string.Join(", ", m.Reasons)})", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<DormantRefundPaid> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.ClaimId, $"paid:{m.ClaimId}",
            $"휴면금융자산 지급 {Won(m.Amount)} (원금 {Won(m.Principal)}, 이자 {Won(m.Interest)}, {m.PaidOn:yyyy-MM-dd})", context.CancellationToken);
    }

    private static string Won(long amount) => amount.ToString("#,0", CultureInfo.InvariantCulture) + "원";

    private async Task AddAsync<T>(T message, Guid eventId, string customerId, DateTimeOffset occurredAt, Guid recordId, string businessKey, string summary, CancellationToken cancellationToken)
    {
        var kind = typeof(T).Name;
        var added = await TimelineWriter.AddIfNewAsync(db, new TimelineEntry
        {
            Id = Guid.CreateVersion7(),
            CustomerId = customerId,
            OccurredAt = occurredAt.ToUniversalTime(),
            SourceService = Source,
            Kind = kind,
            SourceRecordId = recordId,
            SourceEventId = eventId,
            BusinessKey = businessKey,
            Summary = summary,
            Details = TimelineWriter.Details(message),
            RecordedAt = timeProvider.GetUtcNow(),
        }, cancellationToken);
        if (!added)
        {
            LogDuplicate(logger, kind, eventId);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Timeline already holds {Kind} event {EventId}; duplicate dropped")]
    private static partial void LogDuplicate(ILogger logger, string kind, Guid eventId);
}

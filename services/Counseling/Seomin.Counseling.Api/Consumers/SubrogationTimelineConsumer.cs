using System.Globalization;
using MassTransit;
using Seomin.Contracts.Subrogation;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Api.Features.Timeline;

namespace Seomin.Counseling.Api.Consumers;

/// <summary>
/// Puts the subrogation service's customer-facing steps on the customer's timeline: the guarantor paid the lender,
/// the recourse claim opened, instalment plans agreed or defaulted, recoveries, write-off, sale, principal reduction
/// and extinguishment. Like <see cref="GuaranteeTimelineConsumer"/>: the inbox drops a redelivered message id, the
/// timeline's unique event id and business key drop a logical duplicate, and reads order by OccurredAt.
/// </summary>
public sealed partial class SubrogationTimelineConsumer(CounselingDbContext db, TimeProvider timeProvider, ILogger<SubrogationTimelineConsumer> logger) :
    IConsumer<SubrogationPaid>,
    IConsumer<RecourseClaimOpened>,
    IConsumer<RepaymentPlanAgreed>,
    IConsumer<RepaymentPlanDefaulted>,
    IConsumer<RecourseRecovered>,
    IConsumer<RecourseWrittenOff>,
    IConsumer<RecourseSold>,
    IConsumer<RecoursePrincipalReduced>,
    IConsumer<RecourseExtinguished>
{
    private const string Source = "subrogation";

    public Task Consume(ConsumeContext<SubrogationPaid> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.ClaimId, m.ClaimId.ToString(),
            $"대위변제 {m.LenderCode} {Won(m.Amount)} ({m.PaidOn:yyyy-MM-dd})", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<RecourseClaimOpened> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.RecourseId, m.RecourseId.ToString(),
            $"구상채권 발생 {Won(m.Principal)} ({m.OpenedOn:yyyy-MM-dd})", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<RepaymentPlanAgreed> context)
    {
        var m = context.Message;
        // A claim can have a plan agreed more than once (after a default): the business key includes the time.
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.RecourseId, Key(m.RecourseId, m.OccurredAt),
            $"분할상환 약정 {Won(m.Total)} {m.Instalments}회{(m.LateChargeWaived ? " (손해금 감면)" : "")}", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<RepaymentPlanDefaulted> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.RecourseId, string.Create(CultureInfo.InvariantCulture, $"{m.RecourseId}:{m.DefaultedOn:yyyy-MM-dd}"),
            $"분할상환 약정 실효 ({m.DefaultedOn:yyyy-MM-dd})", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<RecourseRecovered> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.RecourseId, m.RecoveryId.ToString(),
            $"구상채권 회수 {Won(m.Amount)} ({m.RecoveredOn:yyyy-MM-dd})", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<RecourseWrittenOff> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.RecourseId, m.RecourseId.ToString(),
            $"구상채권 상각 (특수채권 편입) {Won(m.Principal)} ({m.WrittenOffOn:yyyy-MM-dd})", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<RecourseSold> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.RecourseId, m.RecourseId.ToString(),
            $"구상채권 매각 ({m.Buyer}, {m.SoldOn:yyyy-MM-dd})", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<RecoursePrincipalReduced> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.RecourseId, Key(m.RecourseId, m.OccurredAt),
            $"원금감면 {Won(m.Amount)} ({m.ReducedOn:yyyy-MM-dd})", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<RecourseExtinguished> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.RecourseId, m.RecourseId.ToString(),
            $"구상채권 종결 ({m.Reason}, {m.ExtinguishedOn:yyyy-MM-dd})", context.CancellationToken);
    }

    private static string Won(long amount) => amount.ToString("#,0", CultureInfo.InvariantCulture) + "원";

    private static string Key(Guid id, DateTimeOffset occurredAt) => string.Create(CultureInfo.InvariantCulture, $"{id}:{occurredAt.UtcTicks}");

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

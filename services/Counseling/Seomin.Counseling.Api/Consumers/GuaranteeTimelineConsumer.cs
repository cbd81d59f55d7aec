using System.Globalization;
using MassTransit;
using Seomin.Contracts.Guarantee;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Api.Features.Timeline;

namespace Seomin.Counseling.Api.Consumers;

/// <summary>
/// Puts every guarantee event on the customer's timeline. The inbox drops a redelivered message id; the
/// timeline's unique event id and business key drop a logical duplicate; ordering is by OccurredAt at read
/// time, so arrival order does not matter.
/// </summary>
public sealed partial class GuaranteeTimelineConsumer(CounselingDbContext db, TimeProvider timeProvider, ILogger<GuaranteeTimelineConsumer> logger) :
    IConsumer<GuaranteeApplicationSubmitted>,
    IConsumer<GuaranteeApplicationDecided>,
    IConsumer<GuaranteeIssued>,
    IConsumer<GuaranteeLoanExecuted>,
    IConsumer<GuaranteeLapsed>,
    IConsumer<GuaranteeFeePaid>,
    IConsumer<GuaranteeFeeRefunded>,
    IConsumer<GuaranteeAccidentReported>,
    IConsumer<GuaranteeNormalized>,
    IConsumer<GuaranteeTerminated>
{
    private const string Source = "guarantee";

    public Task Consume(ConsumeContext<GuaranteeApplicationSubmitted> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.ApplicationId, m.ApplicationId.ToString(),
            $"보증 신청 {m.ProductCode} {Won(m.RequestedAmount)} {m.TermMonths}개월 ({m.Channel})", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<GuaranteeApplicationDecided> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.ApplicationId, m.ApplicationId.ToString(),
            m.Approved ? $"보증 승인 {Won(m.ApprovedAmount)}" : "보증 거절", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<GuaranteeIssued> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.GuaranteeId, m.GuaranteeId.ToString(),
            $"보증서 발급 {m.CertificateNumber} {m.ProductCode} {Won(m.GuaranteedAmount)} ({m.StartDate:yyyy-MM-dd}~{m.EndDate:yyyy-MM-dd})", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<GuaranteeLoanExecuted> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.GuaranteeId, m.GuaranteeId.ToString(),
            $"대출 실행 {m.LenderCode} {Won(m.LoanAmount)} ({m.ExecutedOn:yyyy-MM-dd})", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<GuaranteeLapsed> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.GuaranteeId, m.GuaranteeId.ToString(),
            "보증 실효 (대출 미실행)", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<GuaranteeFeePaid> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.GuaranteeId, m.LedgerEntryId.ToString(),
            $"보증료 납부 {Won(m.Amount)}", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<GuaranteeFeeRefunded> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.GuaranteeId, m.LedgerEntryId.ToString(),
            $"보증료 환급 {Won(m.Amount)} ({m.Reason})", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<GuaranteeAccidentReported> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.GuaranteeId,
            string.Create(CultureInfo.InvariantCulture, $"{m.GuaranteeId}:{m.Kind}:{m.AccidentDate:yyyy-MM-dd}"),
            $"사고 발생 {m.Kind} 잔액 {Won(m.OutstandingBalance)} ({m.AccidentDate:yyyy-MM-dd})", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<GuaranteeNormalized> context)
    {
        var m = context.Message;
        // A guarantee can default and be cured more than once: the business key includes the time.
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.GuaranteeId,
            string.Create(CultureInfo.InvariantCulture, $"{m.GuaranteeId}:{m.OccurredAt.UtcTicks}"),
            "보증 정상화", context.CancellationToken);
    }

    public Task Consume(ConsumeContext<GuaranteeTerminated> context)
    {
        var m = context.Message;
        return AddAsync(m, m.EventId, m.CustomerId, m.OccurredAt, m.GuaranteeId, m.GuaranteeId.ToString(),
            $"보증 해지 ({m.Reason}, {m.TerminatedOn:yyyy-MM-dd})", context.CancellationToken);
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

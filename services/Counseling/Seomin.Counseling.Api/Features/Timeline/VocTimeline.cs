using Seomin.BusinessTime;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Domain.Voc;

namespace Seomin.Counseling.Api.Features.Timeline;

/// <summary>A VOC's entries on its customer's timeline, written by the VOC endpoints and the SLA job alike.</summary>
public static class VocTimeline
{
    public static async Task AddAsync<T>(CounselingDbContext db, VocCase voc, string kind, Guid eventId, T message, DateTimeOffset occurredAt, string summary, CancellationToken cancellationToken)
    {
        if (voc.CustomerId is null)
        {
            return;
        }

        await TimelineWriter.AddIfNewAsync(db, new TimelineEntry
        {
            Id = Guid.CreateVersion7(),
            CustomerId = voc.CustomerId,
            OccurredAt = occurredAt,
            SourceService = "counseling",
            Kind = kind,
            SourceRecordId = voc.Id,
            SourceEventId = eventId,
            BusinessKey = voc.Id.ToString(),
            Summary = summary,
            Details = TimelineWriter.Details(message),
            RecordedAt = occurredAt,
        }, cancellationToken);
    }

    public static string Seoul(DateTimeOffset instant) =>
        BusinessClock.ToSeoul(instant).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}

using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Seomin.Counseling.Api.Data;

namespace Seomin.Counseling.Api.Features.Timeline;

/// <summary>Adds timeline entries idempotently: by source event id and by (kind, business key).</summary>
public static class TimelineWriter
{
    private static readonly JsonSerializerOptions DetailsJson = new(JsonSerializerDefaults.Web);

    public static string Details<T>(T message) => JsonSerializer.Serialize(message, DetailsJson);

    /// <summary>Returns false when the entry is a duplicate (nothing added).</summary>
    public static async Task<bool> AddIfNewAsync(CounselingDbContext db, TimelineEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entry);
        var pending = db.Timeline.Local.Any(t =>
            t.SourceEventId == entry.SourceEventId || (t.Kind == entry.Kind && t.BusinessKey == entry.BusinessKey));
        if (pending)
        {
            return false;
        }

        var exists = await db.Timeline.AnyAsync(
            t => t.SourceEventId == entry.SourceEventId || (t.Kind == entry.Kind && t.BusinessKey == entry.BusinessKey),
            cancellationToken);
        if (exists)
        {
            return false;
        }

        db.Timeline.Add(entry);
        return true;
    }
}

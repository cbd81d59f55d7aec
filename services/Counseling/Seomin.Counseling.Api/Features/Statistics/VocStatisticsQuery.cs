using Microsoft.EntityFrameworkCore;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Api.Endpoints;
using Seomin.Counseling.Domain.Voc;

namespace Seomin.Counseling.Api.Features.Statistics;

/// <summary>VOC statistics aggregated by PostgreSQL: counts and averages come back, never the rows.</summary>
public static class VocStatisticsQuery
{
    public const string Unrouted = "(unrouted)";

    public static async Task<VocStatistics> RunAsync(CounselingDbContext db, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.VocCases.AsNoTracking();
        if (from is { } f)
        {
            var fromUtc = f.ToUniversalTime();
            query = query.Where(v => v.SubmittedAt >= fromUtc);
        }

        if (to is { } t)
        {
            var toUtc = t.ToUniversalTime();
            query = query.Where(v => v.SubmittedAt < toUtc);
        }

        var totals = await query.GroupBy(_ => 1).Select(g => new
        {
            Total = g.Count(),
            Resolved = g.Count(v => v.Status == VocStatus.Resolved),
            Transferred = g.Count(v => v.Status == VocStatus.Transferred),
            ResolvedOnTime = g.Count(v => v.ResolvedOnTime == true),
            Breached = g.Count(v => v.BreachedAt != null),
            RegisteredLate = g.Count(v => v.RegisteredLate),
            AverageSatisfaction = g.Average(v => (decimal?)v.SatisfactionScore),
        }).SingleOrDefaultAsync(cancellationToken);
        var open = await query.Where(VocCase.OpenCase).CountAsync(cancellationToken);
        var byType = await query.GroupBy(v => v.Type).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byDepartment = await query.GroupBy(v => v.Department).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var byChannel = await query.GroupBy(v => v.Channel).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);

        var resolved = totals?.Resolved ?? 0;
        var onTime = totals?.ResolvedOnTime ?? 0;
        return new VocStatistics(
            totals?.Total ?? 0,
            open,
            resolved,
            onTime,
            resolved == 0 ? null : Math.Round((decimal)onTime / resolved, 4, MidpointRounding.ToZero),
            totals?.Breached ?? 0,
            totals?.RegisteredLate ?? 0,
            totals?.AverageSatisfaction is { } average ? Math.Round(average, 2, MidpointRounding.ToZero) : null,
            Sorted(byType.Select(c => new CountBy(c.Key.ToString(), c.Count))),
            Sorted(byDepartment.Select(c => new CountBy(c.Key ?? Unrouted, c.Count))),
            Sorted(byChannel.Select(c => new CountBy(c.Key.ToString(), c.Count))),
            totals?.Transferred ?? 0);
    }

    private static List<CountBy> Sorted(IEnumerable<CountBy> counts) => [.. counts.OrderBy(c => c.Key, StringComparer.Ordinal)];
}

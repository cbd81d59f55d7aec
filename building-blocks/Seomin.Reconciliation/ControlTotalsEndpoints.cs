using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Messaging;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Reconciliation;

/// <summary>
/// <c>GET /internal/control-totals</c>: the service's control totals for a period, with their keys, and its outbox and
/// inbox counts. Internal: not routed by the gateway; auditors and operators (the reconciliation job's client) only.
/// </summary>
public static class ControlTotalsEndpoints
{
    public const string Path = "/internal/control-totals";

    /// <summary>The longest period one call may cover (a year and a day, for a leap year).</summary>
    public const int MaxDays = 366;

    public static RouteHandlerBuilder MapControlTotals<TDbContext>(this IEndpointRouteBuilder app, string service)
        where TDbContext : DbContext
    {
        return app.MapGet(Path, (DateOnly? from, DateOnly? to, bool? keys, IControlTotalsSource source, TDbContext db, TimeProvider time, CancellationToken ct) =>
                GetAsync(service, from, to, keys ?? false, source, db, time, ct))
            .WithName("GetControlTotals")
            .WithSummary("Control totals for reconciliation: this service's books for a period, with business keys, and its message flow")
            .WithTags("Reconciliation")
            .RequireRoles(StaffRoles.Auditor, StaffRoles.Operator)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status500InternalServerError);
    }

    private static async Task<Ok<ControlTotalsReport>> GetAsync(
        string service, DateOnly? from, DateOnly? to, bool keys, IControlTotalsSource source, DbContext db, TimeProvider time, CancellationToken ct)
    {
        var period = Period(from, to);
        var measuredAt = time.GetUtcNow();
        var measures = await source.MeasureAsync(period, keys, ct);
        var flow = await MessageFlowAsync(db, period, ct);
        return TypedResults.Ok(new ControlTotalsReport(service, period.From, period.To, measuredAt, measures, flow));
    }

    internal static ControlPeriod Period(DateOnly? from, DateOnly? to)
    {
        var errors = new Dictionary<string, string[]>();
        if (from is null)
        {
            errors["from"] = ["The first day of the period is required (yyyy-MM-dd)."];
        }

        if (to is null)
        {
            errors["to"] = ["The last day of the period is required (yyyy-MM-dd)."];
        }

        if (from is { } f && to is { } t && (t < f || t.DayNumber - f.DayNumber >= MaxDays))
        {
            errors["to"] = [$"The period must end on or after its first day and cover at most {MaxDays} days."];
        }

        return errors.Count > 0 ? throw new DomainValidationException(errors) : new ControlPeriod(from!.Value, to!.Value);
    }

    /// <summary>Outbox rows by type (delivered / pending) and inbox rows by consumer endpoint, created in the period.</summary>
    internal static async Task<MessageFlow> MessageFlowAsync(DbContext db, ControlPeriod period, CancellationToken ct)
    {
        var (start, end) = (period.Start.ToUniversalTime(), period.End.ToUniversalTime());
        var published = await db.Set<OutboxMessage>().AsNoTracking()
            .Where(m => m.CreatedAt >= start && m.CreatedAt < end)
            .GroupBy(m => m.MessageType)
            .Select(g => new
            {
                Type = g.Key,
                Delivered = g.LongCount(m => m.DeliveredAt != null),
                Pending = g.LongCount(m => m.DeliveredAt == null),
                OldestPending = g.Where(m => m.DeliveredAt == null).Min(m => (DateTimeOffset?)m.CreatedAt),
            })
            .ToListAsync(ct);
        var consumed = await db.Set<InboxMessage>().AsNoTracking()
            .Where(m => m.ReceivedAt >= start && m.ReceivedAt < end)
            .GroupBy(m => m.ConsumerEndpoint)
            .Select(g => new { Endpoint = g.Key, Count = g.LongCount() })
            .ToListAsync(ct);
        return new MessageFlow(
            [.. published.OrderBy(p => p.Type, StringComparer.Ordinal).Select(p => new PublishedMessages(p.Type, p.Delivered, p.Pending, p.OldestPending))],
            [.. consumed.OrderBy(c => c.Endpoint, StringComparer.Ordinal).Select(c => new ConsumedMessages(c.Endpoint, c.Count))]);
    }
}

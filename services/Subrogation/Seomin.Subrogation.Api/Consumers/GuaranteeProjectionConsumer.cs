using MassTransit;
using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Guarantee;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Domain;
using Seomin.Subrogation.Domain.Reports;

namespace Seomin.Subrogation.Api.Consumers;

/// <summary>
/// Keeps the guarantee projection from Guarantee's events. The inbox drops a redelivered message id; each event fills
/// only its own fields. The events travel on separate queues and may be consumed in any order (and concurrently: the
/// events of one guarantee are serialised by a transaction-scoped advisory lock), so accidents and cures are kept as a
/// history and the accident book is brought up to what that history implies after each of them and after the issue
/// (<see cref="AccidentHistory"/>: how a cure is tied to its accident, a second accident told from a late first one);
/// the movements are keyed by event id, so nothing is counted twice.
/// </summary>
public sealed class GuaranteeProjectionConsumer(SubrogationDbContext db, TimeProvider clock) :
    IConsumer<GuaranteeIssued>,
    IConsumer<GuaranteeLoanExecuted>,
    IConsumer<GuaranteeAccidentReported>,
    IConsumer<GuaranteeNormalized>,
    IConsumer<GuaranteeTerminated>,
    IConsumer<GuaranteeLapsed>
{
    private const string Recorder = "consumer:guarantee-events";

    /// <summary>The termination reason of a guarantee that lapsed (실효: no loan within 60 days): it was never in force.</summary>
    public const string Lapsed = "Lapsed";

    public async Task Consume(ConsumeContext<GuaranteeIssued> context)
    {
        var m = context.Message;
        var g = await RowAsync(m.GuaranteeId, m.CustomerId, context.CancellationToken);
        g.ProductCode = m.ProductCode;
        g.LenderCode = m.LenderCode;
        g.FundCode = m.FundCode ?? g.FundCode ?? FundFallback.ForProduct(m.ProductCode);
        g.GuaranteedAmount = m.GuaranteedAmount;
        g.GuaranteeRatio = m.GuaranteeRatio;
        g.StartDate = m.StartDate;
        g.EndDate = m.EndDate;
        if (g.TerminationReason == Lapsed)
        {
            g.TerminatedOn = m.StartDate; // the lapse arrived first
        }

        // The accidents (or their cures) arrived first: their book movements waited for the ratio and the fund.
        await BookAccidentsAsync(g, null, context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<GuaranteeLoanExecuted> context)
    {
        var m = context.Message;
        var g = await RowAsync(m.GuaranteeId, m.CustomerId, context.CancellationToken);
        g.LenderCode ??= m.LenderCode;
        g.LoanAmount = m.LoanAmount;
        g.LoanExecutedOn = m.ExecutedOn;
    }

    public async Task Consume(ConsumeContext<GuaranteeAccidentReported> context)
    {
        var m = context.Message;
        var g = await RowAsync(m.GuaranteeId, m.CustomerId, context.CancellationToken);
        if (g.AccidentReportedAt is not { } known || known < m.OccurredAt)
        {
            // The latest report describes the guarantee; an older one arriving late still enters the history.
            g.AccidentOn = m.AccidentDate;
            g.AccidentKind = m.Kind;
            g.OutstandingAtAccident = m.OutstandingBalance;
            g.AccidentReportedAt = m.OccurredAt;
        }

        await BookAccidentsAsync(g, Recorded(g, m.EventId, GuaranteeStatusKind.Accident, m.OccurredAt, m.AccidentDate, m.OutstandingBalance), context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<GuaranteeNormalized> context)
    {
        var m = context.Message;
        var g = await RowAsync(m.GuaranteeId, m.CustomerId, context.CancellationToken);
        if (g.NormalizedAt is null || g.NormalizedAt < m.OccurredAt)
        {
            g.NormalizedAt = m.OccurredAt;
        }

        await BookAccidentsAsync(g, Recorded(g, m.EventId, GuaranteeStatusKind.Normalisation, m.OccurredAt, null, null), context.CancellationToken);
    }

    public async Task Consume(ConsumeContext<GuaranteeTerminated> context)
    {
        var m = context.Message;
        var g = await RowAsync(m.GuaranteeId, m.CustomerId, context.CancellationToken);
        g.TerminatedOn = m.TerminatedOn;
        g.TerminationReason = m.Reason;
    }

    /// <summary>
    /// A lapsed guarantee never covered a loan: it ends on its own start day, so it is in force on no day and a claim on
    /// it is refused (GuaranteeMustBeInForceAtAccident), whichever of the issue and the lapse arrives first.
    /// </summary>
    public async Task Consume(ConsumeContext<GuaranteeLapsed> context)
    {
        var m = context.Message;
        var g = await RowAsync(m.GuaranteeId, m.CustomerId, context.CancellationToken);
        g.TerminationReason = Lapsed;
        g.TerminatedOn = g.StartDate;
    }

    private GuaranteeStatusEvent Recorded(GuaranteeCoverProjection g, Guid eventId, GuaranteeStatusKind kind, DateTimeOffset occurredAt, DateOnly? accidentOn, long? outstanding) =>
        new()
        {
            Id = Guid.CreateVersion7(), GuaranteeId = g.GuaranteeId, EventId = eventId, Kind = kind, OccurredAt = occurredAt,
            AccidentOn = accidentOn, OutstandingBalance = outstanding, RecordedAt = clock.GetUtcNow(),
        };

    /// <summary>
    /// Adds <paramref name="consumed"/> to the guarantee's accident history (unless it is there already) and books what
    /// that history implies and the accident book lacks. Nothing before the issue: the movements wait for the
    /// guarantee's ratio and fund.
    /// </summary>
    private async Task BookAccidentsAsync(GuaranteeCoverProjection g, GuaranteeStatusEvent? consumed, CancellationToken cancellationToken)
    {
        var history = await db.StatusEvents.AsNoTracking().Where(e => e.GuaranteeId == g.GuaranteeId).ToListAsync(cancellationToken);
        if (consumed is not null && history.TrueForAll(e => e.EventId != consumed.EventId || e.Kind != consumed.Kind))
        {
            db.StatusEvents.Add(consumed);
            history.Add(consumed);
        }

        if (!g.IsIssued)
        {
            return;
        }

        var booked = await db.Movements.AsNoTracking()
            .Where(x => x.SubjectId == g.GuaranteeId && x.Category == PortfolioCategory.Accident)
            .Select(x => new AccidentHistory.Booked(x.Movement, x.SourceId, x.Won))
            .ToListAsync(cancellationToken);
        foreach (var move in AccidentHistory.Missing(history, booked, balance => GuaranteedShare(g, balance)))
        {
            Move(PortfolioCategory.Accident, move.Movement, g, move.On, move.Won, move.SourceId);
        }
    }

    /// <summary>The guarantor's part of a balance: what the accident book carries.</summary>
    private static long GuaranteedShare(GuaranteeCoverProjection g, long balance) =>
        g.GuaranteeRatio > 0 ? Math.Min(Won.Truncate(balance * g.GuaranteeRatio), g.GuaranteedAmount) : balance;

    private void Move(PortfolioCategory category, Movement movement, GuaranteeCoverProjection g, DateOnly on, long won, Guid source) =>
        db.Movements.Add(BookMovement.Of(
            category, movement, g.FundCode ?? FundFallback.ForProduct(g.ProductCode), on, 1, won, source, g.GuaranteeId, Recorder, clock.GetUtcNow()));

    private async Task<GuaranteeCoverProjection> RowAsync(Guid guaranteeId, string customerId, CancellationToken cancellationToken)
    {
        // One guarantee's events one at a time (held to commit; the inbox filter's transaction): a cure and its accident
        // consumed side by side would each miss the other's history.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({"subrogation.guarantee:" + guaranteeId}))", cancellationToken);
        var row = await db.Guarantees.SingleOrDefaultAsync(g => g.GuaranteeId == guaranteeId, cancellationToken);
        if (row is null)
        {
            row = new GuaranteeCoverProjection { GuaranteeId = guaranteeId, CustomerId = customerId };
            db.Guarantees.Add(row);
        }

        row.UpdatedAt = clock.GetUtcNow();
        return row;
    }
}

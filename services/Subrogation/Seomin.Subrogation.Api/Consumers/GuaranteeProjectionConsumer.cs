using MassTransit;
using Microsoft.EntityFrameworkCore;
using Seomin.Contracts.Guarantee;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Domain;
using Seomin.Subrogation.Domain.Reports;
using Seomin.BusinessTime;

namespace Seomin.Subrogation.Api.Consumers;

/// <summary>
/// Keeps the guarantee projection from Guarantee's events. The inbox drops a redelivered message id; each event fills
/// only its own fields, so arrival order does not matter (accident and normalisation compare their event times); the
/// accident book's movements are keyed by the event id, so nothing is counted twice.
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

        // The accident (or its normalisation) arrived first: its book movements waited for the ratio and the fund.
        var accidentBooked = await db.Movements.AnyAsync(
            x => x.SubjectId == g.GuaranteeId && x.Category == PortfolioCategory.Accident && x.Movement == Movement.New, context.CancellationToken);
        if (!accidentBooked && g.AccidentReportedAt is not null && g.OutstandingAtAccident is { } outstanding && g.AccidentOn is { } accidentOn)
        {
            BookAccident(g, accidentOn, outstanding, m.EventId);
        }
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
        if (g.AccidentReportedAt is { } known && known >= m.OccurredAt)
        {
            return; // an older report arriving late
        }

        g.AccidentOn = m.AccidentDate;
        g.AccidentKind = m.Kind;
        g.OutstandingAtAccident = m.OutstandingBalance;
        g.AccidentReportedAt = m.OccurredAt;
        if (g.IsIssued)
        {
            BookAccident(g, m.AccidentDate, m.OutstandingBalance, m.EventId);
        }
    }

    public async Task Consume(ConsumeContext<GuaranteeNormalized> context)
    {
        var m = context.Message;
        var g = await RowAsync(m.GuaranteeId, m.CustomerId, context.CancellationToken);
        var wasInAccident = g.InAccident;
        if (g.NormalizedAt is null || g.NormalizedAt < m.OccurredAt)
        {
            g.NormalizedAt = m.OccurredAt;
        }

        if (wasInAccident && !g.InAccident && g.IsIssued)
        {
            var on = BusinessClock.SeoulDate(m.OccurredAt);
            Move(PortfolioCategory.Accident, Movement.Normalised, g, on, GuaranteedShare(g, g.OutstandingAtAccident ?? 0), m.EventId);
        }
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

    /// <summary>
    /// The accident's book movement, and its normalisation when that was consumed first (the events travel on separate
    /// queues and may be redelivered): it waited for the accident and the guarantee's ratio and fund.
    /// </summary>
    private void BookAccident(GuaranteeCoverProjection g, DateOnly accidentOn, long outstanding, Guid source)
    {
        Move(PortfolioCategory.Accident, Movement.New, g, accidentOn, GuaranteedShare(g, outstanding), source);
        if (!g.InAccident && g.NormalizedAt is { } normalizedAt)
        {
            Move(PortfolioCategory.Accident, Movement.Normalised, g, BusinessClock.SeoulDate(normalizedAt), GuaranteedShare(g, outstanding), source);
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

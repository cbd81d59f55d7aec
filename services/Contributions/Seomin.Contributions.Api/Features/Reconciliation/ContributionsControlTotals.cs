using Microsoft.EntityFrameworkCore;
using Seomin.Contributions.Api.Data;
using Seomin.Contributions.Api.Features.Collection;
using Seomin.Reconciliation;

namespace Seomin.Contributions.Api.Features.Reconciliation;

/// <summary>
/// The contributions service's control totals (docs/adr/0022): contribution payments received (key: the payment id),
/// and the fund ledger's postings by their source, keyed by the id the posting was booked from (its unique
/// <see cref="JournalEntry.SourceId"/>): Guarantee's fee ledger entry id, the subrogation claim id, the recovery id,
/// the contribution payment id. All dated by the business date the ledger books (<see cref="JournalEntry.On"/>).
/// </summary>
/// <remarks>
/// A payment is booked as one posting per assessment it pays (<c>{paymentId}:{assessmentId}</c>) plus one for what it
/// leaves unapplied (<c>payment-unapplied</c>); the ledger measure sums them per payment, so a payment reconciles to the
/// won received. Held cash applied later (<c>held:…</c>) moves money already in the ledger and is not counted again.
/// </remarks>
public sealed class ContributionsControlTotals(ContributionsDbContext db) : IControlTotalsSource
{
    /// <summary>Ledger source types (as the consumers and the payment desk book them) and the measure each reports under.</summary>
    public static readonly IReadOnlyDictionary<string, string> LedgerMeasures = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["guarantee.fee-paid"] = Measures.LedgerFeesIn,
        ["guarantee.fee-refunded"] = Measures.LedgerFeeRefundsOut,
        ["subrogation.paid"] = Measures.LedgerSubrogationOut,
        ["subrogation.recourse-recovered"] = Measures.LedgerRecoveriesIn,
        [PaymentPostings.Applied] = Measures.LedgerContributionsIn,
        [PaymentPostings.Unapplied] = Measures.LedgerContributionsIn,
    };

    public async Task<IReadOnlyList<ControlMeasure>> MeasureAsync(ControlPeriod period, bool includeKeys, CancellationToken cancellationToken)
    {
        var (from, to) = (period.From, period.To);
        var payments = await db.Payments.AsNoTracking()
            .Where(p => p.ReceivedOn >= from && p.ReceivedOn <= to)
            .Select(p => new ControlRow(PaymentDesk.ContributionFund, p.Id.ToString(), p.Amount, p.RecordedAt))
            .ToListAsync(cancellationToken);

        var sourceTypes = LedgerMeasures.Keys.ToList();
        var postings = await db.Entries.AsNoTracking()
            .Where(e => e.On >= from && e.On <= to && sourceTypes.Contains(e.SourceType) && !e.SourceId.StartsWith(PaymentPostings.HeldPrefix))
            .Select(e => new { e.FundCode, e.SourceType, e.SourceId, e.Amount, e.RecordedAt })
            .ToListAsync(cancellationToken);

        var measures = new List<ControlMeasure>(ControlRows.ToMeasures(Measures.ContributionsPaid, payments, includeKeys));
        foreach (var group in postings.GroupBy(p => LedgerMeasures[p.SourceType], StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            // One row per business key: a payment's postings (per assessment, and its unapplied rest) add up to it.
            var rows = group
                .GroupBy(p => (p.FundCode, Key: PaymentPostings.KeyOf(p.SourceId)))
                .Select(k => new ControlRow(k.Key.FundCode, k.Key.Key, k.Sum(p => p.Amount), k.Min(p => p.RecordedAt)));
            measures.AddRange(ControlRows.ToMeasures(group.Key, rows, includeKeys));
        }

        return measures;
    }
}

/// <summary>How the payment desk names the ledger sources of a contribution payment.</summary>
public static class PaymentPostings
{
    /// <summary>Applied to an assessment: source id <c>{paymentId}:{assessmentId}</c> (or <c>held:{applicationId}</c> for held cash).</summary>
    public const string Applied = "contribution-payment";

    /// <summary>The part of a payment that matched nothing: source id <c>{paymentId}</c>.</summary>
    public const string Unapplied = "payment-unapplied";

    /// <summary>Held cash applied later: already in the ledger as unapplied cash.</summary>
    public const string HeldPrefix = "held:";

    /// <summary>The payment id a payment posting was booked from (the part before the first colon).</summary>
    public static string KeyOf(string sourceId) => sourceId.Split(':', 2)[0];
}

/// <summary>
/// Maps the reconciliation job's operator endpoints (<c>/api/contributions/reconciliation/runs</c>) and this service's
/// own <c>GET /internal/control-totals</c>.
/// </summary>
public static class ContributionsReconciliationMapping
{
    public static WebApplication MapReconciliation(this WebApplication app)
    {
        app.MapReconciliationEndpoints("/api/contributions");
        app.MapControlTotals<ContributionsDbContext>(Measures.ContributionsService);
        return app;
    }
}

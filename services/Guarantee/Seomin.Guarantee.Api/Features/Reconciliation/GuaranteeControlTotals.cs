using Seomin.Contracts.Contributions;
using Seomin.Guarantee.Api.Data;
using Seomin.Reconciliation;

namespace Seomin.Guarantee.Api.Features.Reconciliation;

/// <summary>
/// The guarantee service's control totals (docs/adr/0022): fees paid and fees refunded per fund, keyed by the fee
/// ledger entry id that <c>GuaranteeFeePaid</c> / <c>GuaranteeFeeRefunded</c> carry, for the entries whose business
/// date falls in the period; and the guarantees outstanding per fund now (informational: no ledger mirrors it).
/// A key's instant is when its event entered the outbox (the settle window counts from there), else its business date.
/// </summary>
public sealed class GuaranteeControlTotals(GuaranteeDbContext db) : IControlTotalsSource
{
    /// <summary>Fee entries with their fund and the outbox row that published them. Refunds are stored negative.</summary>
    private const string FeeRows = $"""
        WITH published AS (
            SELECT (body::jsonb ->> 'ledgerEntryId')::uuid AS entry_id, min(created_at) AS at
            FROM guarantee.outbox_messages
            WHERE message_type IN ('guarantee.fee-paid', 'guarantee.fee-refunded') AND created_at >= $1 - interval '1 day'
            GROUP BY 1)
        SELECT coalesce(nullif(g.fund_code, ''), '{FundCodes.KinfaSupplementary}'), e.id::text, abs(e.amount),
               coalesce(p.at, (e.occurred_on::timestamp AT TIME ZONE 'Asia/Seoul'))
        FROM guarantee.fee_ledger_entries e
        JOIN guarantee.guarantees g ON g.id = e.guarantee_id
        LEFT JOIN published p ON p.entry_id = e.id
        WHERE e.occurred_on BETWEEN $3 AND $4 AND e.amount <> 0
        """;

    public async Task<IReadOnlyList<ControlMeasure>> MeasureAsync(ControlPeriod period, bool includeKeys, CancellationToken cancellationToken)
    {
        var paid = await ControlRows.QueryAsync(db, FeeRows + " AND e.kind = 'Payment'", period, cancellationToken);
        var refunded = await ControlRows.QueryAsync(db, FeeRows + " AND e.kind IN ('UnusedFeeRefund', 'OverpaymentRefund')", period, cancellationToken);
        var outstanding = await ControlRows.TotalsAsync(db, Measures.GuaranteesOutstanding, $"""
            SELECT coalesce(nullif(fund_code, ''), '{FundCodes.KinfaSupplementary}'), count(*), coalesce(sum(CASE
                     WHEN status IN ('Approved', 'Agreed', 'Issued') THEN guaranteed_amount
                     ELSE trunc(loan_balance * guarantee_ratio) END), 0)::bigint
            FROM guarantee.guarantees
            WHERE status IN ('Approved', 'Agreed', 'Issued', 'LoanExecuted', 'Accident', 'Normalised')
            GROUP BY 1
            """, period, cancellationToken);
        return
        [
            .. ControlRows.ToMeasures(Measures.FeesPaid, paid, includeKeys),
            .. ControlRows.ToMeasures(Measures.FeesRefunded, refunded, includeKeys),
            .. outstanding,
        ];
    }
}

/// <summary>Maps <c>GET /internal/control-totals</c> for this service (auditors and operators; not routed by the gateway).</summary>
public static class GuaranteeControlTotalsEndpoint
{
    public static WebApplication MapControlTotalsEndpoint(this WebApplication app)
    {
        app.MapControlTotals<GuaranteeDbContext>(Measures.GuaranteeService);
        return app;
    }
}

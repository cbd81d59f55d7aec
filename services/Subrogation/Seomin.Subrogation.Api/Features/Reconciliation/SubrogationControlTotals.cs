using Seomin.Reconciliation;
using Seomin.Subrogation.Api.Data;

namespace Seomin.Subrogation.Api.Features.Reconciliation;

/// <summary>
/// The subrogation service's control totals (docs/adr/0022), per fund: subrogation payments to lenders (key: the claim
/// id <c>SubrogationPaid</c> carries; a paid claim opens exactly one recourse claim with the guarantor's share as its
/// opening principal, dated the day paid) and recoveries from debtors (key: the recovery id <c>RecourseRecovered</c>
/// carries, the whole amount recovered, dated the day recovered). Business dates are the ones the fund ledger books.
/// </summary>
public sealed class SubrogationControlTotals(SubrogationDbContext db) : IControlTotalsSource
{
    private const string PaymentRows = """
        WITH published AS (
            SELECT (body::jsonb ->> 'claimId')::uuid AS claim_id, min(created_at) AS at
            FROM subrogation.outbox_messages
            WHERE message_type = 'subrogation.paid' AND created_at >= $1 - interval '1 day'
            GROUP BY 1)
        SELECT c."FundCode", c."ClaimId"::text, c."OpeningPrincipal",
               coalesce(p.at, (c."OpenedOn"::timestamp AT TIME ZONE 'Asia/Seoul'))
        FROM subrogation.recourse_claims c
        LEFT JOIN published p ON p.claim_id = c."ClaimId"
        WHERE c."OpenedOn" BETWEEN $3 AND $4 AND c."OpeningPrincipal" > 0
        """;

    private const string RecoveryRows = """
        SELECT c."FundCode", r."Id"::text, r."Amount", r."RecordedAt"
        FROM subrogation.recoveries r
        JOIN subrogation.recourse_claims c ON c."Id" = r."RecourseId"
        WHERE r."RecoveredOn" BETWEEN $3 AND $4 AND r."Amount" > 0
        """;

    public async Task<IReadOnlyList<ControlMeasure>> MeasureAsync(ControlPeriod period, bool includeKeys, CancellationToken cancellationToken)
    {
        var payments = await ControlRows.QueryAsync(db, PaymentRows, period, cancellationToken);
        var recoveries = await ControlRows.QueryAsync(db, RecoveryRows, period, cancellationToken);
        return
        [
            .. ControlRows.ToMeasures(Measures.SubrogationPayments, payments, includeKeys),
            .. ControlRows.ToMeasures(Measures.Recoveries, recoveries, includeKeys),
        ];
    }
}

/// <summary>Maps <c>GET /internal/control-totals</c> for this service (auditors and operators; not routed by the gateway).</summary>
public static class SubrogationControlTotalsEndpoint
{
    public static WebApplication MapControlTotalsEndpoint(this WebApplication app)
    {
        app.MapControlTotals<SubrogationDbContext>(Measures.SubrogationService);
        return app;
    }
}

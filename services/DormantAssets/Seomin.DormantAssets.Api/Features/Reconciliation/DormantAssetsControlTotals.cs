using Seomin.DormantAssets.Api.Data;
using Seomin.Reconciliation;

namespace Seomin.DormantAssets.Api.Features.Reconciliation;

/// <summary>
/// The dormant-asset service's control totals (docs/adr/0022): refunds paid out to owners (key: the claim id
/// <c>DormantRefundPaid</c> carries), dated the day paid. Not per fund: dormant deposits are held for their owners, not
/// a guarantee fund, so no fund ledger books them and no rule pairs this measure (it is reported for the operator).
/// </summary>
public sealed class DormantAssetsControlTotals(DormantAssetsDbContext db) : IControlTotalsSource
{
    private const string PayoutRows = """
        SELECT NULL::text, id::text, payout, (paid_on::timestamp AT TIME ZONE 'Asia/Seoul')
        FROM dormant.claims
        WHERE status = 'Paid' AND paid_on BETWEEN $3 AND $4
        """;

    public async Task<IReadOnlyList<ControlMeasure>> MeasureAsync(ControlPeriod period, bool includeKeys, CancellationToken cancellationToken) =>
        ControlRows.ToMeasures(Measures.DormantPayouts, await ControlRows.QueryAsync(db, PayoutRows, period, cancellationToken), includeKeys);
}

/// <summary>Maps <c>GET /internal/control-totals</c> for this service (auditors and operators; not routed by the gateway).</summary>
public static class DormantAssetsControlTotalsEndpoint
{
    public static WebApplication MapControlTotalsEndpoint(this WebApplication app)
    {
        app.MapControlTotals<DormantAssetsDbContext>(Measures.DormantAssetsService);
        return app;
    }
}

using Microsoft.EntityFrameworkCore;
using Npgsql;
using Seomin.DormantAssets.Api.Data;

namespace Seomin.DormantAssets.Api.Features.Control;

public sealed record AgeingBucket(string Bucket, long Count, long Amount);

public sealed record HoldReasonCount(string Code, long Count);

public sealed record PartnerVolume(string PartnerCode, long Claims, long Amount, long Held, long Paid);

/// <summary>The monitoring view of internal control (seed 001: 휴면예금 시스템 운영현황 상시 모니터링).</summary>
public sealed record MonitoringView(long HeldClaims, long HeldAmount, IReadOnlyList<AgeingBucket> HeldAgeing, IReadOnlyList<HoldReasonCount> HoldReasons,
    IReadOnlyList<PartnerVolume> PartnersLast30Days, long PayableAfterFailedTransfer);

/// <summary>Held claims by age and reason, per-partner volumes, claims left payable by failed transfers: computed in SQL.</summary>
public sealed class Monitoring(DormantAssetsDbContext db, TimeProvider clock)
{
    public async Task<MonitoringView> NowAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var ageing = await ReadAsync(connection, """
                SELECT CASE WHEN claimed_at > @now - interval '1 day' THEN '0-1d' WHEN claimed_at > @now - interval '7 days' THEN '1-7d'
                            WHEN claimed_at > @now - interval '30 days' THEN '7-30d' ELSE '30d+' END AS bucket, count(*), coalesce(sum(payout), 0)::bigint
                FROM dormant.claims WHERE status = 'Held' GROUP BY 1 ORDER BY 1
                """, now, r => new AgeingBucket(r.GetString(0), r.GetInt64(1), r.GetInt64(2)), cancellationToken);
            var reasons = await ReadAsync(connection, """
                SELECT code, count(*) FROM dormant.claims, unnest(hold_codes) AS code WHERE status = 'Held' GROUP BY code ORDER BY code
                """, now, r => new HoldReasonCount(r.GetString(0), r.GetInt64(1)), cancellationToken);
            var partners = await ReadAsync(connection, """
                SELECT partner_code, count(*), coalesce(sum(payout), 0)::bigint, count(*) FILTER (WHERE status = 'Held'), count(*) FILTER (WHERE status = 'Paid')
                FROM dormant.claims WHERE partner_code IS NOT NULL AND claimed_at > @now - interval '30 days' GROUP BY partner_code ORDER BY partner_code
                """, now, r => new PartnerVolume(r.GetString(0), r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), r.GetInt64(4)), cancellationToken);
            var failed = await ReadAsync(connection, "SELECT count(*) FROM dormant.claims WHERE status = 'Approved' AND failed_transfers > 0", now, r => r.GetInt64(0), cancellationToken);
            return new MonitoringView(ageing.Sum(a => a.Count), ageing.Sum(a => a.Amount), ageing, reasons, partners, failed[0]);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlConnection connection, string sql, DateTimeOffset now, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }
}

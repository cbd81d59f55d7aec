using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Seomin.DormantAssets.Api.Data;

namespace Seomin.DormantAssets.Api.Features.Disclosure;

/// <summary>One row of the monthly disclosure (공시): one asset type in one institution sector.</summary>
public sealed record DisclosureRow(
    string AssetType,
    string Sector,
    long TransferredCount,
    long TransferredAmount,
    long PaidCount,
    long PaidAmount,
    long OutstandingCount,
    long OutstandingAmount);

public sealed record MonthlyDisclosure(string Month, DateOnly MonthEnd, IReadOnlyList<DisclosureRow> Rows, DisclosureRow Total);

/// <summary>
/// 휴면금융자산 관리 현황 공시 (seed 001): per asset type and sector, what was transferred and paid in the month and what
/// is outstanding at its end, computed in SQL (principal amounts; interest paid is part of the claims' payouts).
/// </summary>
public sealed class MonthlyStatistics(DormantAssetsDbContext db)
{
    public async Task<MonthlyDisclosure> ForAsync(DateOnly monthStart, CancellationToken cancellationToken)
    {
        var next = monthStart.AddMonths(1);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand("""
                SELECT type, sector,
                    count(*) FILTER (WHERE transferred_on >= @from AND transferred_on < @next),
                    coalesce(sum(amount) FILTER (WHERE transferred_on >= @from AND transferred_on < @next), 0)::bigint,
                    count(*) FILTER (WHERE paid_on >= @from AND paid_on < @next),
                    coalesce(sum(amount) FILTER (WHERE paid_on >= @from AND paid_on < @next), 0)::bigint,
                    count(*) FILTER (WHERE transferred_on < @next AND (paid_on IS NULL OR paid_on >= @next)),
                    coalesce(sum(amount) FILTER (WHERE transferred_on < @next AND (paid_on IS NULL OR paid_on >= @next)), 0)::bigint
                FROM dormant.assets
                WHERE transferred_on < @next
                GROUP BY type, sector
                ORDER BY type, sector
                """, connection);
            command.Parameters.AddWithValue("from", monthStart);
            command.Parameters.AddWithValue("next", next);
            var rows = new List<DisclosureRow>();
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(new DisclosureRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
                        reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7)));
                }
            }

            var total = new DisclosureRow("All", "All", rows.Sum(r => r.TransferredCount), rows.Sum(r => r.TransferredAmount), rows.Sum(r => r.PaidCount),
                rows.Sum(r => r.PaidAmount), rows.Sum(r => r.OutstandingCount), rows.Sum(r => r.OutstandingAmount));
            return new MonthlyDisclosure(monthStart.ToString("yyyy-MM", CultureInfo.InvariantCulture), next.AddDays(-1), rows, total);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    public static string ToCsv(MonthlyDisclosure disclosure)
    {
        var csv = new StringBuilder("month,assetType,sector,transferredCount,transferredAmount,paidCount,paidAmount,outstandingCount,outstandingAmount\n");
        foreach (var r in disclosure.Rows.Append(disclosure.Total))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{disclosure.Month},{r.AssetType},{r.Sector},{r.TransferredCount},{r.TransferredAmount},{r.PaidCount},{r.PaidAmount},{r.OutstandingCount},{r.OutstandingAmount}\n");
        }

        return csv.ToString();
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Seomin.Contracts.Contributions;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Domain.Capacity;

namespace Seomin.Guarantee.Api.Features;

/// <summary>One fund's capacity row: outstanding guaranteed amount, fund balance and limit, read in one statement.</summary>
public sealed record CapacitySnapshot(long OutstandingGuaranteed, long FundBalance, long Limit);

/// <summary>
/// The capacity ledger per guarantor fund (table <c>guarantee.fund_capacity</c>, migration PerFundCapacity): a trigger on
/// the guarantees keeps each fund's <c>outstanding_guaranteed</c> equal to the sum over that fund's live guarantees in the
/// same transaction, and refuses a new guarantee that would take its fund above <c>limit_guaranteed</c> (SQLSTATE
/// <see cref="RefusedSqlState"/>). Funds are separate pools: KINFA's accounts and the Incheon foundation's base capital never
/// lend each other room. The row lock is held only from the guarantee insert to commit. The service keeps each fund's
/// balance and limit current (start-up and that fund's balance event).
/// </summary>
public static class CapacityLedger
{
    public const string RefusedSqlState = "SGC01";

    public static async Task<CapacitySnapshot> ReadAsync(GuaranteeDbContext db, string fundCode, CancellationToken ct) =>
        await db.Database.SqlQuery<CapacitySnapshot>($"""
            SELECT outstanding_guaranteed AS "OutstandingGuaranteed", fund_balance AS "FundBalance", limit_guaranteed AS "Limit"
            FROM guarantee.fund_capacity WHERE fund_code = {fundCode}
            """).SingleOrDefaultAsync(ct)
        ?? new CapacitySnapshot(0, 0, 0);

    /// <summary>Sets a fund's balance (projection, else that fund's configured constant) and its limit = multiple × fund.</summary>
    public static async Task SyncFundAsync(GuaranteeDbContext db, FundCapacity fund, long? fundBalance, CancellationToken ct)
    {
        var balance = fundBalance ?? await ExposureQueries.FundBalanceAsync(db, fund, ct);
        var limit = CapacityRule.Limit(balance, fund.OperatingMultiple);
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO guarantee.fund_capacity (fund_code, outstanding_guaranteed, fund_balance, limit_guaranteed)
            VALUES ({fund.FundCode}, 0, {balance}, {limit})
            ON CONFLICT (fund_code) DO UPDATE SET fund_balance = EXCLUDED.fund_balance, limit_guaranteed = EXCLUDED.limit_guaranteed, updated_at = now()
            """, ct);
    }

    /// <summary>Recomputes every fund's outstanding amount from the guarantees (repair; the trigger keeps it exact); returns the total.</summary>
    public static Task<long> RecomputeAsync(GuaranteeDbContext db, CancellationToken ct) =>
        db.Database.SqlQuery<long>($"""SELECT guarantee.recompute_capacity() AS "Value" """).SingleAsync(ct);

    /// <summary>True when SaveChanges failed because the trigger refused a guarantee over its fund's operating multiple.</summary>
    public static bool IsRefusal(Exception ex) =>
        ex is DbUpdateException { InnerException: PostgresException { SqlState: RefusedSqlState } }
        or PostgresException { SqlState: RefusedSqlState };
}

/// <summary>At start-up, writes each fund's configured operating multiple × balance (projection, else constant) into its capacity row.</summary>
internal sealed partial class CapacitySync(IServiceScopeFactory scopes, IOptions<GuaranteeOptions> options, ILogger<CapacitySync> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GuaranteeDbContext>();
            foreach (var fundCode in FundCodes.All)
            {
                await CapacityLedger.SyncFundAsync(db, options.Value.Capacity.For(fundCode), null, cancellationToken);
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Not migrated yet: the limits stay as stored (a fund without a row refuses automatic approvals, which refer instead).
            LogNotMigrated(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The capacity ledger does not exist yet (migrations not applied); the operating-multiple limits were not synchronised.")]
    private static partial void LogNotMigrated(ILogger logger);
}

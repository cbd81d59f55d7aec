using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Domain.Capacity;

namespace Seomin.Guarantee.Api.Features;

/// <summary>The capacity row: outstanding guaranteed amount, fund balance and limit, read in one statement.</summary>
public sealed record CapacitySnapshot(long OutstandingGuaranteed, long FundBalance, long Limit);

/// <summary>
/// The capacity ledger (table <c>guarantee.capacity</c>, migration CapacityLedger): a trigger on the guarantees
/// keeps <c>outstanding_guaranteed</c> equal to the sum over live guarantees in the same transaction, and refuses
/// a new guarantee that would take it above <c>limit_guaranteed</c> (SQLSTATE <see cref="RefusedSqlState"/>).
/// The row lock is held only from the guarantee insert to commit, so approvals no longer serialise on a global
/// lock for the whole request. The service keeps fund balance and limit current (start-up and fund event).
/// </summary>
public static class CapacityLedger
{
    public const string RefusedSqlState = "SGC01";

    public static Task<CapacitySnapshot> ReadAsync(GuaranteeDbContext db, CancellationToken ct) =>
        db.Database.SqlQuery<CapacitySnapshot>($"""
            SELECT outstanding_guaranteed AS "OutstandingGuaranteed", fund_balance AS "FundBalance", limit_guaranteed AS "Limit"
            FROM guarantee.capacity WHERE id = 1
            """).SingleAsync(ct);

    /// <summary>Sets the fund balance (projection, else configuration) and the limit = multiple × fund.</summary>
    public static async Task SyncFundAsync(GuaranteeDbContext db, CapacityOptions options, long? fundBalance, CancellationToken ct)
    {
        var fund = fundBalance ?? await ExposureQueries.FundBalanceAsync(db, options, ct);
        var limit = CapacityRule.Limit(fund, options.OperatingMultiple);
        await db.Database.ExecuteSqlAsync($"""
            UPDATE guarantee.capacity SET fund_balance = {fund}, limit_guaranteed = {limit}, updated_at = now() WHERE id = 1
            """, ct);
    }

    /// <summary>Recomputes the outstanding amount from the guarantees (repair; the trigger keeps it exact).</summary>
    public static Task<long> RecomputeAsync(GuaranteeDbContext db, CancellationToken ct) =>
        db.Database.SqlQuery<long>($"""SELECT guarantee.recompute_capacity() AS "Value" """).SingleAsync(ct);

    /// <summary>True when SaveChanges failed because the trigger refused a guarantee over the operating multiple.</summary>
    public static bool IsRefusal(Exception ex) =>
        ex is DbUpdateException { InnerException: PostgresException { SqlState: RefusedSqlState } }
        or PostgresException { SqlState: RefusedSqlState };
}

/// <summary>At start-up, writes the configured operating multiple × fund balance into the capacity row.</summary>
internal sealed partial class CapacitySync(IServiceScopeFactory scopes, IOptions<GuaranteeOptions> options, ILogger<CapacitySync> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<GuaranteeDbContext>();
            await CapacityLedger.SyncFundAsync(db, options.Value.Capacity, null, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Not migrated yet: the limit stays as stored (0 on a fresh ledger refuses automatic approvals, which refer instead).
            LogNotMigrated(logger);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The capacity ledger does not exist yet (migrations not applied); the operating-multiple limit was not synchronised.")]
    private static partial void LogNotMigrated(ILogger logger);
}

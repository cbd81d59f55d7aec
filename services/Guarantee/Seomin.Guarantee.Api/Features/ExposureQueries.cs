using Microsoft.EntityFrameworkCore;
using Seomin.Guarantee.Api.Data;

namespace Seomin.Guarantee.Api.Features;

/// <summary>
/// Aggregates over live guarantees, in SQL so they stay cheap with many rows. The formulas mirror
/// CreditGuarantee.OutstandingGuaranteed / CustomerExposure (guaranteed = balance × ratio, truncated).
/// </summary>
public static class ExposureQueries
{
    public const string AdvisoryLockKey = "guarantee-capacity";

    /// <summary>Serialises approvals so two concurrent ones cannot both pass the capacity and per-person checks.</summary>
    public static Task LockApprovalsAsync(GuaranteeDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({AdvisoryLockKey}))", ct);

    public static Task<long> OutstandingGuaranteedAsync(GuaranteeDbContext db, CancellationToken ct) =>
        db.Database.SqlQuery<long>($"""
            SELECT COALESCE(SUM(CASE
                WHEN status IN ('Approved','Agreed','Issued') THEN guaranteed_amount
                WHEN status IN ('LoanExecuted','Accident','Normalised') THEN trunc(loan_balance * guarantee_ratio)::bigint
                ELSE 0 END), 0)::bigint AS "Value"
            FROM guarantee.guarantees
            """).SingleAsync(ct);

    public static Task<long> CustomerExposureAsync(GuaranteeDbContext db, string customerId, string productCode, CancellationToken ct) =>
        db.Database.SqlQuery<long>($"""
            SELECT COALESCE(SUM(CASE
                WHEN status IN ('Approved','Agreed','Issued') THEN approved_loan_amount
                WHEN status IN ('LoanExecuted','Accident','Normalised') THEN loan_balance
                ELSE 0 END), 0)::bigint AS "Value"
            FROM guarantee.guarantees WHERE customer_id = {customerId} AND product_code = {productCode}
            """).SingleAsync(ct);

    /// <summary>Programme budget used: every guarantee of the product that did not lapse.</summary>
    public static Task<long> BudgetUsedAsync(GuaranteeDbContext db, string productCode, CancellationToken ct) =>
        db.Database.SqlQuery<long>($"""
            SELECT COALESCE(SUM(approved_loan_amount), 0)::bigint AS "Value"
            FROM guarantee.guarantees WHERE product_code = {productCode} AND status <> 'Lapsed'
            """).SingleAsync(ct);

    public static async Task<long> FundBalanceAsync(GuaranteeDbContext db, CapacityOptions options, CancellationToken ct)
    {
        var row = await db.FundBalances.AsNoTracking().SingleOrDefaultAsync(f => f.Id == FundBalance.SingletonId, ct);
        return row?.Balance ?? options.InitialFundBalance;
    }
}

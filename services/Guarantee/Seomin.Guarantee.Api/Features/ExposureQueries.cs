using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Domain.Products;

namespace Seomin.Guarantee.Api.Features;

/// <summary>
/// Aggregates over live guarantees, in SQL so they stay cheap with many rows. The formulas mirror
/// CreditGuarantee.OutstandingGuaranteed / CustomerExposure (guaranteed = balance × ratio, truncated).
/// </summary>
public static class ExposureQueries
{
    /// <summary>Advisory-lock namespaces (first key of the two-key form).</summary>
    public const string CustomerLockSpace = "guarantee-customer";
    public const string BudgetLockSpace = "guarantee-budget";

    /// <summary>
    /// Serialises decisions of one customer (the per-person limit counts their existing exposure); other
    /// customers proceed in parallel. Must run in the caller's transaction, in its own statement before the reads.
    /// </summary>
    public static Task LockCustomerAsync(GuaranteeDbContext db, string customerId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtext({CustomerLockSpace}), hashtext({customerId}))", ct);

    /// <summary>
    /// One round trip for everything screening reads, in the submission transaction: the per-customer lock (and,
    /// for a product with a programme budget, a per-product lock, since the budget is shared), then in a second
    /// statement of the same batch (so its snapshot follows the locks) the customer's exposure, budget used,
    /// the capacity row and the customer's incentives.
    /// </summary>
    public static async Task<ScreeningInputs> LockAndReadScreeningInputsAsync(
        GuaranteeDbContext db, string customerId, ProductVersion product, DateOnly on, CancellationToken ct)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction)(db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Screening inputs are read inside the submission transaction."));
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))")
        {
            Parameters = { new() { Value = CustomerLockSpace }, new() { Value = customerId } },
        });
        if (product.Budget is not null)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtext($1), hashtext($2))")
            {
                Parameters = { new() { Value = BudgetLockSpace }, new() { Value = product.Code } },
            });
        }

        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            SELECT
              (SELECT COALESCE(SUM(CASE
                  WHEN status IN ('Approved','Agreed','Issued') THEN approved_loan_amount
                  WHEN status IN ('LoanExecuted','Accident','Normalised') THEN loan_balance
                  ELSE 0 END), 0)::bigint
               FROM guarantee.guarantees WHERE customer_id = $1 AND product_code = $2),
              CASE WHEN $3 THEN (SELECT COALESCE(SUM(approved_loan_amount), 0)::bigint
                                 FROM guarantee.guarantees WHERE product_code = $2 AND status <> 'Lapsed') ELSE 0::bigint END,
              COALESCE(c.outstanding_guaranteed, 0)::bigint, COALESCE(c.fund_balance, 0)::bigint,
              EXISTS (SELECT 1 FROM guarantee.customer_incentives i WHERE i.customer_id = $1 AND i.kind = 'PreApplicationCounseling'
                      AND i.valid_from <= $4 AND i.valid_until >= $4),
              EXISTS (SELECT 1 FROM guarantee.customer_incentives i WHERE i.customer_id = $1 AND i.kind = 'FinancialEducation'
                      AND i.valid_from <= $4 AND i.valid_until >= $4),
              CASE WHEN $6 THEN (SELECT COALESCE(SUM(approved_loan_amount), 0)::bigint FROM guarantee.guarantees
                                 WHERE customer_id = $1 AND product_code = $2 AND status <> 'Lapsed' AND approved_on > $7) ELSE 0::bigint END
            FROM (SELECT 1) one LEFT JOIN guarantee.fund_capacity c ON c.fund_code = $5
            """)
        {
            Parameters =
            {
                new() { Value = customerId },
                new() { Value = product.Code },
                new() { Value = product.Budget is not null },
                new() { Value = on },
                new() { Value = product.FundCode },
                new() { Value = product.Eligibility.SixMonthSubLimit is not null },
                new() { Value = on.AddMonths(-6) },
            },
        });
        await using var reader = await batch.ExecuteReaderAsync(ct);
        while (reader.FieldCount < 7 || !await reader.ReadAsync(ct))
        {
            if (!await reader.NextResultAsync(ct))
            {
                throw new InvalidOperationException("The screening read returned no row.");
            }
        }

        return new ScreeningInputs(
            reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetBoolean(4), reader.GetBoolean(5), reader.GetInt64(6));
    }

    /// <summary>Outstanding guaranteed amount of one fund's guarantees (null: every fund).</summary>
    public static Task<long> OutstandingGuaranteedAsync(GuaranteeDbContext db, CancellationToken ct, string? fundCode = null) =>
        db.Database.SqlQuery<long>($"""
            SELECT COALESCE(SUM(CASE
                WHEN status IN ('Approved','Agreed','Issued') THEN guaranteed_amount
                WHEN status IN ('LoanExecuted','Accident','Normalised') THEN trunc(loan_balance * guarantee_ratio)::bigint
                ELSE 0 END), 0)::bigint AS "Value"
            FROM guarantee.guarantees WHERE {fundCode}::text IS NULL OR fund_code = {fundCode}
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

    /// <summary>A fund's balance: the last one its balance event published, else its configured constant.</summary>
    public static async Task<long> FundBalanceAsync(GuaranteeDbContext db, FundCapacity fund, CancellationToken ct)
    {
        var row = await db.FundBalances.AsNoTracking().SingleOrDefaultAsync(f => f.FundCode == fund.FundCode, ct);
        return row?.Balance ?? fund.InitialFundBalance;
    }
}

/// <summary>What screening reads from the database for one submission.</summary>
public sealed record ScreeningInputs(
    long CustomerExposure, long BudgetUsed, long OutstandingGuaranteed, long FundBalance, bool Counseling, bool FinancialEducation,
    long SuppliedLastSixMonths);

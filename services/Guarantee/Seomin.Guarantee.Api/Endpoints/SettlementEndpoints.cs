using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Seomin.Guarantee.Api.Data;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Guarantee.Api.Endpoints;

/// <summary>How a lender's remittance compares with what it owes for the month.</summary>
public enum SettlementMatch
{
    /// <summary>Nothing owed and nothing remitted.</summary>
    Nothing,

    Matched,

    /// <summary>Less remitted than owed.</summary>
    Short,

    /// <summary>More remitted than owed.</summary>
    Over,

    /// <summary>Owed, nothing remitted yet.</summary>
    Unremitted,
}

/// <summary>One lender's month: fees it collected for the agency, refunds it paid out for it, the net it owes, what it remitted.</summary>
public sealed record LenderSettlement(
    string LenderCode, string Month, int PaymentCount, long FeesCollected, int RefundCount, long RefundsPaid, long NetDue, long Remitted,
    long Difference, SettlementMatch Match);

/// <summary>Per lender and product: the month's lender-settled fees and refunds (statistics).</summary>
public sealed record LenderProductStatistic(string LenderCode, string ProductCode, int PaymentCount, long FeesCollected, int RefundCount, long RefundsPaid, long Net);

public sealed record RemittanceRequest(string? LenderCode, string? Month, long Amount, DateOnly? ReceivedOn, string? Reference);

public sealed record RemittanceView(Guid Id, string LenderCode, string Month, long Amount, DateOnly ReceivedOn, string Reference);

/// <summary>Filters of the settlement list.</summary>
public sealed record SettlementQuery(
    [FromQuery(Name = "month")] string? Month,
    [FromQuery(Name = "lenderCode")] string? LenderCode,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "pageSize")] int? PageSize);

/// <summary>
/// 금융기관 보증료 정산 (seed 000; seed 001 수납체계 개편 직접 → 위탁): lenders collect fees on the agency's behalf and pay
/// the unused part back on early repayment; each month they owe the collected fees less those refunds, matched here to
/// the remittances they send. Sums are computed in SQL over the fee ledger's lender-settled entries.
/// </summary>
public static class SettlementEndpoints
{
    private const int MaxPageSize = 100;

    public static RouteGroupBuilder MapSettlementEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/guarantees/settlements").WithTags("Lender fee settlement").WithStandardProblems();
        group.MapGet("/", Settlements).ForReaders().WithName("LenderSettlements")
            .WithSummary("Monthly settlement per lender: fees collected, refunds paid, net due, remitted, match (month=yyyy-MM), paginated");
        group.MapGet("/statistics", Statistics).ForReaders().WithName("LenderSettlementStatistics")
            .WithSummary("The month's lender-settled fees and refunds per lender and product");
        group.MapPost("/remittances", RecordRemittance).ForWriters().WithName("RecordLenderRemittance")
            .WithSummary("Record a lender's remittance for a month (the same reference again is the same remittance)")
            .ProducesProblems(StatusCodes.Status409Conflict);
        return group;
    }

    public static async Task<Ok<PagedResult<LenderSettlement>>> Settlements([AsParameters] SettlementQuery filter, GuaranteeDbContext db, CancellationToken ct)
    {
        var window = Paging.Normalise(filter.Page, filter.PageSize, MaxPageSize);
        var month = ParseMonth(filter.Month);
        var next = month.AddMonths(1);
        var lender = string.IsNullOrWhiteSpace(filter.LenderCode) ? null : filter.LenderCode.Trim();
        var rows = await db.Database.SqlQuery<SettlementRow>($"""
            WITH moved AS (
                SELECT e.settled_by AS lender,
                       COUNT(*) FILTER (WHERE e.amount > 0)::int AS payments, COALESCE(SUM(e.amount) FILTER (WHERE e.amount > 0), 0)::bigint AS collected,
                       COUNT(*) FILTER (WHERE e.amount < 0)::int AS refunds, COALESCE(-SUM(e.amount) FILTER (WHERE e.amount < 0), 0)::bigint AS refunded
                FROM guarantee.fee_ledger_entries e
                WHERE e.settled_by IS NOT NULL AND e.occurred_on >= {month} AND e.occurred_on < {next}
                GROUP BY e.settled_by),
            remitted AS (
                SELECT lender_code AS lender, SUM(amount)::bigint AS remitted FROM guarantee.lender_remittances WHERE month = {month} GROUP BY lender_code)
            SELECT COALESCE(m.lender, r.lender) AS "LenderCode", COALESCE(m.payments, 0) AS "PaymentCount", COALESCE(m.collected, 0) AS "FeesCollected",
                   COALESCE(m.refunds, 0) AS "RefundCount", COALESCE(m.refunded, 0) AS "RefundsPaid", COALESCE(r.remitted, 0)::bigint AS "Remitted"
            FROM moved m FULL JOIN remitted r ON r.lender = m.lender
            WHERE {lender}::text IS NULL OR COALESCE(m.lender, r.lender) = {lender}
            ORDER BY 1
            """).ToListAsync(ct);
        var label = month.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        var lines = rows.Select(r =>
        {
            var net = r.FeesCollected - r.RefundsPaid;
            var difference = r.Remitted - net;
            var match = (net, r.Remitted) switch
            {
                (0, 0) => SettlementMatch.Nothing,
                (_, 0) => SettlementMatch.Unremitted,
                _ when difference == 0 => SettlementMatch.Matched,
                _ when difference < 0 => SettlementMatch.Short,
                _ => SettlementMatch.Over,
            };
            return new LenderSettlement(r.LenderCode, label, r.PaymentCount, r.FeesCollected, r.RefundCount, r.RefundsPaid, net, r.Remitted, difference, match);
        }).ToList();
        return TypedResults.Ok(window.Of<LenderSettlement>([.. lines.Skip(window.Skip).Take(window.Size)], lines.Count));
    }

    public static async Task<Ok<IReadOnlyList<LenderProductStatistic>>> Statistics([FromQuery(Name = "month")] string? month, GuaranteeDbContext db, CancellationToken ct)
    {
        var from = ParseMonth(month);
        var to = from.AddMonths(1);
        var rows = await db.Database.SqlQuery<LenderProductStatistic>($"""
            SELECT e.settled_by AS "LenderCode", g.product_code AS "ProductCode",
                   COUNT(*) FILTER (WHERE e.amount > 0)::int AS "PaymentCount", COALESCE(SUM(e.amount) FILTER (WHERE e.amount > 0), 0)::bigint AS "FeesCollected",
                   COUNT(*) FILTER (WHERE e.amount < 0)::int AS "RefundCount", COALESCE(-SUM(e.amount) FILTER (WHERE e.amount < 0), 0)::bigint AS "RefundsPaid",
                   COALESCE(SUM(e.amount), 0)::bigint AS "Net"
            FROM guarantee.fee_ledger_entries e JOIN guarantee.guarantees g ON g.id = e.guarantee_id
            WHERE e.settled_by IS NOT NULL AND e.occurred_on >= {from} AND e.occurred_on < {to}
            GROUP BY e.settled_by, g.product_code ORDER BY 1, 2
            """).ToListAsync(ct);
        return TypedResults.Ok<IReadOnlyList<LenderProductStatistic>>(rows);
    }

    public static async Task<Results<Created<RemittanceView>, Ok<RemittanceView>>> RecordRemittance(
        RemittanceRequest request, GuaranteeDbContext db, IAuditTrail audit, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.LenderCode) || request.LenderCode.Trim().Length > 40)
        {
            errors["lenderCode"] = ["lenderCode is required (at most 40 characters)."];
        }

        if (request.Amount <= 0)
        {
            errors["amount"] = ["amount must be at least 1 won."];
        }

        if (string.IsNullOrWhiteSpace(request.Reference) || request.Reference.Trim().Length > 100)
        {
            errors["reference"] = ["reference (the bank reference of the remittance) is required, at most 100 characters."];
        }

        if (request.ReceivedOn is null)
        {
            errors["receivedOn"] = ["receivedOn is required."];
        }

        if (errors.Count > 0)
        {
            throw new DomainValidationException(errors);
        }

        var month = ParseMonth(request.Month ?? throw new DomainValidationException("month", "month (yyyy-MM) is required."));
        var reference = request.Reference!.Trim();
        var lender = request.LenderCode!.Trim();
        if (await db.LenderRemittances.AsNoTracking().SingleOrDefaultAsync(r => r.Reference == reference, ct) is { } existing)
        {
            if (existing.LenderCode != lender || existing.Amount != request.Amount || existing.Month != month)
            {
                throw new ConflictException($"Remittance {reference} is already recorded with other figures.");
            }

            return TypedResults.Ok(View(existing));
        }

        var remittance = new LenderRemittance
        {
            Id = Guid.CreateVersion7(), LenderCode = lender, Month = month, Amount = request.Amount, ReceivedOn = request.ReceivedOn!.Value,
            Reference = reference, RecordedAt = time.GetUtcNow(),
        };
        db.LenderRemittances.Add(remittance);
        audit.Record(new AuditEntry(AuditAction.Create, "LenderRemittance", remittance.Id.ToString())
        {
            Changes =
            [
                new AuditFieldChange("lenderCode", null, lender),
                new AuditFieldChange("month", null, month.ToString("yyyy-MM", CultureInfo.InvariantCulture)),
                new AuditFieldChange("amount", null, request.Amount.ToString(CultureInfo.InvariantCulture)),
            ],
        });
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/guarantees/settlements?month={month:yyyy-MM}&lenderCode={Uri.EscapeDataString(lender)}", View(remittance));
    }

    private static RemittanceView View(LenderRemittance r) =>
        new(r.Id, r.LenderCode, r.Month.ToString("yyyy-MM", CultureInfo.InvariantCulture), r.Amount, r.ReceivedOn, r.Reference);

    private static DateOnly ParseMonth(string? month) =>
        DateOnly.TryParseExact((month ?? string.Empty).Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            ? first
            : throw new DomainValidationException("month", "month must be yyyy-MM, e.g. 2026-03.");

    private sealed record SettlementRow(string LenderCode, int PaymentCount, long FeesCollected, int RefundCount, long RefundsPaid, long Remitted);
}

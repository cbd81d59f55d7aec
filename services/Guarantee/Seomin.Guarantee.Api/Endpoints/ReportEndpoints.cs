using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Seomin.BusinessTime;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Features;
using Seomin.Guarantee.Domain.Capacity;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Guarantee.Api.Endpoints;

public sealed record SupplyLine(string ProductCode, long PlannedAmount, long SuppliedAmount, int SuppliedCount, decimal? AchievementPercent);

public sealed record SupplyReport(int Year, IReadOnlyList<SupplyLine> Products, long TotalPlanned, long TotalSupplied);

public sealed record OutstandingLine(string ProductCode, int Count, long LoanBalance, long GuaranteedOutstanding);

public sealed record OutstandingReport(IReadOnlyList<OutstandingLine> Products, int TotalCount, long TotalLoanBalance, long TotalGuaranteedOutstanding);

public sealed record OperatingMultipleReport(long FundBalance, long OutstandingGuaranteed, decimal OperatingMultiple, decimal AllowedMultiple, long CapacityLimit, long CapacityRemaining);

/// <summary>Reports: supply against plan, outstanding, operating multiple (보증운용배수).</summary>
public static class ReportEndpoints
{
    public static RouteGroupBuilder MapReportEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/guarantees/reports").WithTags("Reports").WithStandardProblems().ForReaders();
        group.MapGet("/supply", Supply).WithName("SupplyReport").WithSummary("Loans supplied (executed) against the plan per product for a year");
        group.MapGet("/outstanding", Outstanding).WithName("OutstandingReport").WithSummary("Live guarantees: count, loan balance, guaranteed outstanding");
        group.MapGet("/operating-multiple", OperatingMultiple).WithName("OperatingMultipleReport").WithSummary("Outstanding guaranteed ÷ fund, against the allowed multiple");
        return group;
    }

    public static async Task<Ok<SupplyReport>> Supply(int? year, GuaranteeDbContext db, BusinessClock clock, CancellationToken ct)
    {
        var y = year ?? clock.Today.Year;
        if (y is < 2000 or > 2100)
        {
            throw new DomainValidationException("year", "year must be between 2000 and 2100.");
        }

        var plans = await db.SupplyPlans.AsNoTracking().Where(p => p.Year == y).ToListAsync(ct);
        var from = new DateOnly(y, 1, 1);
        var to = new DateOnly(y + 1, 1, 1);
        var supplied = await db.Guarantees.AsNoTracking()
            .Where(g => g.LoanExecutedOn >= from && g.LoanExecutedOn < to)
            .GroupBy(g => g.ProductCode)
            .Select(g => new { Code = g.Key, Amount = g.Sum(x => x.ExecutedLoanAmount), Count = g.Count() })
            .ToListAsync(ct);
        var codes = plans.Select(p => p.ProductCode).Union(supplied.Select(s => s.Code)).Order(StringComparer.Ordinal);
        var lines = codes.Select(code =>
        {
            var plan = plans.SingleOrDefault(p => p.ProductCode == code)?.PlannedAmount ?? 0;
            var s = supplied.SingleOrDefault(x => x.Code == code);
            var amount = s?.Amount ?? 0;
            return new SupplyLine(code, plan, amount, s?.Count ?? 0, plan == 0 ? null : decimal.Round(100m * amount / plan, 2));
        }).ToList();
        return TypedResults.Ok(new SupplyReport(y, lines, lines.Sum(l => l.PlannedAmount), lines.Sum(l => l.SuppliedAmount)));
    }

    public static async Task<Ok<OutstandingReport>> Outstanding(GuaranteeDbContext db, CancellationToken ct)
    {
        var lines = await db.Database.SqlQuery<OutstandingLine>($"""
            SELECT product_code AS "ProductCode", COUNT(*)::int AS "Count",
                   COALESCE(SUM(CASE WHEN status IN ('LoanExecuted','Accident','Normalised') THEN loan_balance ELSE 0 END), 0)::bigint AS "LoanBalance",
                   COALESCE(SUM(CASE
                       WHEN status IN ('Approved','Agreed','Issued') THEN guaranteed_amount
                       ELSE trunc(loan_balance * guarantee_ratio)::bigint END), 0)::bigint AS "GuaranteedOutstanding"
            FROM guarantee.guarantees
            WHERE status NOT IN ('Terminated','Lapsed')
            GROUP BY product_code ORDER BY product_code
            """).ToListAsync(ct);
        return TypedResults.Ok(new OutstandingReport(lines, lines.Sum(l => l.Count), lines.Sum(l => l.LoanBalance), lines.Sum(l => l.GuaranteedOutstanding)));
    }

    public static async Task<Ok<OperatingMultipleReport>> OperatingMultiple(GuaranteeDbContext db, IOptions<GuaranteeOptions> options, CancellationToken ct)
    {
        var capacity = options.Value.Capacity;
        var fund = await ExposureQueries.FundBalanceAsync(db, capacity, ct);
        var outstanding = await ExposureQueries.OutstandingGuaranteedAsync(db, ct);
        var limit = CapacityRule.Limit(fund, capacity.OperatingMultiple);
        return TypedResults.Ok(new OperatingMultipleReport(
            fund, outstanding, CapacityRule.CurrentMultiple(outstanding, fund), capacity.OperatingMultiple, limit, Math.Max(0, limit - outstanding)));
    }
}

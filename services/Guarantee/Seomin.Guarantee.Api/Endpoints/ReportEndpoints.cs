using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Seomin.BusinessTime;
using Seomin.Contracts.Contributions;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Features;
using Seomin.Guarantee.Domain.Capacity;
using Seomin.Guarantee.Domain.Screening;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Guarantee.Api.Endpoints;

public sealed record SupplyLine(string ProductCode, long PlannedAmount, long SuppliedAmount, int SuppliedCount, decimal? AchievementPercent)
{
    /// <summary>The source's estimate for the year (e.g. 2020 추정), and the estimate against the plan.</summary>
    public long? EstimatedAmount { get; init; }

    public decimal? EstimateAchievementPercent { get; init; }

    /// <summary>True when the plan counts extensions (기한연장) as supply; then the supplied amount and count include them.</summary>
    public bool CountsExtensions { get; init; }

    public long ExtensionAmount { get; init; }

    public int ExtensionCount { get; init; }
}

public sealed record SupplyReport(int Year, IReadOnlyList<SupplyLine> Products, long TotalPlanned, long TotalSupplied)
{
    public long? TotalEstimated { get; init; }
}

public sealed record OutstandingLine(string ProductCode, int Count, long LoanBalance, long GuaranteedOutstanding);

public sealed record OutstandingReport(IReadOnlyList<OutstandingLine> Products, int TotalCount, long TotalLoanBalance, long TotalGuaranteedOutstanding);

public sealed record OperatingMultipleReport(long FundBalance, long OutstandingGuaranteed, decimal OperatingMultiple, decimal AllowedMultiple, long CapacityLimit, long CapacityRemaining)
{
    /// <summary>The guarantor fund the figures are for (capacity is per fund).</summary>
    public string FundCode { get; init; } = FundCodes.KinfaSupplementary;
}

/// <summary>One guarantee on the daily monitoring list (seed 003 20-6): guaranteed amount above ₩30M.</summary>
public sealed record MonitoringLine(
    Guid GuaranteeId, DateOnly ApprovedOn, string ProductCode, string FundCode, string LenderCode, string? BranchCode, string BranchGroup,
    long GuaranteedAmount, string Status);

/// <summary>Filters of the daily monitoring list.</summary>
public sealed record DailyMonitoringQuery(
    [FromQuery(Name = "date")] DateOnly? Date,
    [FromQuery(Name = "branchGroup")] string? BranchGroup,
    [FromQuery(Name = "page")] int? Page,
    [FromQuery(Name = "pageSize")] int? PageSize);

/// <summary>Reports: supply against plan, outstanding, operating multiple (보증운용배수), the daily high-value monitoring list.</summary>
public static class ReportEndpoints
{
    public static RouteGroupBuilder MapReportEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/guarantees/reports").WithTags("Reports").WithStandardProblems().ForReaders();
        group.MapGet("/supply", Supply).WithName("SupplyReport").WithSummary("Loans supplied (executed) against the plan per product for a year");
        group.MapGet("/outstanding", Outstanding).WithName("OutstandingReport").WithSummary("Live guarantees: count, loan balance, guaranteed outstanding");
        group.MapGet("/operating-multiple", OperatingMultiple).WithName("OperatingMultipleReport")
            .WithSummary("One fund's outstanding guaranteed ÷ its balance, against its allowed multiple (fundCode, default KINFA-SUPPLEMENTARY)");
        group.MapGet("/daily-monitoring", DailyMonitoring).WithName("DailyMonitoringList")
            .WithSummary("Guarantees approved on a day with a guaranteed amount above ₩30M, by branch group (seed 003 20-6), paginated");
        group.MapGet("/operating-multiple/funds", OperatingMultiplePerFund).WithName("OperatingMultiplePerFundReport")
            .WithSummary("The operating multiple of every guarantor fund");
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
        var executed = await db.Guarantees.AsNoTracking()
            .Where(g => g.LoanExecutedOn >= from && g.LoanExecutedOn < to)
            .GroupBy(g => new { g.ProductCode, g.FundCode })
            .Select(g => new { g.Key.ProductCode, g.Key.FundCode, Amount = g.Sum(x => x.ExecutedLoanAmount), Count = g.Count() })
            .ToListAsync(ct);
        var extended = await db.GuaranteeExtensions.AsNoTracking()
            .Where(e => e.ExtendedOn >= from && e.ExtendedOn < to)
            .GroupBy(e => new { e.ProductCode, e.FundCode })
            .Select(e => new { e.Key.ProductCode, e.Key.FundCode, Amount = e.Sum(x => x.LoanBalance), Count = e.Count() })
            .ToListAsync(ct);

        // A plan row is for a product or, like the foundation's, for a whole fund (its fund code).
        var codes = plans.Select(p => p.ProductCode).Union(executed.Select(s => s.ProductCode)).Order(StringComparer.Ordinal);
        var lines = codes.Select(code =>
        {
            var row = plans.SingleOrDefault(p => p.ProductCode == code);
            bool Matches(string productCode, string fundCode) => productCode == code || fundCode == code;
            var newAmount = executed.Where(e => Matches(e.ProductCode, e.FundCode)).Sum(e => e.Amount);
            var newCount = executed.Where(e => Matches(e.ProductCode, e.FundCode)).Sum(e => e.Count);
            var counts = row?.CountsExtensions == true;
            var extensionAmount = counts ? extended.Where(e => Matches(e.ProductCode, e.FundCode)).Sum(e => e.Amount) : 0;
            var extensionCount = counts ? extended.Where(e => Matches(e.ProductCode, e.FundCode)).Sum(e => e.Count) : 0;
            var plan = row?.PlannedAmount ?? 0;
            var amount = newAmount + extensionAmount;
            return new SupplyLine(code, plan, amount, newCount + extensionCount, plan == 0 ? null : decimal.Round(100m * amount / plan, 2))
            {
                EstimatedAmount = row?.EstimatedAmount,
                EstimateAchievementPercent = row?.EstimatedAmount is { } estimate && plan > 0 ? decimal.Round(100m * estimate / plan, 1) : null,
                CountsExtensions = counts,
                ExtensionAmount = extensionAmount,
                ExtensionCount = extensionCount,
            };
        }).ToList();

        // Totals over product lines only: a fund-wide plan line repeats its products' supply.
        var productLines = lines.Where(l => !FundCodes.All.Contains(l.ProductCode)).ToList();
        var estimated = productLines.Where(l => l.EstimatedAmount is not null).ToList();
        return TypedResults.Ok(new SupplyReport(y, lines, productLines.Sum(l => l.PlannedAmount), productLines.Sum(l => l.SuppliedAmount))
        {
            TotalEstimated = estimated.Count == 0 ? null : estimated.Sum(l => l.EstimatedAmount!.Value),
        });
    }

    public static async Task<Ok<PagedResult<MonitoringLine>>> DailyMonitoring(
        [AsParameters] DailyMonitoringQuery filter, GuaranteeDbContext db, BusinessClock clock, CancellationToken ct)
    {
        var window = Paging.Normalise(filter.Page, filter.PageSize, ApplicationEndpoints.MaxPageSize);
        var day = filter.Date ?? clock.Today;
        var group = filter.BranchGroup?.Trim();
        if (group is not null && group != BranchGroups.Unassigned && BranchGroups.All.All(g => g.Code != group))
        {
            throw new DomainValidationException("branchGroup",
                $"branchGroup must be one of {string.Join(", ", BranchGroups.All.Select(g => g.Code).Append(BranchGroups.Unassigned))}.");
        }

        var query = db.Guarantees.AsNoTracking()
            .Where(g => g.ApprovedOn == day && g.GuaranteedAmount > ScreeningPolicy.DailyMonitoringThreshold);
        if (group == BranchGroups.Unassigned)
        {
            var listed = BranchGroups.All.SelectMany(g => g.Branches).ToList();
            query = query.Where(g => g.BranchCode == null || !listed.Contains(g.BranchCode));
        }
        else if (group is not null)
        {
            var branches = BranchGroups.All.Single(g => g.Code == group).Branches.ToList();
            query = query.Where(g => g.BranchCode != null && branches.Contains(g.BranchCode));
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(g => g.BranchCode).ThenByDescending(g => g.GuaranteedAmount).ThenBy(g => g.Id)
            .Skip(window.Skip).Take(window.Size).ToListAsync(ct);
        return TypedResults.Ok(window.Of<MonitoringLine>([.. rows.Select(g => new MonitoringLine(
            g.Id, g.ApprovedOn, g.ProductCode, g.FundCode, g.LenderCode, g.BranchCode, BranchGroups.Of(g.BranchCode), g.GuaranteedAmount,
            g.Status.ToString()))], total));
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
            WHERE status NOT IN ('Terminated','Lapsed','Subrogated')
            GROUP BY product_code ORDER BY product_code
            """).ToListAsync(ct);
        return TypedResults.Ok(new OutstandingReport(lines, lines.Sum(l => l.Count), lines.Sum(l => l.LoanBalance), lines.Sum(l => l.GuaranteedOutstanding)));
    }

    public static async Task<Ok<OperatingMultipleReport>> OperatingMultiple(
        [FromQuery(Name = "fundCode")] string? fundCode, GuaranteeDbContext db, IOptions<GuaranteeOptions> options, CancellationToken ct)
    {
        var code = string.IsNullOrWhiteSpace(fundCode) ? FundCodes.KinfaSupplementary : fundCode.Trim();
        if (!FundCodes.All.Contains(code))
        {
            throw new DomainValidationException("fundCode", $"fundCode must be one of {string.Join(", ", FundCodes.All)}.");
        }

        return TypedResults.Ok(await FundReportAsync(db, options.Value.Capacity.For(code), ct));
    }

    public static async Task<Ok<IReadOnlyList<OperatingMultipleReport>>> OperatingMultiplePerFund(
        GuaranteeDbContext db, IOptions<GuaranteeOptions> options, CancellationToken ct)
    {
        var reports = new List<OperatingMultipleReport>();
        foreach (var code in FundCodes.All)
        {
            reports.Add(await FundReportAsync(db, options.Value.Capacity.For(code), ct));
        }

        return TypedResults.Ok<IReadOnlyList<OperatingMultipleReport>>(reports);
    }

    private static async Task<OperatingMultipleReport> FundReportAsync(GuaranteeDbContext db, FundCapacity capacity, CancellationToken ct)
    {
        var fund = await ExposureQueries.FundBalanceAsync(db, capacity, ct);
        var outstanding = await ExposureQueries.OutstandingGuaranteedAsync(db, ct, capacity.FundCode);
        var limit = CapacityRule.Limit(fund, capacity.OperatingMultiple);
        return new OperatingMultipleReport(
            fund, outstanding, CapacityRule.CurrentMultiple(outstanding, fund), capacity.OperatingMultiple, limit, Math.Max(0, limit - outstanding))
        {
            FundCode = capacity.FundCode,
        };
    }
}

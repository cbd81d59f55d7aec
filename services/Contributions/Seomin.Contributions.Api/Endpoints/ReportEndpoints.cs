using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Contributions.Api.Data;
using Seomin.Contributions.Domain;
using Seomin.Contributions.Domain.Ledger;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Contributions.Api.Endpoints;

public enum CollectionGrouping
{
    Sector,
    Institution,
    Month,
}

public sealed record CollectionRow(string Key, int Assessments, long Assessed, long Paid, long Overdue, decimal CollectionRatePercent);

public sealed record CollectionReport(string From, string To, DateOnly AsOf, CollectionGrouping GroupBy, IReadOnlyList<CollectionRow> Rows, CollectionRow Total);

public sealed record ContributorAmount(string Name, long Amount);

public sealed record ContributorGroupRow(string Group, long Amount, decimal SharePercent, IReadOnlyList<ContributorAmount> Contributors);

public sealed record BaseCapitalReport(string FundCode, DateOnly AsOf, long Contributions, IReadOnlyList<ContributorGroupRow> Groups, long AccumulatedLoss, long BaseCapital);

public sealed record PlanLineRow(string PlanLine, long Planned, long Actual, decimal? AchievementPercent, IReadOnlyList<ContributorAmount> ActualByProgramme);

public sealed record PlanVsActualReport(string FundCode, int Year, IReadOnlyList<PlanLineRow> Lines, long Planned, long Actual, decimal? AchievementPercent);

public sealed record OperatingMultipleReport(string FundCode, DateOnly AsOf, long GuaranteeBalance, long BaseCapital, decimal Multiple);

public static class ReportEndpoints
{
    private static readonly PostingKind[] FundContributions = [PostingKind.BaseCapitalContribution, PostingKind.SpecialContribution];

    public static RouteGroupBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/contributions/reports").WithTags("Reports").WithStandardProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/collection", GetCollection).WithName("GetContributionCollectionReport").RequireRoles(EndpointSupport.Readers)
            .WithSummary("Assessed, paid, overdue and collection rate (paid ÷ assessed, %, one decimal) per sector, institution or month");
        group.MapGet("/base-capital", GetBaseCapital).WithName("GetBaseCapitalReport").RequireRoles(EndpointSupport.Readers)
            .WithSummary("A fund's contributions by contributor group (share %, one decimal), accumulated losses and base capital as of a date")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/plan-vs-actual", GetPlanVsActual).WithName("GetContributionPlanVsActual").RequireRoles(EndpointSupport.Readers)
            .WithSummary("A year's planned contributions per plan line against those received (achievement %, one decimal)")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/operating-multiple", GetOperatingMultiple).WithName("GetOperatingMultiple").RequireRoles(EndpointSupport.Readers)
            .WithSummary("Operating multiple = guarantee balance ÷ base capital (two decimals)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<Ok<CollectionReport>> GetCollection(
        ContributionsDbContext db, TimeProvider clock, string? from, string? to, CollectionGrouping? groupBy, DateOnly? asOf, CancellationToken cancellationToken)
    {
        var start = EndpointSupport.RequiredMonth(from, "from");
        var end = EndpointSupport.RequiredMonth(to, "to");
        if (end < start)
        {
            throw new DomainValidationException("to", "to must not be before from.");
        }

        var day = asOf ?? EndpointSupport.Today(clock);
        var grouping = groupBy ?? CollectionGrouping.Sector;
        var (first, last) = (start.FirstDay, end.FirstDay);
        var rows = await db.Assessments.AsNoTracking().Where(a => a.Month >= first && a.Month <= last)
            .Join(db.Institutions, a => a.InstitutionCode, i => i.Code, (a, i) => new { a.InstitutionCode, i.Sector, a.Month, a.Total, a.PrincipalPaid, a.DueOn })
            .ToListAsync(cancellationToken);
        CollectionRow Row(string key, IEnumerable<(long Total, long Paid, DateOnly DueOn)> items)
        {
            var list = items.ToList();
            var assessed = list.Sum(x => x.Total);
            var paid = list.Sum(x => x.Paid);
            var overdue = list.Where(x => x.DueOn < day).Sum(x => x.Total - x.Paid);
            return new CollectionRow(key, list.Count, assessed, paid, overdue, assessed == 0 ? 0 : Math.Round(paid * 100m / assessed, 1, MidpointRounding.AwayFromZero));
        }

        var grouped = rows.GroupBy(r => grouping switch
            {
                CollectionGrouping.Sector => r.Sector.ToString(),
                CollectionGrouping.Institution => r.InstitutionCode,
                _ => Month.Of(r.Month).ToString(),
            })
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(g.Key, g.Select(x => (x.Total, x.PrincipalPaid, x.DueOn))))
            .ToList();
        return TypedResults.Ok(new CollectionReport(start.ToString(), end.ToString(), day, grouping, grouped, Row("total", rows.Select(x => (x.Total, x.PrincipalPaid, x.DueOn)))));
    }

    public static async Task<Ok<BaseCapitalReport>> GetBaseCapital(ContributionsDbContext db, TimeProvider clock, string? fundCode, DateOnly? asOf, CancellationToken cancellationToken)
    {
        var fund = EndpointSupport.Required(fundCode, "fundCode");
        FundEndpoints.EnsureFund(fund);
        var day = asOf ?? EndpointSupport.Today(clock);
        var entries = await db.Entries.AsNoTracking().Where(e => e.FundCode == fund && e.On < day)
            .Select(e => new { e.Kind, e.ContributorGroup, e.ContributorName, e.Amount }).ToListAsync(cancellationToken);
        var contributions = entries.Where(e => FundContributions.Contains(e.Kind)).ToList();
        var total = contributions.Sum(e => e.Amount);
        var groups = contributions.GroupBy(e => e.ContributorGroup ?? "(미지정)")
            .Select(g => new ContributorGroupRow(
                g.Key,
                g.Sum(e => e.Amount),
                total == 0 ? 0 : Math.Round(g.Sum(e => e.Amount) * 100m / total, 1, MidpointRounding.AwayFromZero),
                g.GroupBy(e => e.ContributorName ?? g.Key).Select(c => new ContributorAmount(c.Key, c.Sum(e => e.Amount))).OrderByDescending(c => c.Amount).ToList()))
            .OrderByDescending(g => g.Amount).ToList();
        var losses = entries.Where(e => e.Kind == PostingKind.LossRecognised).Sum(e => e.Amount);
        return TypedResults.Ok(new BaseCapitalReport(fund, day, total, groups, losses, total - losses));
    }

    public static async Task<Ok<PlanVsActualReport>> GetPlanVsActual(ContributionsDbContext db, string? fundCode, int? year, CancellationToken cancellationToken)
    {
        var fund = EndpointSupport.Required(fundCode, "fundCode");
        FundEndpoints.EnsureFund(fund);
        var y = EndpointSupport.Required(year, "year");
        var (first, last) = (new DateOnly(y, 1, 1), new DateOnly(y, 12, 31));
        var plans = await db.Plans.AsNoTracking().Where(p => p.FundCode == fund && p.Year == y).ToListAsync(cancellationToken);
        var actuals = await db.Entries.AsNoTracking()
            .Where(e => e.FundCode == fund && e.On >= first && e.On <= last && FundContributions.Contains(e.Kind))
            .Select(e => new { e.PlanLine, e.ContributorGroup, e.Programme, e.ContributorName, e.Amount }).ToListAsync(cancellationToken);
        var lines = plans.Select(p => p.PlanLine).Concat(actuals.Select(a => a.PlanLine ?? a.ContributorGroup ?? "(미지정)")).Distinct().Select(line =>
        {
            var planned = plans.Where(p => p.PlanLine == line).Sum(p => p.Amount);
            var actual = actuals.Where(a => (a.PlanLine ?? a.ContributorGroup ?? "(미지정)") == line).ToList();
            var sum = actual.Sum(a => a.Amount);
            return new PlanLineRow(line, planned, sum, Rate(sum, planned),
                actual.GroupBy(a => a.Programme ?? a.ContributorName ?? line).Select(g => new ContributorAmount(g.Key, g.Sum(a => a.Amount))).OrderByDescending(c => c.Amount).ToList());
        }).ToList();
        var totalPlanned = lines.Sum(l => l.Planned);
        var totalActual = lines.Sum(l => l.Actual);
        return TypedResults.Ok(new PlanVsActualReport(fund, y, lines, totalPlanned, totalActual, Rate(totalActual, totalPlanned)));
    }

    public static async Task<Ok<OperatingMultipleReport>> GetOperatingMultiple(
        ContributionsDbContext db, TimeProvider clock, string? fundCode, long? guaranteeBalance, DateOnly? asOf, CancellationToken cancellationToken)
    {
        var fund = EndpointSupport.Required(fundCode, "fundCode");
        FundEndpoints.EnsureFund(fund);
        var balance = EndpointSupport.Required(guaranteeBalance, "guaranteeBalance");
        if (balance < 0)
        {
            throw new DomainValidationException("guaranteeBalance", "guaranteeBalance must not be negative.");
        }

        var report = (await GetBaseCapital(db, clock, fund, asOf, cancellationToken)).Value!;
        if (report.BaseCapital <= 0)
        {
            throw new ContributionRuleException("BaseCapitalMustBePositive", "The fund has no positive base capital to divide by.");
        }

        return TypedResults.Ok(new OperatingMultipleReport(fund, report.AsOf, balance, report.BaseCapital, Math.Round((decimal)balance / report.BaseCapital, 2, MidpointRounding.AwayFromZero)));
    }

    private static decimal? Rate(long actual, long planned) => planned == 0 ? null : Math.Round(actual * 100m / planned, 1, MidpointRounding.AwayFromZero);
}

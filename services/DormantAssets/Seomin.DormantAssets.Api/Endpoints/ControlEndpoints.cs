using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Seomin.Access;
using Seomin.DormantAssets.Api.Data;
using Seomin.DormantAssets.Api.Features.Control;
using Seomin.DormantAssets.Api.Features.Disclosure;
using Seomin.DormantAssets.Domain.Assets;
using Seomin.DormantAssets.Domain.Rules;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.DormantAssets.Api.Endpoints;

/// <summary>An owner due a notice (법 제44조): the CustomerId and what they hold (the mailing itself is the notice service's).</summary>
public sealed record NoticeCandidate(string CustomerId, int AssetCount, long OutstandingAmount);

/// <summary>Internal control's monitoring view, outreach and disclosure (공시).</summary>
public static class ControlEndpoints
{
    public static RouteGroupBuilder MapControlEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(EndpointSupport.BasePath).WithTags("Control and disclosure").WithStandardProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/control/monitoring", GetMonitoring).WithName("GetDormantMonitoring").RequireRoles(EndpointSupport.Readers)
            .WithSummary("Held claims by age and reason, per-partner volumes (30 days), claims left payable by failed transfers");
        group.MapGet("/outreach/notices", ListNoticeCandidates).WithName("ListDormantNoticeCandidates").RequireRoles(EndpointSupport.Officers)
            .WithSummary("Owners whose outstanding assets reach the notice threshold (₩300k, 법 제44조), largest first (paged)");
        group.MapGet("/disclosure/monthly", GetMonthly).WithName("GetDormantMonthlyDisclosure").RequireRoles(EndpointSupport.Readers)
            .WithSummary("공시: transferred, paid and outstanding by asset type and institution sector for a month (yyyy-MM)");
        group.MapGet("/disclosure/monthly.csv", GetMonthlyCsv).WithName("GetDormantMonthlyDisclosureCsv").RequireRoles(EndpointSupport.Readers)
            .Produces<string>(StatusCodes.Status200OK, "text/csv")
            .WithSummary("The same monthly disclosure as CSV");
        return group;
    }

    public static async Task<Ok<MonitoringView>> GetMonitoring(Monitoring monitoring, CancellationToken cancellationToken) =>
        TypedResults.Ok(await monitoring.NowAsync(cancellationToken));

    public static async Task<Ok<PagedResult<NoticeCandidate>>> ListNoticeCandidates(
        int? page, int? pageSize, DormantAssetsDbContext db, IOptions<ClaimPolicy> policy, IAuditTrail audit, CancellationToken cancellationToken)
    {
        var window = Paging.Normalise(page, pageSize, maxPageSize: 1000);
        var threshold = policy.Value.NoticeThreshold;
        var owners = db.Assets.AsNoTracking().Where(a => a.Status == AssetStatus.Outstanding)
            .GroupBy(a => a.CustomerId)
            .Select(g => new { CustomerId = g.Key, Count = g.Count(), Total = g.Sum(a => a.Amount) })
            .Where(g => g.Total >= threshold);
        var items = await owners.OrderByDescending(g => g.Total).ThenBy(g => g.CustomerId).Skip(window.Skip).Take(window.Size)
            .Select(g => new NoticeCandidate(g.CustomerId, g.Count, g.Total)).ToListAsync(cancellationToken);
        audit.Record(new AuditEntry(AuditAction.Export, "DormantNoticeCandidates") { Reason = $"outreach notices (법 제44조), page {window.Page}" });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(window.Of(items, await owners.CountAsync(cancellationToken)));
    }

    public static async Task<Ok<MonthlyDisclosure>> GetMonthly(string? month, MonthlyStatistics statistics, CancellationToken cancellationToken) =>
        TypedResults.Ok(await statistics.ForAsync(Month(month), cancellationToken));

    public static async Task<FileContentHttpResult> GetMonthlyCsv(string? month, MonthlyStatistics statistics, CancellationToken cancellationToken)
    {
        var disclosure = await statistics.ForAsync(Month(month), cancellationToken);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(MonthlyStatistics.ToCsv(disclosure)), "text/csv", $"dormant-assets-{disclosure.Month}.csv");
    }

    private static DateOnly Month(string? month) =>
        DateOnly.TryParseExact($"{month}-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            ? start
            : throw new DomainValidationException("month", "month is required as yyyy-MM.");
}

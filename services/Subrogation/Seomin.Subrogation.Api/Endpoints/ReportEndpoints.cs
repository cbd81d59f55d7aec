using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Domain.Reports;

namespace Seomin.Subrogation.Api.Endpoints;

public sealed record TallyResponse(long Count, long Won);

public sealed record RollForwardResponse(
    PortfolioCategory Category,
    TallyResponse Opening,
    IReadOnlyDictionary<Movement, TallyResponse> Movements,
    TallyResponse Closing);

public sealed record RollForwardReport(DateOnly From, DateOnly To, string? FundCode, IReadOnlyList<RollForwardResponse> Books);

public static class ReportEndpoints
{
    public static RouteGroupBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/subrogation/reports").WithTags("Reports").WithStandardProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/roll-forward", GetRollForward).WithName("GetRollForward").RequireRoles(EndpointSupport.Readers)
            .WithSummary("Accidents, 구상채권 and 특수채권 for a period: opening + new − recovered − normalised/subrogated − written off − sold − reduced − extinguished = closing, in count and won");
        return group;
    }

    public static async Task<Ok<RollForwardReport>> GetRollForward(
        SubrogationDbContext db,
        DateOnly? from,
        DateOnly? to,
        string? fundCode,
        CancellationToken cancellationToken)
    {
        var start = from ?? throw new DomainValidationException("from", "from is required.");
        var end = to ?? throw new DomainValidationException("to", "to is required.");
        if (end < start)
        {
            throw new DomainValidationException("to", "to must not be before from.");
        }

        var movements = db.Movements.AsNoTracking().Where(m => m.On <= end);
        if (!string.IsNullOrWhiteSpace(fundCode))
        {
            movements = movements.Where(m => m.FundCode == fundCode);
        }

        // Summed in SQL: one row per book, movement and side of the period start.
        var sums = await movements
            .GroupBy(m => new { m.Category, m.Movement, Before = m.On < start })
            .Select(g => new { g.Key.Category, g.Key.Movement, g.Key.Before, Count = g.Sum(m => (long)m.Count), Won = g.Sum(m => m.Won) })
            .ToListAsync(cancellationToken);

        var books = Enum.GetValues<PortfolioCategory>().Select(category =>
        {
            var opening = sums.Where(s => s.Category == category && s.Before)
                .Aggregate(default(Tally), (acc, s) => acc + new Tally(s.Count, s.Won).SignedFor(s.Movement));
            var inPeriod = sums.Where(s => s.Category == category && !s.Before)
                .ToDictionary(s => s.Movement, s => new Tally(s.Count, s.Won));
            var roll = new RollForward(category, opening, inPeriod);
            return new RollForwardResponse(
                category,
                new TallyResponse(opening.Count, opening.Won),
                inPeriod.ToDictionary(kv => kv.Key, kv => new TallyResponse(kv.Value.Count, kv.Value.Won)),
                new TallyResponse(roll.Closing.Count, roll.Closing.Won));
        }).ToList();
        return TypedResults.Ok(new RollForwardReport(start, end, fundCode, books));
    }
}

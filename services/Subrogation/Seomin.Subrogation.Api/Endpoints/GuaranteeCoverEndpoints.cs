using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;
using Seomin.Subrogation.Api.Data;

namespace Seomin.Subrogation.Api.Endpoints;

public sealed record GuaranteeCoverResponse(
    Guid GuaranteeId,
    string CustomerId,
    string? ProductCode,
    string? LenderCode,
    string? FundCode,
    long GuaranteedAmount,
    decimal GuaranteeRatio,
    DateOnly? StartDate,
    DateOnly? EndDate,
    long? LoanAmount,
    bool InAccident,
    DateOnly? AccidentOn,
    string? AccidentKind,
    DateOnly? TerminatedOn,
    DateOnly? SubrogatedOn)
{
    public static GuaranteeCoverResponse From(GuaranteeCoverProjection g) => new(
        g.GuaranteeId, g.CustomerId, g.ProductCode, g.LenderCode, g.FundCode, g.GuaranteedAmount, g.GuaranteeRatio, g.StartDate,
        g.EndDate, g.LoanAmount, g.InAccident, g.AccidentOn, g.AccidentKind, g.TerminatedOn, g.SubrogatedOn);
}

public static class GuaranteeCoverEndpoints
{
    public static RouteGroupBuilder MapGuaranteeCoverEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/subrogation/guarantees").WithTags("Guarantees (projection)").WithStandardProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/{guaranteeId:guid}", GetCover).WithName("GetGuaranteeCover").RequireRoles(EndpointSupport.Readers)
            .WithSummary("What this service knows of a guarantee from Guarantee's events").ProducesProblems(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Ok<GuaranteeCoverResponse>> GetCover(Guid guaranteeId, SubrogationDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(GuaranteeCoverResponse.From(
            await db.Guarantees.AsNoTracking().SingleOrDefaultAsync(g => g.GuaranteeId == guaranteeId, cancellationToken)
            ?? throw new NotFoundException($"No guarantee {guaranteeId} is known to this service.")));
}

using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Contracts.Contributions;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Api.Features.Accrual;
using Seomin.Subrogation.Domain.Reports;

namespace Seomin.Subrogation.Api.Endpoints;

public sealed record RunAccrualRequest(DateOnly? On);

public sealed record AccrualRunResponse(DateOnly On, long Updated, int Batches, long ElapsedMilliseconds, bool RanElsewhere);

/// <summary>A legacy book's balance on a day, entered once when the books are migrated (이관).</summary>
public sealed record OpeningBalanceRequest(PortfolioCategory? Category, string? FundCode, DateOnly? On, long? Count, long? Won, string? Reference);

public sealed record OpeningBalanceResponse(Guid MovementId, PortfolioCategory Category, string FundCode, DateOnly On, long Count, long Won, string Reference);

public static class OperationsEndpoints
{
    private static readonly string[] Operators = [StaffRoles.RecourseOfficer, StaffRoles.Operator];

    public static IEndpointRouteBuilder MapOperationsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/subrogation/jobs").WithTags("Operations").WithStandardProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .MapPost("/late-charge-accrual", RunAccrual).WithName("RunLateChargeAccrual").RequireRoles(Operators)
            .WithSummary("Runs the nightly job for a day: every open claim's late charge and grade brought up to it (idempotent)");
        app.MapGroup("/api/subrogation/reports").WithTags("Reports").WithStandardProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden)
            .MapPost("/opening-balances", EnterOpeningBalance).WithName("EnterOpeningBalance").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Enters a legacy book's balance on a day (migration of the books, audited); the roll-forward counts it in the opening of later periods")
            .ProducesProblems(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Ok<AccrualRunResponse>> RunAccrual(RunAccrualRequest request, LateChargeAccrual accrual, TimeProvider clock, CancellationToken cancellationToken)
    {
        var run = await accrual.RunAsync(request.On ?? EndpointSupport.Today(clock), cancellationToken);
        return TypedResults.Ok(new AccrualRunResponse(run.On, run.Updated, run.Batches, (long)run.Elapsed.TotalMilliseconds, run.RanElsewhere));
    }

    public static async Task<Created<OpeningBalanceResponse>> EnterOpeningBalance(
        OpeningBalanceRequest request, ClaimsPrincipal user, SubrogationDbContext db, IAuditTrail audit, TimeProvider clock, CancellationToken cancellationToken)
    {
        var category = EndpointSupport.Required(request.Category, "category");
        var fund = EndpointSupport.Required(request.FundCode, "fundCode");
        if (!FundCodes.All.Contains(fund))
        {
            throw new DomainValidationException("fundCode", $"fundCode must be one of {string.Join(", ", FundCodes.All)}.");
        }

        var on = EndpointSupport.Required(request.On, "on");
        var count = EndpointSupport.Required(request.Count, "count");
        var won = EndpointSupport.Required(request.Won, "won");
        var reference = EndpointSupport.Required(request.Reference, "reference");
        if (count < 0 || count > int.MaxValue)
        {
            throw new DomainValidationException("count", "count is a number of claims, 0 or more.");
        }

        if (won < 0)
        {
            throw new DomainValidationException("won", "won must not be negative.");
        }

        // The same book, fund and reference is one entry: entering it again is refused, never counted twice.
        var source = new Guid(SHA256.HashData(Encoding.UTF8.GetBytes($"opening|{category}|{fund}|{reference}")).AsSpan(0, 16));
        if (await db.Movements.AnyAsync(m => m.Category == category && m.Movement == Movement.Migrated && m.SourceId == source, cancellationToken))
        {
            throw new ConflictException($"An opening balance with reference '{reference}' was already entered for {category} {fund}.");
        }

        var movement = BookMovement.Of(category, Movement.Migrated, fund, on, (int)count, won, source, null, EndpointSupport.Actor(user), clock.GetUtcNow());
        db.Movements.Add(movement);
        audit.Record(new AuditEntry(AuditAction.Create, "BookOpeningBalance", movement.Id.ToString())
        {
            Reason = reference,
            Changes =
            [
                new("category", null, category.ToString()), new("fundCode", null, fund), new("on", null, on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                new("count", null, count.ToString(CultureInfo.InvariantCulture)), new("won", null, won.ToString(CultureInfo.InvariantCulture)),
            ],
        });
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created(
            $"/api/subrogation/reports/roll-forward?fundCode={fund}",
            new OpeningBalanceResponse(movement.Id, category, fund, on, count, won, reference));
    }
}

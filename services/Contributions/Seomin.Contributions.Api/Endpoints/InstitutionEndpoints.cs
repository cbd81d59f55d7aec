using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Contributions.Api.Data;
using Seomin.Contributions.Api.Features.Access;
using Seomin.Contributions.Domain.Institutions;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Contributions.Api.Endpoints;

public sealed record InstitutionResponse(string Code, string Name, Sector Sector, LegalCategory Category, RateGroup RateGroup, FilingRoute Route, string? FederationCode)
{
    public static InstitutionResponse From(Institution i) => new(i.Code, i.Name, i.Sector, i.Category, i.RateGroup, i.Route, i.FederationCode);
}

public static class InstitutionEndpoints
{
    public static RouteGroupBuilder MapInstitutionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/contributions/institutions").WithTags("Institutions").WithStandardProblems()
            .AddEndpointFilter<InstitutionAccessFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListInstitutions).WithName("ListContributingInstitutions")
            .RequireRolesOrScopes(EndpointSupport.Readers, EndpointSupport.InstitutionScopes)
            .WithSummary("Contributing institutions (paged, by sector or category); an institution client sees itself and the members it files for");
        group.MapGet("/{code}", GetInstitution).WithName("GetContributingInstitution")
            .RequireRolesOrScopes(EndpointSupport.Readers, EndpointSupport.InstitutionScopes)
            .WithSummary("One institution: sector, legal category, rate group and filing route").ProducesProblems(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Ok<PagedResult<InstitutionResponse>>> ListInstitutions(
        ClaimsPrincipal user, ContributionsDbContext db, Sector? sector, LegalCategory? category, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        var window = Paging.Normalise(page, pageSize);
        var scope = await InstitutionScope.ForAsync(user, db, cancellationToken);
        var query = db.Institutions.AsNoTracking();
        if (!scope.IsEveryone)
        {
            query = query.Where(i => scope.Codes!.Contains(i.Code));
        }

        if (sector is not null)
        {
            query = query.Where(i => i.Sector == sector);
        }

        if (category is not null)
        {
            query = query.Where(i => i.Category == category);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(i => i.Code).Skip(window.Skip).Take(window.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(window.Of(items.Select(InstitutionResponse.From).ToList(), total));
    }

    public static async Task<Ok<InstitutionResponse>> GetInstitution(string code, ClaimsPrincipal user, ContributionsDbContext db, CancellationToken cancellationToken)
    {
        var scope = await InstitutionScope.ForAsync(user, db, cancellationToken);
        var institution = scope.Allows(code) ? await db.Institutions.AsNoTracking().SingleOrDefaultAsync(i => i.Code == code, cancellationToken) : null;
        return institution is null ? throw new NotFoundException($"No institution {code}.") : TypedResults.Ok(InstitutionResponse.From(institution));
    }
}

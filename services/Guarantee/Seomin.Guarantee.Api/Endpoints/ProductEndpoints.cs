using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.BusinessTime;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Features;
using Seomin.Guarantee.Domain.Products;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Guarantee.Api.Endpoints;

public sealed record NewProductVersionRequest(
    string? Name,
    DateOnly EffectiveFrom,
    EligibilityCriteria? Eligibility,
    long? MaxAmountPerPerson,
    IReadOnlyList<int>? TermMonthsOptions,
    decimal? GuaranteeRatio,
    decimal? AnnualFeeRate,
    FeeReductions? Reductions,
    long? Budget,
    int? FieldSurveyWaivedUpToGrade,
    bool? AllowsYearlyInstalments,
    decimal? AdditionalFeeRate = null,
    bool? SpecialGuarantee = null,
    IReadOnlyList<TermDiscount>? UpfrontTermDiscounts = null);

/// <summary>Product catalogue (상품): versions are added, never edited.</summary>
public static class ProductEndpoints
{
    public static RouteGroupBuilder MapProductEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/guarantees/products").WithTags("Products").WithStandardProblems();
        group.MapGet("/", ListProducts).ForProductReaders().WithName("ListProducts").WithSummary("Products with the version in force today and every version");
        group.MapGet("/{code}", GetProduct).ForProductReaders().WithName("GetProduct").WithSummary("One product's versions, newest first")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{code}/versions", AddProductVersion).ForWriters().WithName("AddProductVersion")
            .WithSummary("A new effective-dated version; fields not given are copied from the latest version")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<Ok<IReadOnlyList<ProductView>>> ListProducts(GuaranteeDbContext db, ProductCache cache, BusinessClock clock, CancellationToken ct)
    {
        // Reference data: versions are immutable and cached (ProductCache); "in force" is computed per request.
        var versions = await cache.AllVersionsAsync(db, ct);
        IReadOnlyList<ProductView> products = [.. versions.GroupBy(v => v.Code).OrderBy(g => g.Key)
            .Select(g => new ProductView(g.Key, ProductCatalogue.InForce(g, clock.Today), [.. g.OrderByDescending(v => v.Version)]))];
        return TypedResults.Ok(products);
    }

    public static async Task<Ok<ProductView>> GetProduct(string code, GuaranteeDbContext db, ProductCache cache, BusinessClock clock, CancellationToken ct)
    {
        var versions = await cache.VersionsAsync(db, code, ct);
        if (versions.Count == 0)
        {
            throw new NotFoundException($"Product '{code}' does not exist.");
        }

        return TypedResults.Ok(new ProductView(code, ProductCatalogue.InForce(versions, clock.Today), [.. versions.OrderByDescending(v => v.Version)]));
    }

    public static async Task<Created<ProductVersion>> AddProductVersion(string code, NewProductVersionRequest request, GuaranteeDbContext db, ProductCache cache, CancellationToken ct)
    {
        var existing = await db.ProductVersions.Where(v => v.Code == code).ToListAsync(ct);
        if (existing.Count == 0)
        {
            throw new NotFoundException($"Product '{code}' does not exist.");
        }

        var latest = existing.OrderByDescending(v => v.Version).First();
        var proposed = latest with
        {
            Name = request.Name ?? latest.Name,
            EffectiveFrom = request.EffectiveFrom,
            Eligibility = request.Eligibility ?? latest.Eligibility,
            MaxAmountPerPerson = request.MaxAmountPerPerson ?? latest.MaxAmountPerPerson,
            TermMonthsOptions = request.TermMonthsOptions ?? latest.TermMonthsOptions,
            GuaranteeRatio = request.GuaranteeRatio ?? latest.GuaranteeRatio,
            AnnualFeeRate = request.AnnualFeeRate ?? latest.AnnualFeeRate,
            Reductions = request.Reductions ?? latest.Reductions,
            Budget = request.Budget ?? latest.Budget,
            FieldSurveyWaivedUpToGrade = request.FieldSurveyWaivedUpToGrade ?? latest.FieldSurveyWaivedUpToGrade,
            AllowsYearlyInstalments = request.AllowsYearlyInstalments ?? latest.AllowsYearlyInstalments,
            AdditionalFeeRate = request.AdditionalFeeRate ?? latest.AdditionalFeeRate,
            SpecialGuarantee = request.SpecialGuarantee ?? latest.SpecialGuarantee,
            UpfrontTermDiscounts = request.UpfrontTermDiscounts ?? latest.UpfrontTermDiscounts,
        };
        var next = ProductCatalogue.NextVersion(existing, proposed);
        db.ProductVersions.Add(next);
        await db.SaveChangesAsync(ct);
        cache.Invalidate(code);
        return TypedResults.Created($"/api/guarantees/products/{code}", next);
    }
}

public sealed record ProductView(string Code, ProductVersion? InForce, IReadOnlyList<ProductVersion> Versions);

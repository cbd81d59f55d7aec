using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
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
        group.MapGet("/", ListProducts).ForProductReaders().WithName("ListProducts").WithSummary("Products with the version in force today and every version")
            .WithDescription("The body carries a strong ETag (it changes with a new version and when the Seoul date changes what is in force); "
                + "send it back in If-None-Match to get 304 Not Modified without a body.")
            .Produces<IReadOnlyList<ProductView>>(StatusCodes.Status200OK, "application/json")
            .Produces(StatusCodes.Status304NotModified)
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                foreach (var status in new[] { "200", "304" })
                {
                    if (operation.Responses?.TryGetValue(status, out var response) == true && response is OpenApiResponse answer)
                    {
                        answer.Headers ??= new Dictionary<string, IOpenApiHeader>();
                        answer.Headers[HeaderNames.ETag] = new OpenApiHeader
                        {
                            Description = "Strong entity tag of the catalogue as served today.",
                            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                        };
                    }
                }

                return Task.CompletedTask;
            });
        group.MapGet("/{code}", GetProduct).ForProductReaders().WithName("GetProduct").WithSummary("One product's versions, newest first")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{code}/versions", AddProductVersion).ForWriters().WithName("AddProductVersion")
            .WithSummary("A new effective-dated version; fields not given are copied from the latest version")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static async Task<Results<FileContentHttpResult, StatusCodeHttpResult>> ListProducts(
        [FromHeader(Name = "If-None-Match")] string? ifNoneMatch, HttpResponse response, GuaranteeDbContext db, ProductCache cache,
        BusinessClock clock, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, CancellationToken ct)
    {
        // Reference data: versions are immutable and cached (ProductCache); "in force" changes only with the Seoul
        // date, so the serialized body is cached per (cache entry, date) and written as it is.
        var catalogue = await cache.RenderedCatalogueAsync(
            db, clock.Today, (versions, on) => JsonSerializer.SerializeToUtf8Bytes(Catalogue(versions, on), json.Value.SerializerOptions), ct);
        response.Headers.ETag = catalogue.ETag;
        if (ifNoneMatch is not null && EntityTagHeaderValue.TryParseList([ifNoneMatch], out var tags) && catalogue.MatchesAny(tags))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Bytes(catalogue.Json, "application/json; charset=utf-8");
    }

    /// <summary>Every product with the version in force on <paramref name="on"/> and its versions, newest first.</summary>
    public static IReadOnlyList<ProductView> Catalogue(IEnumerable<ProductVersion> versions, DateOnly on) =>
        [.. versions.GroupBy(v => v.Code).OrderBy(g => g.Key)
            .Select(g => new ProductView(g.Key, ProductCatalogue.InForce(g, on), [.. g.OrderByDescending(v => v.Version)]))];

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

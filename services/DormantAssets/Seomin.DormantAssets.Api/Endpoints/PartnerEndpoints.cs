using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.DormantAssets.Api.Data;
using Seomin.DormantAssets.Api.Features.Claims;
using Seomin.DormantAssets.Api.Features.Lookup;
using Seomin.DormantAssets.Domain;
using Seomin.DormantAssets.Domain.Claims;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.DormantAssets.Api.Endpoints;

public sealed record PartnerLookupRequest(string? VerificationId, string? ConsentId, string? Purpose);

public sealed record PartnerClaimRequest(string? VerificationId, string? ConsentId, Guid? AssetId, string? PayeeBankCode, string? PayeeAccount, DateOnly? ContactChangedOn);

/// <summary>
/// What the gateway's partner API v1 (<c>/partner/v1/dormant-assets/...</c>) calls: a partner fintech with the owner's
/// recorded consent (consent id and purpose) and the owner's identity verification. A partner sees only its own claims.
/// </summary>
public static class PartnerEndpoints
{
    public const string ConsentMustBeRecorded = "ConsentMustBeRecorded";
    public const string ConsentBelongsToAnotherPerson = "ConsentBelongsToAnotherPerson";

    public static RouteGroupBuilder MapPartnerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{EndpointSupport.BasePath}/partner").WithTags("Partner").WithStandardProblems().WithOwnershipProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/lookups", LookUp).WithName("PartnerLookUpDormantAssets").RequireScopes(Scopes.DormantAssetsLookup).WithIdempotency()
            .WithSummary("A partner looks up the verified person's dormant assets with their recorded consent (consent id and purpose)")
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/claims", Claim).WithName("PartnerClaimDormantAsset").RequireScopes(Scopes.DormantAssetsClaim).WithIdempotency()
            .WithSummary("A partner claims an asset for the verified person under the consent recorded at lookup")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/claims/{claimId:guid}", GetClaim).WithName("PartnerGetDormantClaim").RequireScopes(Scopes.DormantAssetsClaim, Scopes.DormantAssetsLookup)
            .WithSummary("The status of one of this partner's claims").ProducesProblems(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Ok<LookupResult>> LookUp(
        PartnerLookupRequest request, ClaimsPrincipal user, OwnerVerification verification, AssetLookup lookup, DormantAssetsDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var partner = PartnerCode(user);
        var consentId = EndpointSupport.Required(request.ConsentId, "consentId", 100);
        var purpose = EndpointSupport.Required(request.Purpose, "purpose");
        var owner = await verification.ConfirmAsync(request.VerificationId, purpose, partner, cancellationToken);
        var consent = await db.Consents.SingleOrDefaultAsync(c => c.PartnerCode == partner && c.ConsentId == consentId, cancellationToken);
        if (consent is null)
        {
            db.Consents.Add(new PartnerConsent { PartnerCode = partner, ConsentId = consentId, CustomerId = owner.CustomerId.Value, Purpose = purpose, RecordedAt = clock.GetUtcNow() });
        }
        else if (consent.CustomerId != owner.CustomerId.Value)
        {
            throw new DormantRuleException(ConsentBelongsToAnotherPerson, "This consent id was recorded for another person.");
        }

        return TypedResults.Ok(await lookup.ForAsync(owner, purpose, consentId, cancellationToken));
    }

    public static async Task<Created<ClaimResponse>> Claim(
        PartnerClaimRequest request, ClaimsPrincipal user, OwnerVerification verification, ClaimMaking claims, DormantAssetsDbContext db, CancellationToken cancellationToken)
    {
        var partner = PartnerCode(user);
        var consentId = EndpointSupport.Required(request.ConsentId, "consentId", 100);
        var assetId = EndpointSupport.Required(request.AssetId, "assetId");
        var bank = EndpointSupport.Required(request.PayeeBankCode, "payeeBankCode", 10);
        var account = EndpointSupport.Required(request.PayeeAccount, "payeeAccount", 40);
        var owner = await verification.ConfirmAsync(request.VerificationId, "partner claim", partner, cancellationToken);
        var consent = await db.Consents.AsNoTracking().SingleOrDefaultAsync(c => c.PartnerCode == partner && c.ConsentId == consentId, cancellationToken);
        if (consent is null || consent.CustomerId != owner.CustomerId.Value)
        {
            throw new DormantRuleException(ConsentMustBeRecorded, "No consent of this person is recorded under this consent id; look up with the consent first.");
        }

        var claim = await claims.MakeAsync(
            new ClaimCommand(assetId, ClaimChannel.Partner, Claimant.Owner, owner.CustomerId.Value, owner.Name, partner, consentId, bank, account,
                request.ContactChangedOn, [], user.GetClientId() ?? EndpointSupport.Actor(user)),
            cancellationToken);
        return TypedResults.Created($"{EndpointSupport.BasePath}/partner/claims/{claim.Id}", ClaimResponse.From(claim));
    }

    public static async Task<Results<Ok<ClaimResponse>, NotFound>> GetClaim(Guid claimId, ClaimsPrincipal user, DormantAssetsDbContext db, CancellationToken cancellationToken)
    {
        var partner = PartnerCode(user);
        var claim = await db.Claims.AsNoTracking().SingleOrDefaultAsync(c => c.Id == claimId && c.PartnerCode == partner, cancellationToken);
        return claim is null ? TypedResults.NotFound() : TypedResults.Ok(ClaimResponse.From(claim));
    }

    private static string PartnerCode(ClaimsPrincipal user) =>
        user.GetPartnerCode() ?? throw new ConflictException("Only a partner's client (partner_code) uses the partner API.");
}

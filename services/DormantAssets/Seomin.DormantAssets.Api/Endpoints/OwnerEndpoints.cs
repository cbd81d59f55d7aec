using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Seomin.Access;
using Seomin.DormantAssets.Api.Features.Claims;
using Seomin.DormantAssets.Api.Features.Lookup;
using Seomin.DormantAssets.Domain.Claims;
using Seomin.ServiceDefaults.Endpoints;

namespace Seomin.DormantAssets.Api.Endpoints;

public sealed record OwnerLookupRequest(string? VerificationId, string? Purpose);

public sealed record OwnerClaimRequest(string? VerificationId, Guid? AssetId, string? PayeeBankCode, string? PayeeAccount, DateOnly? ContactChangedOn);

/// <summary>
/// The owner's own channel (휴면예금 찾아줌 app and web): the agency's front end calls as an internal client with the
/// officer role and passes the provider's verification id, which names the person and is single use.
/// </summary>
public static class OwnerEndpoints
{
    public static RouteGroupBuilder MapOwnerEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{EndpointSupport.BasePath}/self-service").WithTags("Owner self-service").WithStandardProblems().WithOwnershipProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/lookups", LookUp).WithName("LookUpOwnDormantAssets").RequireRoles(EndpointSupport.Officers)
            .WithSummary("찾아줌: every dormant asset of the verified person across institutions (accounts masked; cheque and 실기주 not shown)")
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/claims", Claim).WithName("ClaimOwnDormantAsset").RequireRoles(EndpointSupport.Officers).WithIdempotency()
            .WithSummary("지급청구 online (up to the online cap) to an account in the owner's name; paid at once unless internal control holds it")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Ok<LookupResult>> LookUp(OwnerLookupRequest request, OwnerVerification verification, AssetLookup lookup, CancellationToken cancellationToken)
    {
        var purpose = string.IsNullOrWhiteSpace(request.Purpose) ? "owner lookup" : EndpointSupport.Required(request.Purpose, "purpose");
        var owner = await verification.ConfirmAsync(request.VerificationId, purpose, null, cancellationToken);
        return TypedResults.Ok(await lookup.ForAsync(owner, purpose, null, cancellationToken));
    }

    public static async Task<Created<ClaimResponse>> Claim(
        OwnerClaimRequest request, ClaimsPrincipal user, OwnerVerification verification, ClaimMaking claims, CancellationToken cancellationToken)
    {
        var assetId = EndpointSupport.Required(request.AssetId, "assetId");
        var bank = EndpointSupport.Required(request.PayeeBankCode, "payeeBankCode", 10);
        var account = EndpointSupport.Required(request.PayeeAccount, "payeeAccount", 40);
        var owner = await verification.ConfirmAsync(request.VerificationId, "claim", null, cancellationToken);
        var claim = await claims.MakeAsync(
            new ClaimCommand(assetId, ClaimChannel.Online, Claimant.Owner, owner.CustomerId.Value, owner.Name, null, null, bank, account,
                request.ContactChangedOn, [], user.GetClientId() ?? EndpointSupport.Actor(user)),
            cancellationToken);
        return TypedResults.Created($"{EndpointSupport.BasePath}/claims/{claim.Id}", ClaimResponse.From(claim));
    }
}

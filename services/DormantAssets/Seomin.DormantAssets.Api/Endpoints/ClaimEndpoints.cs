using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.DormantAssets.Api.Data;
using Seomin.DormantAssets.Api.Features.Claims;
using Seomin.DormantAssets.Domain;
using Seomin.DormantAssets.Domain.Claims;
using Seomin.PersonalData;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.DormantAssets.Api.Endpoints;

public sealed record ClaimDocument(string? Kind, string? Reference);

/// <summary>An in-person claim recorded by staff: the claimant identified at the counter and the documents checked.</summary>
public sealed record InPersonClaimRequest(
    Guid? AssetId,
    Claimant? Claimant,
    string? ClaimantName,
    string? OwnerRrn,
    IReadOnlyList<ClaimDocument>? Documents,
    string? PayeeBankCode,
    string? PayeeAccount);

public sealed record ReviewRequest(string? Note);

public sealed record RejectRequest(string? Reason);

/// <summary>Claims as staff handle them: in-person claims, the review and approval of held claims (maker-checker), payment.</summary>
public static class ClaimEndpoints
{
    public static RouteGroupBuilder MapClaimEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup($"{EndpointSupport.BasePath}/claims").WithTags("Claims").WithStandardProblems().WithOwnershipProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/in-person", RecordInPerson).WithName("RecordInPersonDormantClaim").RequireRoles(EndpointSupport.Officers)
            .WithSummary("Records an in-person claim (any amount; owners, heirs, agents) with the documents checked; a second employee approves it")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", ListClaims).WithName("ListDormantClaims").RequireRoles(EndpointSupport.Readers)
            .WithSummary("Claims, newest first, by status (paged)");
        group.MapGet("/{claimId:guid}", GetClaim).WithName("GetDormantClaim").RequireRoles(EndpointSupport.Readers)
            .WithSummary("One claim with its hold reasons").ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{claimId:guid}/review", Review).WithName("ReviewDormantClaim").RequireRoles(EndpointSupport.Officers)
            .WithSummary("The first employee's review of a held claim, with a note")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPost("/{claimId:guid}/approval", Approve).WithName("ApproveDormantClaim").RequireRoles(EndpointSupport.Officers)
            .WithSummary("A second employee approves a reviewed held claim (not the reviewer, not the claim's maker) and it is paid")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{claimId:guid}/rejection", Reject).WithName("RejectDormantClaim").RequireRoles(EndpointSupport.Officers)
            .WithSummary("Rejects a held claim with its reason; the asset can be claimed again")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPost("/{claimId:guid}/payment", Pay).WithName("PayDormantClaim").RequireRoles(EndpointSupport.Officers)
            .WithSummary("Pays (or retries paying) an approved claim; exactly once per claim")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status502BadGateway);
        return group;
    }

    public sealed record ClaimServices(DormantAssetsDbContext Db, IAuditTrail Audit);

    public static async Task<Created<ClaimResponse>> RecordInPerson(
        InPersonClaimRequest request, ClaimsPrincipal user, ClaimMaking claims, DormantAssetsDbContext db, ICustomerIdFactory customerIds, CancellationToken cancellationToken)
    {
        var assetId = EndpointSupport.Required(request.AssetId, "assetId");
        var claimant = EndpointSupport.Required(request.Claimant, "claimant");
        var name = EndpointSupport.Required(request.ClaimantName, "claimantName", 100);
        var documents = (request.Documents ?? []).Select((d, i) =>
            $"{EndpointSupport.Required(d.Kind, $"documents[{i}].kind", 60)}:{EndpointSupport.Required(d.Reference, $"documents[{i}].reference", 100)}").ToList();
        string? claimantCustomerId = null;
        if (claimant == Claimant.Owner)
        {
            // The owner in person shows an identity card: the number must be the asset's owner's.
            if (!ResidentRegistrationNumber.TryParse(request.OwnerRrn, out var rrn))
            {
                throw new DomainValidationException("ownerRrn", "ownerRrn must be a valid resident registration number when the owner claims.");
            }

            claimantCustomerId = customerIds.Create(rrn).Value;
            var asset = await db.Assets.AsNoTracking().SingleOrDefaultAsync(a => a.Id == assetId, cancellationToken)
                ?? throw new NotFoundException($"Dormant asset {assetId} does not exist.");
            if (asset.CustomerId != claimantCustomerId)
            {
                throw new NotTheOwnerException();
            }
        }

        var claim = await claims.MakeAsync(
            new ClaimCommand(assetId, ClaimChannel.InPerson, claimant, claimantCustomerId, name, null, null,
                EndpointSupport.Required(request.PayeeBankCode, "payeeBankCode", 10), EndpointSupport.Required(request.PayeeAccount, "payeeAccount", 40),
                null, documents, EndpointSupport.Actor(user)),
            cancellationToken);
        return TypedResults.Created($"{EndpointSupport.BasePath}/claims/{claim.Id}", ClaimResponse.From(claim));
    }

    public static async Task<Ok<PagedResult<ClaimResponse>>> ListClaims(ClaimStatus? status, int? page, int? pageSize, DormantAssetsDbContext db, CancellationToken cancellationToken)
    {
        var window = Paging.Normalise(page, pageSize);
        var query = db.Claims.AsNoTracking().Where(c => status == null || c.Status == status);
        var items = await query.OrderByDescending(c => c.ClaimedAt).Skip(window.Skip).Take(window.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(window.Of<ClaimResponse>([.. items.Select(ClaimResponse.From)], await query.CountAsync(cancellationToken)));
    }

    public static async Task<Results<Ok<ClaimResponse>, NotFound>> GetClaim(Guid claimId, DormantAssetsDbContext db, CancellationToken cancellationToken)
    {
        var claim = await db.Claims.AsNoTracking().SingleOrDefaultAsync(c => c.Id == claimId, cancellationToken);
        return claim is null ? TypedResults.NotFound() : TypedResults.Ok(ClaimResponse.From(claim));
    }

    public static async Task<Ok<ClaimResponse>> Review(Guid claimId, ReviewRequest request, ClaimsPrincipal user, [AsParameters] ClaimServices services, CancellationToken cancellationToken)
    {
        var claim = await FindAsync(services.Db, claimId, cancellationToken);
        claim.Review(EndpointSupport.Actor(user), EndpointSupport.Required(request.Note, "note", 500));
        services.Audit.Record(new AuditEntry(AuditAction.Change, "DormantRefundClaim", claim.Id.ToString()) { Changes = [new("reviewedBy", null, claim.ReviewedBy)] });
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ClaimResponse.From(claim));
    }

    public static async Task<Ok<ClaimResponse>> Approve(
        Guid claimId, ClaimsPrincipal user, [AsParameters] ClaimServices services, ClaimPayments payments, CancellationToken cancellationToken)
    {
        var claim = await FindAsync(services.Db, claimId, cancellationToken);
        var approver = EndpointSupport.Actor(user);
        try
        {
            MakerChecker.EnsureDifferentPerson(claim.ReviewedBy, approver);
            MakerChecker.EnsureDifferentPerson(claim.ClaimedBy, approver);
        }
        catch (SelfApprovalForbiddenException)
        {
            services.Audit.Record(new AuditEntry(AuditAction.Refuse, "DormantRefundClaim", claim.Id.ToString()) { Reason = MakerChecker.ErrorCode });
            await services.Db.SaveChangesAsync(cancellationToken);
            throw;
        }

        claim.Approve(approver);
        services.Audit.Record(new AuditEntry(AuditAction.Change, "DormantRefundClaim", claim.Id.ToString())
        {
            Changes = [new("status", nameof(ClaimStatus.Held), nameof(ClaimStatus.Approved)), new("decidedBy", null, approver)],
        });
        await services.Db.SaveChangesAsync(cancellationToken);
        await payments.TryPayAsync(claim.Id, cancellationToken);
        return TypedResults.Ok(ClaimResponse.From(claim));
    }

    public static async Task<Ok<ClaimResponse>> Reject(Guid claimId, RejectRequest request, ClaimsPrincipal user, [AsParameters] ClaimServices services, CancellationToken cancellationToken)
    {
        var claim = await FindAsync(services.Db, claimId, cancellationToken);
        claim.Reject(EndpointSupport.Actor(user), EndpointSupport.Required(request.Reason, "reason", 500));
        services.Audit.Record(new AuditEntry(AuditAction.Change, "DormantRefundClaim", claim.Id.ToString())
        {
            Changes = [new("status", nameof(ClaimStatus.Held), nameof(ClaimStatus.Rejected))],
        });
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ClaimResponse.From(claim));
    }

    public static async Task<Results<Ok<ClaimResponse>, ProblemHttpResult>> Pay(Guid claimId, ClaimPayments payments, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(ClaimResponse.From(await payments.PayAsync(claimId, cancellationToken)));
        }
        catch (PaymentNotConfirmedException e)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Transfer not confirmed", detail: e.Message,
                extensions: new Dictionary<string, object?> { ["rule"] = "TransferNotConfirmed" });
        }
    }

    private static async Task<RefundClaim> FindAsync(DormantAssetsDbContext db, Guid claimId, CancellationToken cancellationToken) =>
        await db.Claims.SingleOrDefaultAsync(c => c.Id == claimId, cancellationToken) ?? throw new NotFoundException($"Claim {claimId} does not exist.");
}

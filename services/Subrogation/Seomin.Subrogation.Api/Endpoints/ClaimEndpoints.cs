using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Contracts.Subrogation;
using Seomin.Messaging;
using Seomin.PersonalData;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Api.Features.Debtors;
using Seomin.Subrogation.Api.Features.Payment;
using Seomin.Subrogation.Domain;
using Seomin.Subrogation.Domain.Claims;
using Seomin.Subrogation.Domain.Rules;

namespace Seomin.Subrogation.Api.Endpoints;

public sealed record FileClaimRequest(
    Guid? GuaranteeId,
    ClaimTrigger? Trigger,
    long? Principal,
    decimal? ContractAnnualRate,
    DateOnly? InterestPaidTo,
    long? ClaimedCosts,
    string? PayeeBankCode,
    string? PayeeAccount,
    string? DebtorRrn = null,
    string? DebtorName = null);

public sealed record ReviewClaimRequest(DateOnly? PaymentDate, long? ApprovedCosts);

public sealed record RejectClaimRequest(string? Reason);

public sealed record PayableResponse(long Principal, long Interest, long Costs, long Base, decimal GuaranteeRatio, long GuarantorShare, long LenderShare)
{
    public static PayableResponse? From(PayableAmount? p) =>
        p is null ? null : new(p.Principal, p.Interest, p.Costs, p.Base, p.GuaranteeRatio, p.GuarantorShare, p.LenderShare);
}

public sealed record ClaimResponse(
    Guid Id,
    Guid GuaranteeId,
    string CustomerId,
    string LenderCode,
    string FundCode,
    ClaimTrigger Trigger,
    DateOnly AccidentOn,
    DateOnly FiledOn,
    long Principal,
    long ClaimedCosts,
    ClaimStatus Status,
    PayableResponse? Payable,
    DateOnly? PaymentDate,
    string FiledBy,
    string? ReviewedBy,
    string? DecidedBy,
    string? RejectionReason,
    string? TransferReference,
    DateOnly? PaidOn,
    int FailedTransfers,
    string? PayeeAccountMasked)
{
    public static ClaimResponse From(SubrogationClaim c) => new(
        c.Id, c.Cover.GuaranteeId, c.Cover.CustomerId, c.Cover.LenderCode, c.Cover.FundCode, c.Trigger, c.AccidentOn, c.FiledOn,
        c.Principal, c.ClaimedCosts, c.Status, PayableResponse.From(c.Payable), c.PaymentDate, c.FiledBy, c.ReviewedBy, c.DecidedBy,
        c.RejectionReason, c.TransferReference, c.PaidOn, c.FailedTransfers,
        c.PayeeAccount is { Length: > 4 } account ? new string('*', account.Length - 4) + account[^4..] : c.PayeeAccount);
}

public sealed record PaymentResponse(ClaimResponse Claim, Guid RecourseId, bool AlreadyPaid);

public static class ClaimEndpoints
{
    public static RouteGroupBuilder MapClaimEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/subrogation/claims").WithTags("Claims").WithStandardProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/", FileClaim).WithName("FileSubrogationClaim").RequireRolesOrScopes(EndpointSupport.Writers, [Scopes.SubrogationClaim])
            .WithSummary("Files a lender's claim for subrogation (대위변제 청구) on a guarantee in accident; a lender's institution client only on its own guarantees")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", ListClaims).WithName("ListSubrogationClaims").RequireRolesOrScopes(EndpointSupport.Readers, [Scopes.SubrogationClaim])
            .WithSummary("Claims, newest first, by status or guarantee (paged); a lender's institution client sees only its own");
        group.MapGet("/{claimId:guid}", GetClaim).WithName("GetSubrogationClaim").RequireRolesOrScopes(EndpointSupport.Readers, [Scopes.SubrogationClaim])
            .WithSummary("One claim with its payable amount").ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{claimId:guid}/review", ReviewClaim).WithName("ReviewSubrogationClaim").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Computes the payable amount for a payment date: ratio × (principal + contract interest + approved costs)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{claimId:guid}/approval", ApproveClaim).WithName("ApproveSubrogationClaim").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Approves a reviewed claim; the approver must not be its reviewer (maker-checker)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{claimId:guid}/rejection", RejectClaim).WithName("RejectSubrogationClaim").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Rejects a claim with its reason")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{claimId:guid}/payment", PayClaim).WithName("PaySubrogationClaim").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Pays an approved claim through the bank (대위변제금 지급), exactly once; opens the recourse claim")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status502BadGateway);
        return group;
    }

    public sealed record ClaimServices(SubrogationDbContext Db, IOutbox Outbox, IAuditTrail Audit, TimeProvider Clock);

    /// <summary>The lender an institution client is limited to (its <c>institution_code</c>); null for staff.</summary>
    private static string? LenderScope(ClaimsPrincipal user) =>
        user.IsInstitution() ? user.GetInstitutionCode() ?? throw new ConflictException("The institution token names no institution code.") : null;

    public static async Task<Created<ClaimResponse>> FileClaim(
        FileClaimRequest request,
        ClaimsPrincipal user,
        [AsParameters] ClaimServices services,
        DebtorRegistry debtors,
        CancellationToken cancellationToken)
    {
        var lender = LenderScope(user);
        var debtorRrn = request.DebtorRrn is null ? (ResidentRegistrationNumber?)null : DebtorRegistry.ParseRrn(request.DebtorRrn, "debtorRrn");
        var guaranteeId = EndpointSupport.Required(request.GuaranteeId, "guaranteeId");
        var trigger = EndpointSupport.Required(request.Trigger, "trigger");
        var principal = EndpointSupport.Required(request.Principal, "principal");
        var interestPaidTo = EndpointSupport.Required(request.InterestPaidTo, "interestPaidTo");
        var guarantee = await services.Db.Guarantees.SingleOrDefaultAsync(g => g.GuaranteeId == guaranteeId, cancellationToken);
        if (lender is not null && guarantee is not null && guarantee.LenderCode != lender)
        {
            // Another lender's guarantee is not disclosed: the same answer as an unknown id.
            throw new NotFoundException("No guarantee of this institution is known under this id.");
        }

        if (guarantee is null || !guarantee.IsIssued)
        {
            throw new SubrogationRuleException("GuaranteeMustBeInForceAtAccident", "No guarantee in force is known under this id.");
        }

        if (!guarantee.InAccident || guarantee.AccidentOn is not { } accidentOn)
        {
            throw new SubrogationRuleException("GuaranteeMustBeInAccident", "The guarantee has no accident reported that is not normalised.");
        }

        var duplicate = await services.Db.Claims.AnyAsync(
            c => c.Cover.GuaranteeId == guaranteeId && c.AccidentOn == accidentOn && c.Status != ClaimStatus.Rejected, cancellationToken);
        if (duplicate)
        {
            throw new SubrogationRuleException("OneClaimPerAccident", "A claim for this accident already exists.");
        }

        var claim = SubrogationClaim.File(
            Guid.CreateVersion7(), guarantee.ToCover(), trigger, accidentOn, EndpointSupport.Today(services.Clock), principal,
            request.ContractAnnualRate ?? 0m, interestPaidTo, request.ClaimedCosts ?? 0, EndpointSupport.Actor(user));
        claim.PayTo(EndpointSupport.Required(request.PayeeBankCode, "payeeBankCode"), EndpointSupport.Required(request.PayeeAccount, "payeeAccount"));
        services.Db.Claims.Add(claim);
        if (debtorRrn is { } rrn)
        {
            await debtors.RecordAsync(claim.Id, claim.Cover.CustomerId, rrn, request.DebtorName ?? "", EndpointSupport.Actor(user), cancellationToken);
        }

        services.Outbox.Publish(new SubrogationClaimFiled
        {
            EventId = MessageIds.NewId(), ClaimId = claim.Id, GuaranteeId = guaranteeId, CustomerId = claim.Cover.CustomerId,
            LenderCode = claim.Cover.LenderCode, ClaimedPrincipal = principal, AccidentOn = accidentOn, OccurredAt = services.Clock.GetUtcNow(),
        });
        services.Audit.Record(new AuditEntry(AuditAction.Create, "SubrogationClaim", claim.Id.ToString()));
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/subrogation/claims/{claim.Id}", ClaimResponse.From(claim));
    }

    public static async Task<Ok<PagedResult<ClaimResponse>>> ListClaims(
        SubrogationDbContext db,
        ClaimsPrincipal user,
        ClaimStatus? status,
        Guid? guaranteeId,
        int? page,
        int? pageSize,
        CancellationToken cancellationToken)
    {
        var window = Paging.Normalise(page, pageSize);
        var query = db.Claims.AsNoTracking();
        if (LenderScope(user) is { } lender)
        {
            query = query.Where(c => c.Cover.LenderCode == lender);
        }

        if (status is { } s)
        {
            query = query.Where(c => c.Status == s);
        }

        if (guaranteeId is { } g)
        {
            query = query.Where(c => c.Cover.GuaranteeId == g);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(c => c.Id).Skip(window.Skip).Take(window.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(window.Of<ClaimResponse>([.. items.Select(ClaimResponse.From)], total));
    }

    public static async Task<Ok<ClaimResponse>> GetClaim(Guid claimId, ClaimsPrincipal user, SubrogationDbContext db, CancellationToken cancellationToken)
    {
        var claim = await FindAsync(db, claimId, cancellationToken);
        if (LenderScope(user) is { } lender && claim.Cover.LenderCode != lender)
        {
            throw new NotFoundException($"Claim {claimId} does not exist.");
        }

        return TypedResults.Ok(ClaimResponse.From(claim));
    }

    public static async Task<Ok<ClaimResponse>> ReviewClaim(
        Guid claimId,
        ReviewClaimRequest request,
        ClaimsPrincipal user,
        [AsParameters] ClaimServices services,
        CancellationToken cancellationToken)
    {
        var claim = await FindAsync(services.Db, claimId, cancellationToken);
        var payable = claim.Review(
            EndpointSupport.Actor(user), request.PaymentDate ?? EndpointSupport.Today(services.Clock), request.ApprovedCosts ?? 0);
        services.Audit.Record(new AuditEntry(AuditAction.Change, "SubrogationClaim", claim.Id.ToString())
        {
            Changes = [new("status", null, nameof(ClaimStatus.Reviewed)), new("guarantorShare", null, payable.GuarantorShare.ToString(System.Globalization.CultureInfo.InvariantCulture))],
        });
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ClaimResponse.From(claim));
    }

    public static async Task<Ok<ClaimResponse>> ApproveClaim(
        Guid claimId,
        ClaimsPrincipal user,
        [AsParameters] ClaimServices services,
        CancellationToken cancellationToken)
    {
        var claim = await FindAsync(services.Db, claimId, cancellationToken);
        var approver = EndpointSupport.Actor(user);
        MakerChecker.EnsureDifferentPerson(claim.ReviewedBy, approver);
        claim.Approve(approver);
        PublishDecision(services, claim);
        services.Audit.Record(new AuditEntry(AuditAction.Change, "SubrogationClaim", claim.Id.ToString())
        {
            Changes = [new("status", nameof(ClaimStatus.Reviewed), nameof(ClaimStatus.Approved))],
        });
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ClaimResponse.From(claim));
    }

    public static async Task<Ok<ClaimResponse>> RejectClaim(
        Guid claimId,
        RejectClaimRequest request,
        ClaimsPrincipal user,
        [AsParameters] ClaimServices services,
        CancellationToken cancellationToken)
    {
        var claim = await FindAsync(services.Db, claimId, cancellationToken);
        var before = claim.Status;
        claim.Reject(EndpointSupport.Actor(user), request.Reason ?? "");
        PublishDecision(services, claim);
        services.Audit.Record(new AuditEntry(AuditAction.Change, "SubrogationClaim", claim.Id.ToString())
        {
            Reason = claim.RejectionReason,
            Changes = [new("status", before.ToString(), nameof(ClaimStatus.Rejected))],
        });
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ClaimResponse.From(claim));
    }

    public static async Task<Results<Ok<PaymentResponse>, ProblemHttpResult>> PayClaim(
        Guid claimId,
        ClaimsPrincipal user,
        ClaimPayments payments,
        CancellationToken cancellationToken)
    {
        try
        {
            var (claim, recourse, alreadyPaid) = await payments.PayAsync(claimId, EndpointSupport.Actor(user), cancellationToken);
            return TypedResults.Ok(new PaymentResponse(ClaimResponse.From(claim), recourse.Id, alreadyPaid));
        }
        catch (PaymentNotConfirmedException ex)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status502BadGateway,
                title: "The bank did not confirm the transfer",
                detail: $"{ex.Message} The claim stays approved; retry the payment (the bank deduplicates by claim).",
                extensions: new Dictionary<string, object?> { ["errorCode"] = "bank_transfer_not_confirmed", ["outcomeUnknown"] = ex.OutcomeUnknown });
        }
    }

    private static void PublishDecision(ClaimServices services, SubrogationClaim claim) =>
        services.Outbox.Publish(new SubrogationClaimDecided
        {
            EventId = MessageIds.NewId(), ClaimId = claim.Id, GuaranteeId = claim.Cover.GuaranteeId, CustomerId = claim.Cover.CustomerId,
            Approved = claim.Status == ClaimStatus.Approved, GuarantorShare = claim.Payable?.GuarantorShare ?? 0,
            LenderShare = claim.Payable?.LenderShare ?? 0, RejectionReason = claim.RejectionReason, OccurredAt = services.Clock.GetUtcNow(),
        });

    private static async Task<SubrogationClaim> FindAsync(SubrogationDbContext db, Guid claimId, CancellationToken cancellationToken) =>
        await db.Claims.SingleOrDefaultAsync(c => c.Id == claimId, cancellationToken)
        ?? throw new NotFoundException($"Claim {claimId} does not exist.");
}

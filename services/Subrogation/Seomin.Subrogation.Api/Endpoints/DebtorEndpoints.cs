using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.PersonalData;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Api.Features.Debtors;

namespace Seomin.Subrogation.Api.Endpoints;

public sealed record RecordDebtorRequest(string? Rrn, string? Name);

public sealed record RevealDebtorRequest(string? Reason);

public sealed record FindDebtorRequest(string? Rrn, int? Page, int? PageSize);

/// <summary>The debtor as shown: masked RRN and name.</summary>
public sealed record DebtorResponse(Guid RecourseId, Guid ClaimId, string CustomerId, string RrnMasked, string NameMasked, string RecordedBy, DateTimeOffset RecordedAt);

/// <summary>The unmasked identity, returned only by the audited reveal.</summary>
public sealed record RevealedDebtorResponse(Guid RecourseId, string Rrn, string Name);

public static class DebtorEndpoints
{
    public static IEndpointRouteBuilder MapDebtorEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/subrogation/recourse").WithTags("Debtors").WithStandardProblems()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPut("/{recourseId:guid}/debtor", Record).WithName("RecordRecourseDebtor").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Records the debtor's RRN and name (encrypted, blind-indexed); the RRN must be the guarantee customer's")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{recourseId:guid}/debtor", Get).WithName("GetRecourseDebtor").RequireRoles(EndpointSupport.Readers)
            .WithSummary("The debtor, masked").ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{recourseId:guid}/debtor/reveal", Reveal).WithName("RevealRecourseDebtor").RequireRoles(EndpointSupport.Writers)
            .WithSummary("The debtor's full RRN and name for a stated reason (audited as an unmask)")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/by-debtor", Find).WithName("FindRecourseByDebtor").RequireRoles(EndpointSupport.Readers)
            .WithSummary("Recourse claims of the debtor with this RRN (in the body, never the URL), through the blind index (paged)");
        return app;
    }

    public static async Task<Ok<DebtorResponse>> Record(
        Guid recourseId, RecordDebtorRequest request, ClaimsPrincipal user, SubrogationDbContext db, DebtorRegistry debtors, CancellationToken cancellationToken)
    {
        var rrn = DebtorRegistry.ParseRrn(request.Rrn, "rrn");
        var name = EndpointSupport.Required(request.Name, "name");
        var recourse = await db.RecourseClaims.SingleOrDefaultAsync(r => r.Id == recourseId, cancellationToken)
            ?? throw new NotFoundException($"Recourse claim {recourseId} does not exist.");
        var identity = await debtors.RecordAsync(recourse.ClaimId, recourse.CustomerId, rrn, name, EndpointSupport.Actor(user), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(View(recourseId, identity));
    }

    public static async Task<Ok<DebtorResponse>> Get(Guid recourseId, SubrogationDbContext db, CancellationToken cancellationToken)
    {
        var (_, identity) = await LoadAsync(db, recourseId, cancellationToken);
        return TypedResults.Ok(View(recourseId, identity));
    }

    public static async Task<Ok<RevealedDebtorResponse>> Reveal(
        Guid recourseId, RevealDebtorRequest request, SubrogationDbContext db, IAuditTrail audit, CancellationToken cancellationToken)
    {
        var reason = EndpointSupport.Required(request.Reason, "reason");
        var (_, identity) = await LoadAsync(db, recourseId, cancellationToken);
        var full = identity.Rrn.Reveal(audit, new CustomerId(identity.CustomerId), reason, "DebtorIdentity", identity.ClaimId.ToString());
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new RevealedDebtorResponse(recourseId, full, identity.Name));
    }

    public static async Task<Ok<PagedResult<RecourseResponse>>> Find(
        FindDebtorRequest request, SubrogationDbContext db, DebtorRegistry debtors, TimeProvider clock, CancellationToken cancellationToken)
    {
        var index = debtors.BlindIndexOf(DebtorRegistry.ParseRrn(request.Rrn, "rrn"));
        var window = Paging.Normalise(request.Page, request.PageSize);
        var query = db.RecourseClaims.AsNoTracking().Join(db.Debtors.Where(d => d.RrnBlindIndex == index), r => r.ClaimId, d => d.ClaimId, (r, _) => r);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(r => r.Id).Skip(window.Skip).Take(window.Size).ToListAsync(cancellationToken);
        var today = EndpointSupport.Today(clock);
        return TypedResults.Ok(window.Of<RecourseResponse>([.. items.Select(r => RecourseResponse.From(r, r.AccruedThrough > today ? r.AccruedThrough : today))], total));
    }

    internal static async Task<(Domain.Recourse.RecourseClaim Recourse, DebtorIdentity Identity)> LoadAsync(SubrogationDbContext db, Guid recourseId, CancellationToken cancellationToken)
    {
        var recourse = await db.RecourseClaims.AsNoTracking().SingleOrDefaultAsync(r => r.Id == recourseId, cancellationToken)
            ?? throw new NotFoundException($"Recourse claim {recourseId} does not exist.");
        var identity = await db.Debtors.AsNoTracking().SingleOrDefaultAsync(d => d.ClaimId == recourse.ClaimId, cancellationToken)
            ?? throw new NotFoundException($"No debtor identity is recorded on recourse claim {recourseId}.");
        return (recourse, identity);
    }

    private static DebtorResponse View(Guid recourseId, DebtorIdentity d) =>
        new(recourseId, d.ClaimId, d.CustomerId, d.Rrn.Masked, Masking.Name(d.Name), d.RecordedBy, d.RecordedAt);
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Guarantee.Api.Data;
using Seomin.PersonalData.Audit;
using Seomin.ServiceDefaults.Endpoints;

namespace Seomin.Guarantee.Api.Endpoints;

/// <summary>One audit record about a guarantee or its application, as an auditor reads it.</summary>
/// <param name="Actor">The employee number of the person (or a system's client id, or the job) who acted.</param>
/// <param name="Client">The client that carried the call; null on records written before clients were recorded.</param>
public sealed record AuditTrailItem(
    long Id, DateTimeOffset OccurredAt, string Action, string ResourceType, string? ResourceId, string Actor, string ActorType, string? Client, string? Reason);

/// <summary>감사 추적: who did what to a guarantee and its application, for auditors.</summary>
public static class AuditTrailEndpoints
{
    public const int MaxPageSize = 200;

    public static RouteHandlerBuilder MapAuditTrailEndpoints(this IEndpointRouteBuilder routes) =>
        routes.MapGroup("/api/guarantees").WithTags("Audit trail").WithStandardProblems()
            .MapGet("/{guaranteeId:guid}/audit-trail", GetAuditTrail).WithName("GetGuaranteeAuditTrail")
            .WithSummary("Audit records about a guarantee and its application (action, employee, client, time), oldest first")
            .RequireRoles(GuaranteeAccess.AuditTrailReaders)
            .ProducesProblems(StatusCodes.Status404NotFound);

    public static async Task<Ok<PagedResult<AuditTrailItem>>> GetAuditTrail(
        Guid guaranteeId, int? page, int? pageSize, GuaranteeDbContext db, CancellationToken ct)
    {
        var window = Paging.Normalise(page, pageSize, MaxPageSize);
        var guarantee = await GuaranteeEndpoints.LoadAsync(db, guaranteeId, ct, tracking: false);
        var guaranteeKey = guarantee.Id.ToString();
        var applicationKey = guarantee.ApplicationId.ToString();
        var records = db.Set<AuditLogEntry>().AsNoTracking().Where(e =>
            (e.ResourceType == "Guarantee" && e.ResourceId == guaranteeKey)
            || (e.ResourceType == "GuaranteeApplication" && e.ResourceId == applicationKey));
        var total = await records.CountAsync(ct);
        var rows = await records.OrderBy(e => e.Id).Skip(window.Skip).Take(window.Size).ToListAsync(ct);
        return TypedResults.Ok(window.Of<AuditTrailItem>(
            [.. rows.Select(e => new AuditTrailItem(e.Id, e.OccurredAt, e.Action.ToString(), e.ResourceType, e.ResourceId, e.Actor, e.ActorType, e.Client, e.Reason))],
            total));
    }
}

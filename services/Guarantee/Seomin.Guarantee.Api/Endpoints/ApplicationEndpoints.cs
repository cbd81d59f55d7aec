using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.BusinessTime;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Features;
using Seomin.Guarantee.Api.Features.SubmitApplication;
using Seomin.Guarantee.Domain.Screening;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;
using Seomin.ServiceDefaults.Security;
using Seomin.ServiceDefaults.Security.Audit;

namespace Seomin.Guarantee.Api.Endpoints;

/// <summary>Applications (보증 신청), screening and staff decisions.</summary>
public static class ApplicationEndpoints
{
    public const int MaxPageSize = 200;

    public static RouteGroupBuilder MapApplicationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/guarantees/applications").WithTags("Applications").WithStandardProblems();
        group.MapPost("/", SubmitApplication).WithName("SubmitApplication")
            .WithSummary("Submit an application; screened at once (Idempotency-Key: same key and body replays the first response)")
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotency();
        group.MapGet("/", ListApplications).WithName("ListApplications").WithSummary("Applications, newest first, RRN masked");
        group.MapGet("/{id:guid}", GetApplication).WithName("GetApplication").WithSummary("One application (the read is audited)")
            .ProducesProblems(StatusCodes.Status404NotFound)
            .AuditsPersonalDataRead("GuaranteeApplication");
        group.MapPost("/{id:guid}/approval", ApproveApplication).WithName("ApproveApplication")
            .WithSummary("Staff approve a referred application, possibly for less (audited)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/rejection", RejectApplication).WithName("RejectApplication")
            .WithSummary("Staff reject a referred application with a reason (audited)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    /// <summary>What the decision handlers use.</summary>
    public sealed record DecisionServices(GuaranteeDbContext Db, GuaranteeApprover Approver, GuaranteeEvents Events, IAuditTrail Audit, BusinessClock Clock);

    /// <summary>Filters of the application list.</summary>
    public sealed record ListApplicationsQuery(int? Page, int? PageSize, ApplicationStatus? Status, string? CustomerId);

    public static async Task<Created<ApplicationView>> SubmitApplication(
        SubmitApplicationRequest request, ApplicationSubmission submission, CancellationToken ct)
    {
        var view = await submission.SubmitAsync(request, ct);
        return TypedResults.Created($"/api/guarantees/applications/{view.Id}", view);
    }

    public static async Task<Ok<PagedResult<ApplicationView>>> ListApplications(
        [AsParameters] ListApplicationsQuery filter, GuaranteeDbContext db, CancellationToken ct)
    {
        var window = Paging.Normalise(filter.Page, filter.PageSize, MaxPageSize);
        var query = db.Applications.AsNoTracking();
        if (filter.Status is { } status)
        {
            query = query.Where(a => a.Status == status);
        }

        if (!string.IsNullOrEmpty(filter.CustomerId))
        {
            query = query.Where(a => a.CustomerId == filter.CustomerId);
        }

        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(a => a.SubmittedAt).ThenBy(a => a.Id)
            .Skip(window.Skip).Take(window.Size)
            .Join(db.ApplicantIdentities, a => a.Id, i => i.ApplicationId, (a, i) => new { a, i.Rrn })
            .ToListAsync(ct);
        return TypedResults.Ok(window.Of<ApplicationView>([.. rows.Select(r => ApplicationView.From(r.a, r.Rrn.Masked))], total));
    }

    public static async Task<Ok<ApplicationView>> GetApplication(Guid id, GuaranteeDbContext db, CancellationToken ct)
    {
        var (application, rrn) = await LoadAsync(db, id, ct);
        return TypedResults.Ok(ApplicationView.From(application, rrn.Masked));
    }

    public static async Task<Ok<ApplicationView>> ApproveApplication(
        Guid id, ApproveApplicationRequest request, [AsParameters] DecisionServices services, CancellationToken ct)
    {
        var (db, approver, events, audit, clock) = services;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var customerId = await db.Applications.AsNoTracking().Where(a => a.Id == id).Select(a => a.CustomerId).SingleOrDefaultAsync(ct)
            ?? throw new NotFoundException($"Application {id} does not exist.");
        await ExposureQueries.LockCustomerAsync(db, customerId, ct);
        var (application, rrn) = await LoadAsync(db, id, ct);
        var product = await db.ProductVersions.AsNoTracking()
            .SingleAsync(v => v.Code == application.ProductCode && v.Version == application.ProductVersion, ct);
        application.Approve(request.Amount, DecidedBy(request.DecidedBy), request.Note, clock.Now);
        await approver.EnsureCapacityAsync(product, request.Amount, ct);
        await approver.CreateAsync(application, product, application.FeePaymentPlan, ct);
        events.Decided(application);
        RecordDecision(audit, application);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (CapacityLedger.IsRefusal(ex))
        {
            // A concurrent approval took the room between the check above and this insert.
            await tx.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            throw await approver.CapacityRefusalAsync(product, request.Amount, ct);
        }

        await tx.CommitAsync(ct);
        return TypedResults.Ok(ApplicationView.From(application, rrn.Masked));
    }

    public static async Task<Ok<ApplicationView>> RejectApplication(
        Guid id, RejectApplicationRequest request, [AsParameters] DecisionServices services, CancellationToken ct)
    {
        var (db, _, events, audit, clock) = services;
        var (application, rrn) = await LoadAsync(db, id, ct);
        application.Reject(request.Reason ?? string.Empty, DecidedBy(request.DecidedBy), clock.Now);
        events.Decided(application);
        RecordDecision(audit, application);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ApplicationView.From(application, rrn.Masked));
    }

    private static void RecordDecision(IAuditTrail audit, GuaranteeApplication application) =>
        audit.Record(new AuditEntry(AuditAction.Change, "GuaranteeApplication", application.Id.ToString())
        {
            Subject = new CustomerId(application.CustomerId),
            Reason = application.DecisionReason,
            Changes =
            [
                new AuditFieldChange("status", ApplicationStatus.Referred.ToString(), application.Status.ToString()),
                new AuditFieldChange("approvedAmount", null, application.ApprovedAmount?.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new AuditFieldChange("decidedBy", null, application.DecidedBy),
            ],
        });

    private static string DecidedBy(string? decidedBy) => string.IsNullOrWhiteSpace(decidedBy) ? "staff" : decidedBy.Trim();

    private static async Task<(GuaranteeApplication Application, ResidentRegistrationNumber Rrn)> LoadAsync(GuaranteeDbContext db, Guid id, CancellationToken ct)
    {
        var application = await db.Applications.SingleOrDefaultAsync(a => a.Id == id, ct)
            ?? throw new NotFoundException($"Application {id} does not exist.");
        var identity = await db.ApplicantIdentities.AsNoTracking().SingleAsync(i => i.ApplicationId == id, ct);
        return (application, identity.Rrn);
    }
}

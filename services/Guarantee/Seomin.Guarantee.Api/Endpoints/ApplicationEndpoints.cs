using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Features.DecideApplication;
using Seomin.Guarantee.Api.Features.SubmitApplication;
using Seomin.Guarantee.Domain.Screening;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.PersonalData.Audit;

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

    /// <summary>Filters of the application list.</summary>
    public sealed record ListApplicationsQuery(
        [FromQuery(Name = "page")] int? Page,
        [FromQuery(Name = "pageSize")] int? PageSize,
        [FromQuery(Name = "status")] ApplicationStatus? Status,
        [FromQuery(Name = "customerId")] string? CustomerId);

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

    public static async Task<Ok<ApplicationView>> ApproveApplication(
        Guid id, ApproveApplicationRequest request, ApplicationDecisions decisions, CancellationToken ct) =>
        TypedResults.Ok(await decisions.ApproveAsync(id, request, ct));

    public static async Task<Ok<ApplicationView>> RejectApplication(
        Guid id, RejectApplicationRequest request, ApplicationDecisions decisions, CancellationToken ct) =>
        TypedResults.Ok(await decisions.RejectAsync(id, request, ct));

    public static async Task<Ok<ApplicationView>> GetApplication(Guid id, GuaranteeDbContext db, CancellationToken ct)
    {
        var (application, rrn) = await ApplicationDecisions.LoadAsync(db, id, ct);
        return TypedResults.Ok(ApplicationView.From(application, rrn.Masked));
    }
}

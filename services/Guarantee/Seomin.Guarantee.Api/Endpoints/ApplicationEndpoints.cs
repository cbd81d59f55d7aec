using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Guarantee.Api.Data;
using Seomin.Guarantee.Api.Features.DecideApplication;
using Seomin.Guarantee.Api.Features.SubmitApplication;
using Seomin.Guarantee.Domain.Screening;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;
using Seomin.PersonalData.Audit;

namespace Seomin.Guarantee.Api.Endpoints;

/// <summary>Applications (보증 신청), screening and staff decisions.</summary>
public static class ApplicationEndpoints
{
    public const int MaxPageSize = 200;

    public static RouteGroupBuilder MapApplicationEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/guarantees/applications").WithTags("Applications").WithStandardProblems();
        group.MapPost("/", SubmitApplication).ForApplicants().WithName("SubmitApplication")
            .WithSummary("Submit an application; screened at once (Idempotency-Key: same key and body replays the first response)")
            .ProducesProblems(StatusCodes.Status422UnprocessableEntity)
            .WithIdempotency();
        group.MapGet("/", ListApplications).ForReaders().WithName("ListApplications").WithSummary("Applications, newest first, RRN masked");
        group.MapGet("/{id:guid}", GetApplication).ForApplicationReaders().WithName("GetApplication").WithSummary("One application (the read is audited)")
            .ProducesProblems(StatusCodes.Status404NotFound)
            .AuditsPersonalDataRead("GuaranteeApplication");
        group.MapPost("/{id:guid}/approval", ApproveApplication).ForWriters().WithName("ApproveApplication")
            .WithSummary("Staff approve a referred application, possibly for less (audited)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/rejection", RejectApplication).ForWriters().WithName("RejectApplication")
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

    public static async Task<Results<Created<ApplicationView>, ProblemHttpResult>> SubmitApplication(
        SubmitApplicationRequest request, ClaimsPrincipal user, ApplicationSubmission submission, CancellationToken ct)
    {
        var submitter = new Submitter(user.GetSubject() ?? string.Empty, user.GetClientId(), PartnerCode: null);
        if (user.IsPartner())
        {
            // A partner's code and channel come from its token, never from the body.
            var partnerCode = user.GetPartnerCode();
            if (string.IsNullOrEmpty(partnerCode))
            {
                return PartnerRefused("partner_code_missing", "The partner token carries no partner_code.");
            }

            if (!string.IsNullOrEmpty(request.PartnerCode) && !string.Equals(request.PartnerCode, partnerCode, StringComparison.Ordinal))
            {
                return PartnerRefused("partner_mismatch", "The application names another partner than the token's.");
            }

            submitter = submitter with { PartnerCode = partnerCode };
            request = request with { Channel = Channel.Partner, PartnerCode = partnerCode };
        }

        var view = await submission.SubmitAsync(request, submitter, ct);
        return TypedResults.Created($"/api/guarantees/applications/{view.Id}", view);
    }

    private static ProblemHttpResult PartnerRefused(string errorCode, string detail) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: detail,
            extensions: new Dictionary<string, object?> { ["errorCode"] = errorCode });

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
        Guid id, ApproveApplicationRequest request, ClaimsPrincipal user, ApplicationDecisions decisions, CancellationToken ct) =>
        TypedResults.Ok(await decisions.ApproveAsync(id, request, Decider(user), ct));

    public static async Task<Ok<ApplicationView>> RejectApplication(
        Guid id, RejectApplicationRequest request, ClaimsPrincipal user, ApplicationDecisions decisions, CancellationToken ct) =>
        TypedResults.Ok(await decisions.RejectAsync(id, request, Decider(user), ct));

    /// <summary>A staff reader sees any application; a partner only those it submitted (any other is 404, not 403).</summary>
    public static async Task<Ok<ApplicationView>> GetApplication(Guid id, ClaimsPrincipal user, GuaranteeDbContext db, CancellationToken ct)
    {
        var (application, rrn) = await ApplicationDecisions.LoadAsync(db, id, ct);
        if (!user.IsStaffOrInternal() && (application.PartnerCode is null || application.PartnerCode != user.GetPartnerCode()))
        {
            throw new NotFoundException($"Application {id} does not exist.");
        }

        return TypedResults.Ok(ApplicationView.From(application, rrn.Masked));
    }

    private static string Decider(ClaimsPrincipal user) =>
        user.GetSubject() ?? throw new InvalidOperationException("An authorised staff token always has a subject.");
}

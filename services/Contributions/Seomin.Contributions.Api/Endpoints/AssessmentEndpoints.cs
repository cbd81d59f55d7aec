using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Contributions.Api.Data;
using Seomin.Contributions.Api.Features.Access;
using Seomin.Contributions.Api.Features.Assessment;
using Seomin.Contributions.Domain;
using Seomin.Contributions.Domain.Collection;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.Contributions.Api.Endpoints;

public sealed record RunAssessmentRequest(string? Month);

public sealed record AssessmentRunResponse(string Month, int Assessed, int AlreadyAssessed, int CorrectionsNetted, long TotalAssessed);

public sealed record AdjustmentResponse(Guid CorrectionFilingId, string ForMonth, long PreviouslyCharged, long Recomputed, long Delta, string Evidence);

public sealed record AssessmentResponse(
    Guid Id,
    string InstitutionCode,
    string Month,
    Guid FilingId,
    long AverageLoanBalance,
    long AverageGuaranteedBalance,
    long Common,
    long Differential,
    decimal CommonRate,
    decimal TierRate,
    decimal SubrogationIndex,
    long ReliefDeduction,
    long Adjustments,
    long Total,
    DateOnly DueOn,
    long PrincipalPaid,
    long InterestCharged,
    long InterestPaid,
    long Outstanding,
    long LateInterestAccruedToday,
    AssessmentStatus Status,
    string Citations,
    IReadOnlyList<AdjustmentResponse> AdjustmentLines)
{
    public static AssessmentResponse From(Assessment a, DateOnly today)
    {
        var from = a.InterestAccruedTo is { } to && to > a.DueOn ? to : a.DueOn;
        var accrued = a.Status == AssessmentStatus.Paid ? 0 : LateInterestRates.Interest(a.Total - a.PrincipalPaid, from, today);
        return new(
            a.Id, a.InstitutionCode, Domain.Month.Of(a.Month).ToString(), a.FilingId, a.AverageLoanBalance, a.AverageGuaranteedBalance, a.Common, a.Differential,
            a.CommonRate, a.TierRate, a.SubrogationIndex, a.ReliefDeduction, a.Adjustments, a.Total, a.DueOn, a.PrincipalPaid, a.InterestCharged, a.InterestPaid,
            a.Outstanding, accrued, a.Status, a.Citations,
            a.AdjustmentLines.Select(x => new AdjustmentResponse(x.CorrectionFilingId, Domain.Month.Of(x.ForMonth).ToString(), x.PreviouslyCharged, x.Recomputed, x.Delta, x.Evidence)).ToList());
    }
}

public sealed record NoticeResponse(Guid Id, NoticeKind Kind, DateOnly On, long Outstanding, int DaysOverdue);

public static class AssessmentEndpoints
{
    public static RouteGroupBuilder MapAssessmentEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/contributions/assessments").WithTags("Assessments").WithStandardProblems()
            .AddEndpointFilter<InstitutionAccessFilter>()
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/runs", RunMonth).WithName("RunContributionAssessment").RequireRoles(EndpointSupport.Writers)
            .WithSummary("Assesses a month for every institution that filed it: 공통출연 + 차등출연 (+ corrections netted); idempotent per institution and month")
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", ListAssessments).WithName("ListContributionAssessments")
            .RequireRolesOrScopes(EndpointSupport.Readers, EndpointSupport.InstitutionScopes)
            .WithSummary("Assessments by month, institution and status (paged); an institution client sees only its own");
        group.MapGet("/{assessmentId:guid}", GetAssessment).WithName("GetContributionAssessment")
            .RequireRolesOrScopes(EndpointSupport.Readers, EndpointSupport.InstitutionScopes)
            .WithSummary("One assessment: amounts, rates and citations, corrections netted, payments and late interest").ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/{assessmentId:guid}/notices", GetNotices).WithName("GetContributionNotices")
            .RequireRolesOrScopes(EndpointSupport.Readers, EndpointSupport.InstitutionScopes)
            .WithSummary("The notice (납부고지), reminders (독촉) and overdue notice of an assessment").ProducesProblems(StatusCodes.Status404NotFound);
        return group;
    }

    public static async Task<Ok<AssessmentRunResponse>> RunMonth(
        RunAssessmentRequest request, ClaimsPrincipal user, AssessmentRun run, TimeProvider clock, CancellationToken cancellationToken)
    {
        var month = EndpointSupport.RequiredMonth(request.Month, "month");
        if (month >= Month.Of(EndpointSupport.Today(clock)))
        {
            throw new DomainValidationException("month", $"{month} has not ended.");
        }

        var result = await run.RunAsync(month, EndpointSupport.Actor(user), cancellationToken);
        return TypedResults.Ok(new AssessmentRunResponse(result.Month.ToString(), result.Assessed, result.AlreadyAssessed, result.CorrectionsNetted, result.TotalAssessed));
    }

    public static async Task<Ok<PagedResult<AssessmentResponse>>> ListAssessments(
        ClaimsPrincipal user, ContributionsDbContext db, TimeProvider clock, string? month, string? institutionCode, AssessmentStatus? status, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        var window = Paging.Normalise(page, pageSize);
        var scope = await InstitutionScope.ForAsync(user, db, cancellationToken);
        var query = db.Assessments.AsNoTracking().Include(a => a.AdjustmentLines).AsQueryable();
        if (!scope.IsEveryone)
        {
            query = query.Where(a => scope.Codes!.Contains(a.InstitutionCode));
        }

        if (month is not null)
        {
            var start = EndpointSupport.RequiredMonth(month, "month").FirstDay;
            query = query.Where(a => a.Month == start);
        }

        if (!string.IsNullOrWhiteSpace(institutionCode))
        {
            query = query.Where(a => a.InstitutionCode == institutionCode);
        }

        if (status is not null)
        {
            query = query.Where(a => a.Status == status);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(a => a.Month).ThenBy(a => a.InstitutionCode).Skip(window.Skip).Take(window.Size).ToListAsync(cancellationToken);
        var today = EndpointSupport.Today(clock);
        return TypedResults.Ok(window.Of(items.Select(a => AssessmentResponse.From(a, today)).ToList(), total));
    }

    public static async Task<Ok<AssessmentResponse>> GetAssessment(Guid assessmentId, ClaimsPrincipal user, ContributionsDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var assessment = await FindAsync(assessmentId, user, db, cancellationToken);
        return TypedResults.Ok(AssessmentResponse.From(assessment, EndpointSupport.Today(clock)));
    }

    public static async Task<Ok<IReadOnlyList<NoticeResponse>>> GetNotices(Guid assessmentId, ClaimsPrincipal user, ContributionsDbContext db, CancellationToken cancellationToken)
    {
        await FindAsync(assessmentId, user, db, cancellationToken);
        var notices = await db.Notices.AsNoTracking().Where(n => n.AssessmentId == assessmentId).OrderBy(n => n.On).ThenBy(n => n.Kind).ThenBy(n => n.Id)
            .Select(n => new NoticeResponse(n.Id, n.Kind, n.On, n.Outstanding, n.DaysOverdue)).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<NoticeResponse>>(notices);
    }

    private static async Task<Assessment> FindAsync(Guid assessmentId, ClaimsPrincipal user, ContributionsDbContext db, CancellationToken cancellationToken)
    {
        var scope = await InstitutionScope.ForAsync(user, db, cancellationToken);
        var assessment = await db.Assessments.AsNoTracking().Include(a => a.AdjustmentLines).SingleOrDefaultAsync(a => a.Id == assessmentId, cancellationToken);
        return assessment is null || !scope.Allows(assessment.InstitutionCode) ? throw new NotFoundException($"No assessment {assessmentId}.") : assessment;
    }
}

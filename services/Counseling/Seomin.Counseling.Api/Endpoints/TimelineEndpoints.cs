using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.Access;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Api.Features.Timeline;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.PersonalData.Audit;

namespace Seomin.Counseling.Api.Endpoints;

public sealed record TimelineItem(
    Guid Id,
    DateTimeOffset OccurredAt,
    string SourceService,
    string Kind,
    Guid SourceRecordId,
    Guid SourceEventId,
    string Summary);

public sealed record RestrictCustomerRequest(string Reason);

public sealed record CountByResponse(string Key, int Count);

public sealed record SessionStatistics(int Total, IReadOnlyList<CountByResponse> ByChannel, IReadOnlyList<CountByResponse> ByCategory, IReadOnlyList<CountByResponse> ByOutcome, int Referrals, int OpenFollowUps);

public static class TimelineEndpoints
{
    /// <summary>Role that may read the timeline of a restricted customer.</summary>
    public const string SupervisorRole = StaffRoles.CounselingSupervisor;

    public static RouteGroupBuilder MapTimelineEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/counseling/customers").WithTags("Customer timeline").WithStandardProblems();
        group.MapGet("/{customerId}/timeline", GetTimeline).ForReaders().WithName("GetCustomerTimeline")
            .WithSummary("Every service's events for one customer, newest first; each read is audited with the data subject")
            .AuditsPersonalDataRead("CustomerTimeline", subjectRouteValue: "customerId", resourceIdRouteValue: "customerId")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPut("/{customerId}/restriction", Restrict).ForWriters().WithName("RestrictCustomer")
            .WithSummary("Limits the customer's timeline to supervisors (staff and their families)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    public static RouteGroupBuilder MapStatisticsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/counseling/statistics").WithTags("Statistics");
        group.MapGet("/sessions", SessionStats).ForReaders().WithName("SessionStatistics").WithSummary("Sessions by channel, category and outcome");
        return group;
    }

    /// <summary>What the timeline handlers use.</summary>
    public sealed record TimelineServices(CounselingDbContext Db, TimeProvider Clock);

    public static async Task<Results<Ok<PagedResult<TimelineItem>>, ProblemHttpResult>> GetTimeline(
        string customerId,
        int? page,
        int? pageSize,
        ClaimsPrincipal user,
        CounselingDbContext db,
        CancellationToken cancellationToken)
    {
        var id = EndpointSupport.RequireCustomerId(customerId);
        var window = Paging.Normalise(page, pageSize, EndpointSupport.MaxPageSize);
        var read = await TimelineQuery.ReadAsync(db, id, window, cancellationToken);
        if (read.Restricted && !IsSupervisor(user))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Customer restricted",
                detail: "This customer's timeline is restricted to counseling supervisors.");
        }

        return TypedResults.Ok(window.Of<TimelineItem>(read.Items, read.Total));
    }

    public static async Task<NoContent> Restrict(string customerId, RestrictCustomerRequest request, [AsParameters] TimelineServices services, CancellationToken cancellationToken)
    {
        var id = EndpointSupport.RequireCustomerId(customerId);
        if (!await services.Db.RestrictedCustomers.AnyAsync(r => r.CustomerId == id, cancellationToken))
        {
            services.Db.RestrictedCustomers.Add(new RestrictedCustomer { CustomerId = id, Reason = request.Reason ?? string.Empty, RestrictedAt = services.Clock.GetUtcNow() });
            await services.Db.SaveChangesAsync(cancellationToken);
        }

        return TypedResults.NoContent();
    }

    public static async Task<Ok<SessionStatistics>> SessionStats(CounselingDbContext db, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var sessions = db.Sessions.AsNoTracking();
        if (from is { } f)
        {
            var fromUtc = f.ToUniversalTime();
            sessions = sessions.Where(s => s.StartedAt >= fromUtc);
        }

        if (to is { } t)
        {
            var toUtc = t.ToUniversalTime();
            sessions = sessions.Where(s => s.StartedAt < toUtc);
        }

        var rows = await sessions.Select(s => new { s.Channel, s.Category, s.Outcome, Referrals = s.Referrals.Count, Open = s.FollowUps.Count(x => x.CompletedAt == null) })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new SessionStatistics(
            rows.Count,
            Group(rows.Select(r => r.Channel.ToString())),
            Group(rows.Select(r => r.Category.ToString())),
            Group(rows.Select(r => r.Outcome.ToString())),
            rows.Sum(r => r.Referrals),
            rows.Sum(r => r.Open)));
    }

    private static List<CountByResponse> Group(IEnumerable<string> keys) =>
        [.. keys.GroupBy(k => k).Select(g => new CountByResponse(g.Key, g.Count())).OrderBy(c => c.Key, StringComparer.Ordinal)];

    private static bool IsSupervisor(ClaimsPrincipal user) =>
        user.IsInRole(SupervisorRole) || user.HasClaim("role", SupervisorRole) || user.HasClaim("roles", SupervisorRole);
}

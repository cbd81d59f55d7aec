using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.BusinessTime;
using Seomin.Contracts.Counseling;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Api.Features.Timeline;
using Seomin.Counseling.Domain.Sessions;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.Messaging;
using Seomin.ServiceDefaults.Problems;
using Seomin.PersonalData;

namespace Seomin.Counseling.Api.Endpoints;

public sealed record ReferralRequest(ReferralInstitution Institution, string? Note);

public sealed record FollowUpRequest(string Description, DateOnly DueOn, string? Assignee);

public sealed record RecordSessionRequest(
    string? CustomerId,
    ResidentRegistrationNumber? Rrn,
    string? CounselorId,
    CounselingChannel? Channel,
    string? CentreCode,
    CounselingCategory? Category,
    string Notes,
    CounselingOutcome? Outcome,
    DateTimeOffset? StartedAt,
    IReadOnlyList<ReferralRequest>? Referrals,
    IReadOnlyList<FollowUpRequest>? FollowUps);

public sealed record ReferralResponse(ReferralInstitution Institution, string? Note);

public sealed record FollowUpResponse(Guid Id, string Description, DateOnly DueOn, string Assignee, DateTimeOffset? CompletedAt);

public sealed record SessionResponse(
    Guid Id,
    string? CustomerId,
    bool IdentifiedByRrn,
    string CounselorId,
    CounselingChannel Channel,
    string? CentreCode,
    CounselingCategory Category,
    string Notes,
    CounselingOutcome Outcome,
    DateTimeOffset StartedAt,
    DateTimeOffset RecordedAt,
    Guid? ReservationId,
    IReadOnlyList<ReferralResponse> Referrals,
    IReadOnlyList<FollowUpResponse> FollowUps)
{
    public static SessionResponse From(CounselingSession s) => new(
        s.Id, s.CustomerId, s.IdentifiedByRrn, s.CounselorId, s.Channel, s.CentreCode, s.Category, s.Notes, s.Outcome,
        s.StartedAt, s.RecordedAt, s.ReservationId,
        [.. s.Referrals.Select(r => new ReferralResponse(r.Institution, r.Note))],
        [.. s.FollowUps.Select(f => new FollowUpResponse(f.Id, f.Description, f.DueOn, f.Assignee, f.CompletedAt))]);
}

public static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/counseling/sessions").WithTags("Sessions").WithStandardProblems();
        group.MapPost("/", RecordSession).ForWriters().WithName("RecordSession").WithSummary("Records a counseling session from any channel")
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", SearchSessions).ForReaders().WithName("SearchSessions").WithSummary("Searches sessions by notes text, customer, counselor, channel, category");
        group.MapGet("/{id:guid}", GetSession).ForReaders().WithName("GetSession").WithSummary("One session with its referrals and follow-up tasks")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/follow-ups/{taskId:guid}/complete", CompleteFollowUp).ForWriters().WithName("CompleteFollowUp").WithSummary("Marks a follow-up task done")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    /// <summary>What the session handlers use.</summary>
    public sealed record SessionServices(CounselingDbContext Db, IOutbox Outbox, ICustomerIdFactory CustomerIds, IBlindIndex BlindIndex, TimeProvider Clock);

    public static async Task<Created<SessionResponse>> RecordSession(
        RecordSessionRequest request,
        ClaimsPrincipal user,
        [AsParameters] SessionServices services,
        CancellationToken cancellationToken)
    {
        var now = services.Clock.GetUtcNow();
        var counselor = EndpointSupport.ActingEmployee(user, request.CounselorId, "counselorId");
        var customerId = EndpointSupport.ResolveCustomer(request.CustomerId, request.Rrn, services.CustomerIds);
        var session = SessionFactory.Record(request with { CounselorId = counselor }, customerId, null, now);
        services.Db.Sessions.Add(session);
        if (request.Rrn is { IsEmpty: false } rrn)
        {
            services.Db.SessionIdentities.Add(new SessionIdentity { SessionId = session.Id, Rrn = rrn, RrnBlindIndex = services.BlindIndex.Compute(rrn) });
        }

        await SessionFactory.PublishAsync(services.Db, services.Outbox, session, cancellationToken);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/counseling/sessions/{session.Id}", SessionResponse.From(session));
    }

    public static async Task<Ok<PagedResult<SessionResponse>>> SearchSessions(
        CounselingDbContext db,
        string? query,
        string? customerId,
        string? counselorId,
        CounselingChannel? channel,
        CounselingCategory? category,
        DateTimeOffset? from,
        DateTimeOffset? to,
        int? page,
        int? pageSize,
        CancellationToken cancellationToken)
    {
        var window = Paging.Normalise(page, pageSize, EndpointSupport.MaxPageSize);
        var sessions = db.Sessions.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query))
        {
            var pattern = "%" + query.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            sessions = sessions.Where(s => EF.Functions.ILike(s.Notes, pattern));
        }

        if (!string.IsNullOrWhiteSpace(customerId))
        {
            sessions = sessions.Where(s => s.CustomerId == customerId);
        }

        if (!string.IsNullOrWhiteSpace(counselorId))
        {
            sessions = sessions.Where(s => s.CounselorId == counselorId);
        }

        if (channel is { } c)
        {
            sessions = sessions.Where(s => s.Channel == c);
        }

        if (category is { } cat)
        {
            sessions = sessions.Where(s => s.Category == cat);
        }

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

        var total = await sessions.CountAsync(cancellationToken);
        var items = await sessions
            .Include(s => s.Referrals)
            .Include(s => s.FollowUps)
            .OrderByDescending(s => s.StartedAt).ThenByDescending(s => s.Id)
            .Skip(window.Skip).Take(window.Size)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(window.Of<SessionResponse>([.. items.Select(SessionResponse.From)], total));
    }

    public static async Task<Ok<SessionResponse>> GetSession(Guid id, CounselingDbContext db, CancellationToken cancellationToken)
    {
        var session = await db.Sessions.AsNoTracking().Include(s => s.Referrals).Include(s => s.FollowUps).AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw new NotFoundException($"Session {id} was not found.");
        return TypedResults.Ok(SessionResponse.From(session));
    }

    public static async Task<Ok<SessionResponse>> CompleteFollowUp(Guid id, Guid taskId, [AsParameters] SessionServices services, CancellationToken cancellationToken)
    {
        var session = await services.Db.Sessions.Include(s => s.Referrals).Include(s => s.FollowUps).AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == id, cancellationToken)
            ?? throw new NotFoundException($"Session {id} was not found.");
        session.CompleteFollowUp(taskId, services.Clock.GetUtcNow());
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(SessionResponse.From(session));
    }
}

/// <summary>Builds a session from a request and publishes it; shared by sessions and reservation completion.</summary>
internal static class SessionFactory
{
    public static CounselingSession Record(RecordSessionRequest request, string? customerId, Guid? reservationId, DateTimeOffset now)
    {
        var session = CounselingSession.Record(
            Guid.CreateVersion7(),
            customerId,
            request.Rrn is { IsEmpty: false },
            request.CounselorId ?? throw new DomainValidationException("counselorId", "The counselor is required."),
            EndpointSupport.Required(request.Channel, "channel"),
            request.CentreCode,
            EndpointSupport.Required(request.Category, "category"),
            request.Notes ?? string.Empty,
            EndpointSupport.Required(request.Outcome, "outcome"),
            request.StartedAt ?? now,
            now,
            reservationId);
        foreach (var referral in request.Referrals ?? [])
        {
            session.ReferTo(referral.Institution, referral.Note);
        }

        var today = BusinessClock.SeoulDate(now);
        foreach (var followUp in request.FollowUps ?? [])
        {
            session.AddFollowUp(followUp.Description, followUp.DueOn, followUp.Assignee, today);
        }

        return session;
    }

    public static async Task PublishAsync(CounselingDbContext db, IOutbox outbox, CounselingSession session, CancellationToken cancellationToken)
    {
        var recorded = new CounselingSessionRecorded
        {
            EventId = MessageIds.NewId(),
            SessionId = session.Id,
            CustomerId = session.CustomerId,
            Channel = session.Channel.ToString(),
            Category = session.Category.ToString(),
            OccurredAt = session.StartedAt,
        };
        outbox.Publish(recorded);
        if (session.CustomerId is not null)
        {
            await TimelineWriter.AddIfNewAsync(db, new TimelineEntry
            {
                Id = Guid.CreateVersion7(),
                CustomerId = session.CustomerId,
                OccurredAt = session.StartedAt,
                SourceService = "counseling",
                Kind = nameof(CounselingSessionRecorded),
                SourceRecordId = session.Id,
                SourceEventId = recorded.EventId,
                BusinessKey = session.Id.ToString(),
                Summary = $"상담 {session.Channel} / {session.Category} / {session.Outcome}",
                Details = TimelineWriter.Details(recorded),
                RecordedAt = session.RecordedAt,
            }, cancellationToken);
        }
    }
}

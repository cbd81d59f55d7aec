using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.BusinessTime;
using Seomin.Contracts.Counseling;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Api.Features.Timeline;
using Seomin.Counseling.Domain.Voc;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Messaging;
using Seomin.ServiceDefaults.Problems;
using Seomin.ServiceDefaults.Security;

namespace Seomin.Counseling.Api.Endpoints;

public sealed record RegisterVocRequest(
    VocType? Type,
    VocChannel? Channel,
    string? CustomerId,
    ResidentRegistrationNumber? Rrn,
    string Subject,
    string Content,
    DateTimeOffset? SubmittedAt);

public sealed record RouteVocRequest(string Department);

public sealed record ExtendVocRequest(int Amount, string Reason, string NoticeText, bool CustomerConsented);

public sealed record ProgressNoticeRequest(string Text);

public sealed record ResolveVocRequest(string Answer);

public sealed record SatisfactionRequest(int Score, string? Comment);

public sealed record VocNoticeResponse(VocNoticeKind Kind, string Text, DateTimeOffset SentAt);

public sealed record VocResponse(
    Guid Id,
    VocType Type,
    VocChannel Channel,
    string? CustomerId,
    string Subject,
    string Content,
    VocStatus Status,
    string? Department,
    DateTimeOffset SubmittedAt,
    DateTimeOffset RegisteredAt,
    DateTimeOffset? RegistrationDueAt,
    bool RegisteredLate,
    string Period,
    DateTimeOffset OriginalDueAt,
    DateTimeOffset DueAt,
    int ExtensionCount,
    DateTimeOffset NextProgressNoticeDueAt,
    DateTimeOffset? BreachedAt,
    int EscalationLevel,
    string? Answer,
    DateTimeOffset? ResolvedAt,
    bool? ResolvedOnTime,
    int? SatisfactionScore,
    IReadOnlyList<VocNoticeResponse> Notices)
{
    public static VocResponse From(VocCase v) => new(
        v.Id, v.Type, v.Channel, v.CustomerId, v.Subject, v.Content, v.Status, v.Department, v.SubmittedAt, v.RegisteredAt,
        v.RegistrationDueAt, v.RegisteredLate, v.Period.ToString(), v.OriginalDueAt, v.DueAt, v.ExtensionCount,
        v.NextProgressNoticeDueAt, v.BreachedAt, v.EscalationLevel, v.Answer, v.ResolvedAt, v.ResolvedOnTime, v.SatisfactionScore,
        [.. v.Notices.OrderBy(n => n.SentAt).Select(n => new VocNoticeResponse(n.Kind, n.Text, n.SentAt))]);
}

public sealed record CountBy(string Key, int Count);

public sealed record VocStatistics(
    int Total,
    int Open,
    int Resolved,
    int ResolvedOnTime,
    decimal? OnTimeRate,
    int Breached,
    int RegisteredLate,
    decimal? AverageSatisfaction,
    IReadOnlyList<CountBy> ByType,
    IReadOnlyList<CountBy> ByDepartment,
    IReadOnlyList<CountBy> ByChannel);

public static class VocEndpoints
{
    public static RouteGroupBuilder MapVocEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/counseling/voc").WithTags("VOC").WithStandardProblems();
        group.MapPost("/", Register).WithName("RegisterVoc").WithSummary("Registers a VOC; computes its due date on the business-day calendar")
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", List).WithName("ListVoc").WithSummary("VOC items by status, department, type; paginated, earliest due first");
        group.MapGet("/statistics", Statistics).WithName("VocStatistics").WithSummary("Counts by type, department and channel, on-time rate, satisfaction");
        group.MapGet("/progress-notices-due", ProgressNoticesDue).WithName("VocProgressNoticesDue").WithSummary("Open VOC items whose 30-day progress notice is overdue");
        group.MapGet("/{id:guid}", Get).WithName("GetVoc").WithSummary("One VOC with its notices")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/route", Route).WithName("RouteVoc").WithSummary("Routes the VOC to its handling department")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/extend", Extend).WithName("ExtendVoc").WithSummary("Extends the due date once within the original period, with a customer notice")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/progress-notices", ProgressNotice).WithName("SendVocProgressNotice").WithSummary("Records a progress notice to the customer")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/resolve", Resolve).WithName("ResolveVoc").WithSummary("Resolves the VOC with the answer")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/survey", Survey).WithName("RecordVocSatisfaction").WithSummary("Records the satisfaction survey after resolution")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    /// <summary>What the VOC handlers use.</summary>
    public sealed record VocServices(CounselingDbContext Db, IOutbox Outbox, ICustomerIdFactory CustomerIds, BusinessCalendar Calendar, TimeProvider Clock);

    public static async Task<Created<VocResponse>> Register(
        RegisterVocRequest request,
        [AsParameters] VocServices services,
        CancellationToken cancellationToken)
    {
        var now = services.Clock.GetUtcNow();
        var type = EndpointSupport.Required(request.Type, "type");
        var channel = EndpointSupport.Required(request.Channel, "channel");

        var customerId = EndpointSupport.ResolveCustomer(request.CustomerId, request.Rrn, services.CustomerIds);
        var voc = VocCase.Register(
            Guid.CreateVersion7(), type, channel, customerId, request.Subject ?? string.Empty, request.Content ?? string.Empty,
            request.SubmittedAt ?? now, now, services.Calendar);
        services.Db.VocCases.Add(voc);
        var received = new VocReceived
        {
            EventId = Guid.CreateVersion7(),
            VocId = voc.Id,
            CustomerId = customerId,
            Type = voc.Type.ToString(),
            Channel = voc.Channel.ToString(),
            DueAt = voc.DueAt,
            OccurredAt = voc.SubmittedAt,
        };
        services.Outbox.Publish(received);
        await VocTimeline.AddAsync(services.Db, voc, nameof(VocReceived), received.EventId, received, voc.SubmittedAt, $"VOC 접수 {voc.Type} ({voc.Channel}), 처리기한 {VocTimeline.Seoul(voc.DueAt)}", cancellationToken);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/counseling/voc/{voc.Id}", VocResponse.From(voc));
    }

    public static async Task<Ok<PagedResult<VocResponse>>> List(
        CounselingDbContext db,
        VocStatus? status,
        string? department,
        VocType? type,
        string? customerId,
        int? page,
        int? pageSize,
        CancellationToken cancellationToken)
    {
        var window = Paging.Normalise(page, pageSize, EndpointSupport.MaxPageSize);
        var query = db.VocCases.AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(v => v.Status == s);
        }

        if (!string.IsNullOrWhiteSpace(department))
        {
            query = query.Where(v => v.Department == department);
        }

        if (type is { } t)
        {
            query = query.Where(v => v.Type == t);
        }

        if (!string.IsNullOrWhiteSpace(customerId))
        {
            query = query.Where(v => v.CustomerId == customerId);
        }

        var total = await query.CountAsync(cancellationToken);
        var items = await query.Include(v => v.Notices).OrderBy(v => v.DueAt).ThenBy(v => v.Id)
            .Skip(window.Skip).Take(window.Size).AsSplitQuery().ToListAsync(cancellationToken);
        return TypedResults.Ok(window.Of<VocResponse>([.. items.Select(VocResponse.From)], total));
    }

    public static async Task<Ok<VocResponse>> Get(Guid id, CounselingDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(VocResponse.From(await FindAsync(db, id, cancellationToken)));

    public static async Task<Ok<VocResponse>> Route(Guid id, RouteVocRequest request, [AsParameters] VocServices services, CancellationToken cancellationToken)
    {
        var voc = await FindAsync(services.Db, id, cancellationToken);
        voc.RouteTo(request.Department, services.Clock.GetUtcNow());
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(VocResponse.From(voc));
    }

    public static async Task<Ok<VocResponse>> Extend(Guid id, ExtendVocRequest request, [AsParameters] VocServices services, CancellationToken cancellationToken)
    {
        var voc = await FindAsync(services.Db, id, cancellationToken);
        voc.Extend(request.Amount, request.Reason ?? string.Empty, request.NoticeText ?? string.Empty, request.CustomerConsented, services.Clock.GetUtcNow(), services.Calendar);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(VocResponse.From(voc));
    }

    public static async Task<Ok<VocResponse>> ProgressNotice(Guid id, ProgressNoticeRequest request, [AsParameters] VocServices services, CancellationToken cancellationToken)
    {
        var voc = await FindAsync(services.Db, id, cancellationToken);
        voc.SendProgressNotice(request.Text ?? string.Empty, services.Clock.GetUtcNow());
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(VocResponse.From(voc));
    }

    public static async Task<Ok<VocResponse>> Resolve(Guid id, ResolveVocRequest request, [AsParameters] VocServices services, CancellationToken cancellationToken)
    {
        var now = services.Clock.GetUtcNow();
        var voc = await FindAsync(services.Db, id, cancellationToken);
        voc.Resolve(request.Answer ?? string.Empty, now);
        var resolved = new VocResolved
        {
            EventId = Guid.CreateVersion7(),
            VocId = voc.Id,
            CustomerId = voc.CustomerId,
            OnTime = voc.ResolvedOnTime == true,
            OccurredAt = now,
        };
        services.Outbox.Publish(resolved);
        await VocTimeline.AddAsync(services.Db, voc, nameof(VocResolved), resolved.EventId, resolved, now, $"VOC 답변 완료 ({(resolved.OnTime ? "기한 내" : "기한 경과")})", cancellationToken);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(VocResponse.From(voc));
    }

    public static async Task<Ok<VocResponse>> Survey(Guid id, SatisfactionRequest request, [AsParameters] VocServices services, CancellationToken cancellationToken)
    {
        var voc = await FindAsync(services.Db, id, cancellationToken);
        voc.RecordSatisfaction(request.Score, request.Comment, services.Clock.GetUtcNow());
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(VocResponse.From(voc));
    }

    public static async Task<Ok<IReadOnlyList<VocResponse>>> ProgressNoticesDue([AsParameters] VocServices services, CancellationToken cancellationToken)
    {
        var now = services.Clock.GetUtcNow();
        var items = await services.Db.VocCases.AsNoTracking().Include(v => v.Notices)
            .Where(v => v.Status != VocStatus.Resolved && v.NextProgressNoticeDueAt < now)
            .OrderBy(v => v.NextProgressNoticeDueAt).Take(EndpointSupport.MaxPageSize).AsSplitQuery()
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<VocResponse>>([.. items.Select(VocResponse.From)]);
    }

    public static async Task<Ok<VocStatistics>> Statistics(CounselingDbContext db, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        var query = db.VocCases.AsNoTracking();
        if (from is { } f)
        {
            var fromUtc = f.ToUniversalTime();
            query = query.Where(v => v.SubmittedAt >= fromUtc);
        }

        if (to is { } t)
        {
            var toUtc = t.ToUniversalTime();
            query = query.Where(v => v.SubmittedAt < toUtc);
        }

        var rows = await query
            .Select(v => new { v.Type, v.Channel, v.Department, v.Status, v.ResolvedOnTime, v.BreachedAt, v.RegisteredLate, v.SatisfactionScore })
            .ToListAsync(cancellationToken);
        var resolved = rows.Count(r => r.Status == VocStatus.Resolved);
        var onTime = rows.Count(r => r.ResolvedOnTime == true);
        var scores = rows.Where(r => r.SatisfactionScore is not null).Select(r => (decimal)r.SatisfactionScore!.Value).ToList();
        return TypedResults.Ok(new VocStatistics(
            rows.Count,
            rows.Count - resolved,
            resolved,
            onTime,
            resolved == 0 ? null : Math.Round((decimal)onTime / resolved, 4, MidpointRounding.ToZero),
            rows.Count(r => r.BreachedAt is not null),
            rows.Count(r => r.RegisteredLate),
            scores.Count == 0 ? null : Math.Round(scores.Average(), 2, MidpointRounding.ToZero),
            [.. rows.GroupBy(r => r.Type.ToString()).Select(g => new CountBy(g.Key, g.Count())).OrderBy(c => c.Key, StringComparer.Ordinal)],
            [.. rows.GroupBy(r => r.Department ?? "(unrouted)").Select(g => new CountBy(g.Key, g.Count())).OrderBy(c => c.Key, StringComparer.Ordinal)],
            [.. rows.GroupBy(r => r.Channel.ToString()).Select(g => new CountBy(g.Key, g.Count())).OrderBy(c => c.Key, StringComparer.Ordinal)]));
    }

    private static async Task<VocCase> FindAsync(CounselingDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.VocCases.Include(v => v.Notices).FirstOrDefaultAsync(v => v.Id == id, cancellationToken)
        ?? throw new NotFoundException($"VOC {id} was not found.");
}

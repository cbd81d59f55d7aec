using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.BusinessTime;
using Seomin.Contracts.Counseling;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Api.Features.Statistics;
using Seomin.Counseling.Api.Features.Timeline;
using Seomin.Counseling.Domain.Voc;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.Messaging;
using Seomin.ServiceDefaults.Problems;
using Seomin.PersonalData;

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

public sealed record ExtendVocRequest(int Amount, string Reason, string NoticeText, bool CustomerConsented, string? ResponsibleOfficer);

/// <summary>Either the department (within the agency) or the agency the misrouted VOC goes to.</summary>
public sealed record TransferVocRequest(string? Department, string? Agency);

public sealed record SiteInvestigationRequest(DateOnly StartsOn, int Days);

public sealed record SiteInvestigationExtensionRequest(int Days);

public sealed record ProgressNoticeRequest(string Text);

public sealed record ResolveVocRequest(string Answer);

public sealed record SatisfactionRequest(int Score, string? Comment);

public sealed record VocNoticeResponse(VocNoticeKind Kind, string Text, DateTimeOffset SentAt, DateTimeOffset? ExpectedCompletionAt, string? ResponsibleOfficer);

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
    IReadOnlyList<VocNoticeResponse> Notices,
    int TransferCount,
    string? TransferredToAgency,
    DateTimeOffset? TransferredAt,
    bool TransferredLate,
    DateOnly? SiteInvestigationStartsOn,
    DateOnly? SiteInvestigationEndsOn,
    int SiteInvestigationDays,
    DateOnly? LastStatusCheckOn)
{
    public static VocResponse From(VocCase v) => new(
        v.Id, v.Type, v.Channel, v.CustomerId, v.Subject, v.Content, v.Status, v.Department, v.SubmittedAt, v.RegisteredAt,
        v.RegistrationDueAt, v.RegisteredLate, v.Period.ToString(), v.OriginalDueAt, v.DueAt, v.ExtensionCount,
        v.NextProgressNoticeDueAt, v.BreachedAt, v.EscalationLevel, v.Answer, v.ResolvedAt, v.ResolvedOnTime, v.SatisfactionScore,
        [.. v.Notices.OrderBy(n => n.SentAt).Select(n => new VocNoticeResponse(n.Kind, n.Text, n.SentAt, n.ExpectedCompletionAt, n.ResponsibleOfficer))],
        v.TransferCount, v.TransferredToAgency, v.TransferredAt, v.TransferredLate, v.SiteInvestigationStartsOn, v.SiteInvestigationEndsOn,
        v.SiteInvestigationDays, v.LastStatusCheckOn);
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
    IReadOnlyList<CountBy> ByChannel,
    int Transferred);

public static class VocEndpoints
{
    public static RouteGroupBuilder MapVocEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/counseling/voc").WithTags("VOC").WithStandardProblems();
        group.MapPost("/", Register).ForWriters().WithName("RegisterVoc").WithSummary("Registers a VOC; computes its due date on the business-day calendar")
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", List).ForReaders().WithName("ListVoc").WithSummary("VOC items by status, department, type; paginated, earliest due first");
        group.MapGet("/statistics", Statistics).ForReaders().WithName("VocStatistics").WithSummary("Counts by type, department and channel, on-time rate, satisfaction");
        group.MapGet("/progress-notices-due", ProgressNoticesDue).ForReaders().WithName("VocProgressNoticesDue").WithSummary("Open VOC items whose 30-day progress notice is overdue");
        group.MapGet("/monthly-checks-due", MonthlyChecksDue).ForReaders().WithName("VocMonthlyChecksDue").WithSummary("Open VOC items not yet status-checked this month (영 제22조)");
        group.MapGet("/{id:guid}", Get).ForReaders().WithName("GetVoc").WithSummary("One VOC with its notices")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/route", Route).ForWriters().WithName("RouteVoc").WithSummary("Routes the VOC to its handling department")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/extend", Extend).ForWriters().WithName("ExtendVoc").WithSummary("Extends the due date once within the original period, with a customer notice")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/transfer", Transfer).ForWriters().WithName("TransferVoc").WithSummary("Moves a misrouted VOC to the right department (3 working hours) or agency (8 working hours)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/site-investigation", StartSiteInvestigation).ForWriters().WithName("StartVocSiteInvestigation").WithSummary("Starts a site investigation of a grievance; its days are not counted (at most 14)")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/site-investigation/extend", ExtendSiteInvestigation).ForWriters().WithName("ExtendVocSiteInvestigation").WithSummary("Extends the site investigation once by at most 7 days")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/status-checks", StatusCheck).ForWriters().WithName("RecordVocStatusCheck").WithSummary("Records this month's status check of an open VOC")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/progress-notices", ProgressNotice).ForWriters().WithName("SendVocProgressNotice").WithSummary("Records a progress notice to the customer")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/resolve", Resolve).ForWriters().WithName("ResolveVoc").WithSummary("Resolves the VOC with the answer")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/survey", Survey).ForWriters().WithName("RecordVocSatisfaction").WithSummary("Records the satisfaction survey after resolution")
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
            EventId = MessageIds.NewId(),
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
        voc.Extend(
            request.Amount, request.Reason ?? string.Empty, request.NoticeText ?? string.Empty, request.CustomerConsented,
            request.ResponsibleOfficer ?? string.Empty, services.Clock.GetUtcNow(), services.Calendar);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(VocResponse.From(voc));
    }

    public static async Task<Ok<VocResponse>> Transfer(Guid id, TransferVocRequest request, [AsParameters] VocServices services, CancellationToken cancellationToken)
    {
        var voc = await FindAsync(services.Db, id, cancellationToken);
        if (string.IsNullOrWhiteSpace(request.Department) == string.IsNullOrWhiteSpace(request.Agency))
        {
            throw new DomainValidationException("department", "Give either the department or the agency the VOC goes to.");
        }

        if (request.Agency is { Length: > 0 } agency)
        {
            voc.TransferToAgency(agency, services.Clock.GetUtcNow(), services.Calendar);
        }
        else
        {
            voc.TransferToDepartment(request.Department!, services.Clock.GetUtcNow(), services.Calendar);
        }

        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(VocResponse.From(voc));
    }

    public static async Task<Ok<VocResponse>> StartSiteInvestigation(Guid id, SiteInvestigationRequest request, [AsParameters] VocServices services, CancellationToken cancellationToken)
    {
        var voc = await FindAsync(services.Db, id, cancellationToken);
        voc.StartSiteInvestigation(request.StartsOn, request.Days, services.Clock.GetUtcNow(), services.Calendar);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(VocResponse.From(voc));
    }

    public static async Task<Ok<VocResponse>> ExtendSiteInvestigation(Guid id, SiteInvestigationExtensionRequest request, [AsParameters] VocServices services, CancellationToken cancellationToken)
    {
        var voc = await FindAsync(services.Db, id, cancellationToken);
        voc.ExtendSiteInvestigation(request.Days, services.Clock.GetUtcNow(), services.Calendar);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(VocResponse.From(voc));
    }

    public static async Task<Ok<VocResponse>> StatusCheck(Guid id, [AsParameters] VocServices services, CancellationToken cancellationToken)
    {
        var voc = await FindAsync(services.Db, id, cancellationToken);
        voc.RecordStatusCheck(services.Clock.GetUtcNow());
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(VocResponse.From(voc));
    }

    public static async Task<Ok<IReadOnlyList<VocResponse>>> MonthlyChecksDue([AsParameters] VocServices services, CancellationToken cancellationToken)
    {
        var monthStart = VocDeadlineRules.MonthlyCheckPeriodStart(services.Clock.GetUtcNow());
        var items = await services.Db.VocCases.AsNoTracking().Include(v => v.Notices)
            .Where(VocCase.DueForMonthlyCheck(monthStart))
            .OrderBy(v => v.DueAt).ThenBy(v => v.Id).Take(EndpointSupport.MaxPageSize).AsSplitQuery()
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<VocResponse>>([.. items.Select(VocResponse.From)]);
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
            EventId = MessageIds.NewId(),
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
            .Where(VocCase.OpenCase).Where(v => v.NextProgressNoticeDueAt < now)
            .OrderBy(v => v.NextProgressNoticeDueAt).Take(EndpointSupport.MaxPageSize).AsSplitQuery()
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<VocResponse>>([.. items.Select(VocResponse.From)]);
    }

    public static async Task<Ok<VocStatistics>> Statistics(CounselingDbContext db, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken) =>
        TypedResults.Ok(await VocStatisticsQuery.RunAsync(db, from, to, cancellationToken));

    private static async Task<VocCase> FindAsync(CounselingDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.VocCases.Include(v => v.Notices).FirstOrDefaultAsync(v => v.Id == id, cancellationToken)
        ?? throw new NotFoundException($"VOC {id} was not found.");
}

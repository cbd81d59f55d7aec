using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.BusinessTime;
using Seomin.Contracts.Counseling;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Api.Features.Timeline;
using Seomin.Counseling.Domain.Completions;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.Messaging;
using Seomin.ServiceDefaults.Problems;
using Seomin.PersonalData;

namespace Seomin.Counseling.Api.Endpoints;

public sealed record RecordCompletionRequest(
    string? CustomerId,
    ResidentRegistrationNumber? Rrn,
    CompletionKind? Kind,
    string? CourseCode,
    DateOnly CompletedOn,
    string? RecordedBy);

public sealed record CompletionResponse(Guid Id, string CustomerId, CompletionKind Kind, string? CourseCode, DateOnly CompletedOn, DateOnly ValidFrom, DateOnly ValidUntil)
{
    public static CompletionResponse From(ProgramCompletion c) => new(c.Id, c.CustomerId, c.Kind, c.CourseCode, c.CompletedOn, c.ValidFrom, c.ValidUntil);
}

public static class CompletionEndpoints
{
    public static RouteGroupBuilder MapCompletionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/counseling/completions").WithTags("Completions").WithStandardProblems();
        group.MapPost("/", RecordCompletion).ForWriters().WithName("RecordCompletion")
            .WithSummary("Records pre-application counseling or financial education; publishes the completion event for the fee reduction")
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", ListCompletions).ForReaders().WithName("ListCompletions").WithSummary("A customer's completions with their validity");
        return group;
    }

    /// <summary>What the completion handlers use.</summary>
    public sealed record CompletionServices(CounselingDbContext Db, IOutbox Outbox, ICustomerIdFactory CustomerIds, TimeProvider Clock);

    public static async Task<Created<CompletionResponse>> RecordCompletion(
        RecordCompletionRequest request,
        ClaimsPrincipal user,
        [AsParameters] CompletionServices services,
        CancellationToken cancellationToken)
    {
        var now = services.Clock.GetUtcNow();
        var recordedBy = EndpointSupport.ActingEmployee(user, request.RecordedBy, "recordedBy");
        var customerId = EndpointSupport.ResolveCustomer(request.CustomerId, request.Rrn, services.CustomerIds)
            ?? throw new DomainValidationException("customerId", "A completion needs the customer id or the verified RRN.");
        var completion = ProgramCompletion.Record(
            Guid.CreateVersion7(), customerId, EndpointSupport.Required(request.Kind, "kind"), request.CourseCode, request.CompletedOn, recordedBy, now);
        services.Db.Completions.Add(completion);

        var eventId = MessageIds.NewId();
        object published;
        string summary;
        if (completion.Kind == CompletionKind.PreApplicationCounseling)
        {
            published = new PreApplicationCounselingCompleted
            {
                EventId = eventId,
                CompletionId = completion.Id,
                CustomerId = customerId,
                ValidFrom = completion.ValidFrom,
                ValidUntil = completion.ValidUntil,
                OccurredAt = now,
            };
            summary = $"사전상담 이수 (유효 {completion.ValidFrom:yyyy-MM-dd}~{completion.ValidUntil:yyyy-MM-dd})";
            services.Outbox.Publish((PreApplicationCounselingCompleted)published);
        }
        else
        {
            published = new FinancialEducationCompleted
            {
                EventId = eventId,
                CompletionId = completion.Id,
                CustomerId = customerId,
                CourseCode = completion.CourseCode!,
                ValidFrom = completion.ValidFrom,
                ValidUntil = completion.ValidUntil,
                OccurredAt = now,
            };
            summary = $"금융교육 이수 {completion.CourseCode} (유효 {completion.ValidFrom:yyyy-MM-dd}~{completion.ValidUntil:yyyy-MM-dd})";
            services.Outbox.Publish((FinancialEducationCompleted)published);
        }

        await TimelineWriter.AddIfNewAsync(services.Db, new TimelineEntry
        {
            Id = Guid.CreateVersion7(),
            CustomerId = customerId,
            OccurredAt = TimelineMoment(completion.CompletedOn, now),
            SourceService = "counseling",
            Kind = published.GetType().Name,
            SourceRecordId = completion.Id,
            SourceEventId = eventId,
            BusinessKey = completion.Id.ToString(),
            Summary = summary,
            Details = TimelineWriter.Details(published),
            RecordedAt = now,
        }, cancellationToken);

        // The unique (customer, kind, course, date) index turns a repeated submission into a 409.
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/counseling/completions?customerId={customerId}", CompletionResponse.From(completion));
    }

    public static async Task<Ok<IReadOnlyList<CompletionResponse>>> ListCompletions(string customerId, CounselingDbContext db, CancellationToken cancellationToken)
    {
        var id = EndpointSupport.RequireCustomerId(customerId);
        var items = await db.Completions.AsNoTracking().Where(c => c.CustomerId == id).OrderByDescending(c => c.CompletedOn).ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<CompletionResponse>>([.. items.Select(CompletionResponse.From)]);
    }

    // A completion recorded for an earlier day sits on the timeline at that day's close of business.
    private static DateTimeOffset TimelineMoment(DateOnly completedOn, DateTimeOffset now)
    {
        var endOfDay = BusinessClock.At(completedOn, BusinessCalendar.WorkdayEnd);
        return endOfDay < now ? endOfDay : now;
    }
}

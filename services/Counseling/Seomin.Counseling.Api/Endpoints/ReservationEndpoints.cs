using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Seomin.BusinessTime;
using Seomin.Counseling.Api.Data;
using Seomin.Counseling.Domain.Reservations;
using Seomin.Counseling.Domain.Sessions;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.Messaging;
using Seomin.ServiceDefaults.Problems;
using Seomin.PersonalData;

namespace Seomin.Counseling.Api.Endpoints;

public sealed record BookReservationRequest(string? CustomerId, string CounselorId, DateTimeOffset SlotStart, string Phone, string? Topic);

public sealed record CompleteReservationRequest(CounselingCategory? Category, string Notes, CounselingOutcome? Outcome, IReadOnlyList<ReferralRequest>? Referrals, IReadOnlyList<FollowUpRequest>? FollowUps);

public sealed record ReservationResponse(
    Guid Id,
    string? CustomerId,
    string CounselorId,
    DateTimeOffset SlotStart,
    DateTimeOffset SlotEnd,
    string Phone,
    string? Topic,
    ReservationStatus Status,
    Guid? SessionId)
{
    public static ReservationResponse From(CallbackReservation r) => new(
        r.Id, r.CustomerId, r.CounselorId, r.SlotStart, r.SlotStart + CallbackReservation.SlotLength,
        Masking.Phone(r.CallbackPhone), r.Topic, r.Status, r.SessionId);
}

public static class ReservationEndpoints
{
    public static RouteGroupBuilder MapReservationEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/counseling/reservations").WithTags("Callback reservations").WithStandardProblems();
        group.MapPost("/", Book).ForWriters().WithName("BookReservation").WithSummary("Books a callback slot (30 minutes, business hours, not taken, not past)")
            .ProducesProblems(StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/queue", Queue).ForReaders().WithName("CounselorQueue").WithSummary("A counselor's booked callbacks for a Seoul date");
        group.MapPost("/{id:guid}/no-show", NoShow).ForWriters().WithName("MarkReservationNoShow").WithSummary("Records that the customer did not answer")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/complete", Complete).ForWriters().WithName("CompleteReservation").WithSummary("Records the callback session and closes the reservation")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        group.MapPost("/{id:guid}/cancel", Cancel).ForWriters().WithName("CancelReservation").WithSummary("Cancels a booked reservation and frees the slot")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status422UnprocessableEntity);
        return group;
    }

    /// <summary>What the reservation handlers use.</summary>
    public sealed record ReservationServices(CounselingDbContext Db, IOutbox Outbox, ICustomerIdFactory CustomerIds, BusinessCalendar Calendar, TimeProvider Clock);

    public static async Task<Created<ReservationResponse>> Book(
        BookReservationRequest request,
        [AsParameters] ReservationServices services,
        CancellationToken cancellationToken)
    {
        var now = services.Clock.GetUtcNow();
        var customerId = EndpointSupport.ResolveCustomer(request.CustomerId, null, services.CustomerIds);
        var slot = request.SlotStart.ToUniversalTime();
        var taken = await services.Db.Reservations.AsNoTracking()
            .Where(r => r.CounselorId == request.CounselorId && r.SlotStart == slot
                && (r.Status == ReservationStatus.Booked || r.Status == ReservationStatus.Completed))
            .Select(r => r.SlotStart)
            .ToListAsync(cancellationToken);
        var reservation = CallbackReservation.Book(
            Guid.CreateVersion7(), customerId, request.CounselorId, slot, request.Phone, request.Topic, taken, now, services.Calendar);
        services.Db.Reservations.Add(reservation);
        // Two concurrent bookings of one slot: the partial unique index turns the loser into a 409.
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/counseling/reservations/{reservation.Id}", ReservationResponse.From(reservation));
    }

    public static async Task<Ok<IReadOnlyList<ReservationResponse>>> Queue(
        string counselorId,
        DateOnly? date,
        [AsParameters] ReservationServices services,
        CancellationToken cancellationToken)
    {
        var day = date ?? BusinessClock.SeoulDate(services.Clock.GetUtcNow());
        var start = BusinessClock.At(day, TimeOnly.MinValue);
        var end = BusinessClock.At(day.AddDays(1), TimeOnly.MinValue);
        var items = await services.Db.Reservations.AsNoTracking()
            .Where(r => r.CounselorId == counselorId && r.SlotStart >= start && r.SlotStart < end && r.Status == ReservationStatus.Booked)
            .OrderBy(r => r.SlotStart)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok<IReadOnlyList<ReservationResponse>>([.. items.Select(ReservationResponse.From)]);
    }

    public static async Task<Ok<ReservationResponse>> NoShow(Guid id, [AsParameters] ReservationServices services, CancellationToken cancellationToken)
    {
        var reservation = await FindAsync(services.Db, id, cancellationToken);
        reservation.MarkNoShow(services.Clock.GetUtcNow());
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ReservationResponse.From(reservation));
    }

    public static async Task<Ok<ReservationResponse>> Cancel(Guid id, [AsParameters] ReservationServices services, CancellationToken cancellationToken)
    {
        var reservation = await FindAsync(services.Db, id, cancellationToken);
        reservation.Cancel(services.Clock.GetUtcNow());
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ReservationResponse.From(reservation));
    }

    public static async Task<Ok<ReservationResponse>> Complete(
        Guid id,
        CompleteReservationRequest request,
        [AsParameters] ReservationServices services,
        CancellationToken cancellationToken)
    {
        var now = services.Clock.GetUtcNow();
        var reservation = await FindAsync(services.Db, id, cancellationToken);
        var sessionRequest = new RecordSessionRequest(
            reservation.CustomerId, null, reservation.CounselorId, CounselingChannel.CallbackReservation, null,
            request.Category, request.Notes, request.Outcome, now < reservation.SlotStart ? now : reservation.SlotStart, request.Referrals, request.FollowUps);
        var session = SessionFactory.Record(sessionRequest, reservation.CustomerId, reservation.Id, now);
        reservation.Complete(session.Id, now);
        services.Db.Sessions.Add(session);
        await SessionFactory.PublishAsync(services.Db, services.Outbox, session, cancellationToken);
        await services.Db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(ReservationResponse.From(reservation));
    }

    private static async Task<CallbackReservation> FindAsync(CounselingDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.Reservations.FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
        ?? throw new NotFoundException($"Reservation {id} was not found.");
}

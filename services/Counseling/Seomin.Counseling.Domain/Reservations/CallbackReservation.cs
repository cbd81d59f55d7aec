using Seomin.BusinessTime;

namespace Seomin.Counseling.Domain.Reservations;

public enum ReservationStatus
{
    Booked,
    Completed,
    NoShow,
    Cancelled,
}

/// <summary>A callback reservation (콜백 상담예약) in a counselor's 30-minute slot.</summary>
public sealed class CallbackReservation
{
    public static readonly TimeSpan SlotLength = TimeSpan.FromMinutes(30);

    private CallbackReservation()
    {
        CounselorId = string.Empty;
        CallbackPhone = string.Empty;
    }

    public Guid Id { get; private set; }

    public string? CustomerId { get; private set; }

    public string CounselorId { get; private set; }

    public DateTimeOffset SlotStart { get; private set; }

    /// <summary>The number to call back (stored encrypted).</summary>
    public string CallbackPhone { get; private set; }

    public string? Topic { get; private set; }

    public ReservationStatus Status { get; private set; }

    public DateTimeOffset BookedAt { get; private set; }

    public DateTimeOffset? ClosedAt { get; private set; }

    public Guid? SessionId { get; private set; }

    /// <summary>Slots start on the hour or half hour, in working hours of a business day, and lie in the future.</summary>
    public static void EnsureBookableSlot(DateTimeOffset slotStart, DateTimeOffset now, BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(calendar);
        if (slotStart <= now)
        {
            throw new CounselingRuleException("ReservationSlotMustBeInTheFuture", "The slot lies in the past.");
        }

        var local = slotStart.ToOffset(BusinessClock.SeoulOffset);
        var date = DateOnly.FromDateTime(local.DateTime);
        var time = TimeOnly.FromDateTime(local.DateTime);
        if (local.Second != 0 || local.Millisecond != 0 || local.Minute % 30 != 0)
        {
            throw new CounselingRuleException("ReservationSlotMustBeAligned", "Slots start on the hour or the half hour.");
        }

        if (!calendar.IsBusinessDay(date) || time < BusinessCalendar.WorkdayStart || time.Add(SlotLength) > BusinessCalendar.WorkdayEnd)
        {
            throw new CounselingRuleException("ReservationSlotMustBeInWorkingHours", "Slots are 09:00-18:00 Seoul time on business days.");
        }
    }

    /// <summary>Books a slot; the caller guarantees the slot is free (a unique index backs it).</summary>
    public static CallbackReservation Book(
        Guid id,
        string? customerId,
        string counselorId,
        DateTimeOffset slotStart,
        string callbackPhone,
        string? topic,
        IEnumerable<DateTimeOffset> counselorBookedSlots,
        DateTimeOffset now,
        BusinessCalendar calendar)
    {
        ArgumentNullException.ThrowIfNull(counselorBookedSlots);
        if (string.IsNullOrWhiteSpace(counselorId))
        {
            throw new CounselingRuleException("ReservationNeedsCounselor", "A reservation is made in a counselor's queue.");
        }

        if (string.IsNullOrWhiteSpace(callbackPhone))
        {
            throw new CounselingRuleException("ReservationNeedsCallbackNumber", "A callback reservation needs the number to call.");
        }

        EnsureBookableSlot(slotStart, now, calendar);
        if (counselorBookedSlots.Any(s => s == slotStart))
        {
            throw new CounselingRuleException("ReservationSlotMustBeFree", "The slot is already booked.");
        }

        SensitiveText.EnsureNoRrn(topic, nameof(topic));
        return new CallbackReservation
        {
            Id = id,
            CustomerId = customerId,
            CounselorId = counselorId.Trim(),
            SlotStart = Instants.Normalize(slotStart),
            CallbackPhone = callbackPhone,
            Topic = topic?.Trim(),
            Status = ReservationStatus.Booked,
            BookedAt = Instants.Normalize(now),
        };
    }

    public void MarkNoShow(DateTimeOffset now)
    {
        EnsureBooked();
        if (now < SlotStart)
        {
            throw new CounselingRuleException("NoShowOnlyAfterSlotStart", "A no-show is recorded only after the slot started.");
        }

        Status = ReservationStatus.NoShow;
        ClosedAt = Instants.Normalize(now);
    }

    public void Complete(Guid sessionId, DateTimeOffset now)
    {
        EnsureBooked();
        Status = ReservationStatus.Completed;
        SessionId = sessionId;
        ClosedAt = Instants.Normalize(now);
    }

    public void Cancel(DateTimeOffset now)
    {
        EnsureBooked();
        Status = ReservationStatus.Cancelled;
        ClosedAt = Instants.Normalize(now);
    }

    private void EnsureBooked()
    {
        if (Status != ReservationStatus.Booked)
        {
            throw new CounselingRuleException("ReservationMustBeBooked", $"The reservation is already {Status}.");
        }
    }
}

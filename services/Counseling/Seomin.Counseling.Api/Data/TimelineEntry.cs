namespace Seomin.Counseling.Api.Data;

/// <summary>
/// One item of a customer's timeline (고객 타임라인), from any service. Unique by source event id and by
/// (kind, business key), so a redelivered or re-published event appears once.
/// </summary>
public sealed class TimelineEntry
{
    public Guid Id { get; init; }

    public required string CustomerId { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required string SourceService { get; init; }

    public required string Kind { get; init; }

    public required Guid SourceRecordId { get; init; }

    public required Guid SourceEventId { get; init; }

    public required string BusinessKey { get; init; }

    public required string Summary { get; init; }

    /// <summary>The event's own fields as JSON (events never carry personal data).</summary>
    public string? Details { get; init; }

    public DateTimeOffset RecordedAt { get; init; }
}

/// <summary>A customer whose timeline only supervisors may read (e.g. staff members and their families).</summary>
public sealed class RestrictedCustomer
{
    public required string CustomerId { get; init; }

    public required string Reason { get; init; }

    public DateTimeOffset RestrictedAt { get; init; }
}

/// <summary>The RRN of a person a counselor identified in a session; kept apart from the session, encrypted.</summary>
public sealed class SessionIdentity
{
    public Guid SessionId { get; init; }

    public required Seomin.PersonalData.ResidentRegistrationNumber Rrn { get; init; }

    public required string RrnBlindIndex { get; init; }
}

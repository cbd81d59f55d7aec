namespace Seomin.Subrogation.Api.Data;

/// <summary>What a guarantee status event reported: an accident (보증사고) or its cure (정상화).</summary>
public enum GuaranteeStatusKind
{
    Accident,
    Normalisation,
}

/// <summary>
/// One accident or normalisation event of a guarantee as it was consumed, kept so that the accident book can be
/// rebuilt from the business history (ordered by <see cref="OccurredAt"/>) whatever order the events arrive in
/// (<see cref="Consumers.AccidentHistory"/>). <see cref="EventId"/> is the event's id; rows taken over from the
/// projection by the migration carry the id of the book movement that was booked for them.
/// </summary>
public sealed class GuaranteeStatusEvent
{
    public Guid Id { get; set; }

    public Guid GuaranteeId { get; set; }

    public Guid EventId { get; set; }

    public GuaranteeStatusKind Kind { get; set; }

    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>The accident date (accidents only).</summary>
    public DateOnly? AccidentOn { get; set; }

    /// <summary>The loan balance at the accident (accidents only).</summary>
    public long? OutstandingBalance { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}

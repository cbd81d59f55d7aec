namespace Seomin.Contracts.Counseling;

// Events published by the counseling-history service (상담이력). Never an RRN or a name.

/// <summary>A counseling session was recorded on any channel.</summary>
[MessageName("counseling.session-recorded")]
public sealed record CounselingSessionRecorded
{
    public required Guid EventId { get; init; }
    public required Guid SessionId { get; init; }
    public required string? CustomerId { get; init; }
    public required string Channel { get; init; }
    public required string Category { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>The customer completed pre-application counseling (사전상담); earns a guarantee-fee reduction.</summary>
[MessageName("counseling.pre-application-counseling-completed")]
public sealed record PreApplicationCounselingCompleted
{
    public required Guid EventId { get; init; }
    public required Guid CompletionId { get; init; }
    public required string CustomerId { get; init; }
    public required DateOnly ValidFrom { get; init; }
    public required DateOnly ValidUntil { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>The customer completed financial education (금융교육); earns a guarantee-fee reduction.</summary>
[MessageName("counseling.financial-education-completed")]
public sealed record FinancialEducationCompleted
{
    public required Guid EventId { get; init; }
    public required Guid CompletionId { get; init; }
    public required string CustomerId { get; init; }
    public required string CourseCode { get; init; }
    public required DateOnly ValidFrom { get; init; }
    public required DateOnly ValidUntil { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A voice-of-customer item was registered (VOC 접수).</summary>
[MessageName("counseling.voc-received")]
public sealed record VocReceived
{
    public required Guid EventId { get; init; }
    public required Guid VocId { get; init; }
    public required string? CustomerId { get; init; }
    public required string Type { get; init; }
    public required string Channel { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A VOC item was answered and closed.</summary>
[MessageName("counseling.voc-resolved")]
public sealed record VocResolved
{
    public required Guid EventId { get; init; }
    public required Guid VocId { get; init; }
    public required string? CustomerId { get; init; }
    public required bool OnTime { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>A VOC item passed its due date without resolution; it is escalated.</summary>
[MessageName("counseling.voc-sla-breached")]
public sealed record VocSlaBreached
{
    public required Guid EventId { get; init; }
    public required Guid VocId { get; init; }
    public required string? CustomerId { get; init; }
    public required string Department { get; init; }
    public required DateTimeOffset DueAt { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

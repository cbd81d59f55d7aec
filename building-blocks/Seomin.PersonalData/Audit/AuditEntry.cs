namespace Seomin.PersonalData.Audit;

/// <summary>
/// What a caller records; who, from where and when are filled in by <see cref="IAuditTrail"/>.
/// <see cref="Changes"/> holds the fields that changed with their before/after values: pass masked
/// values for personal fields (e.g. <see cref="Masking.Rrn(string?)"/>), never plaintext numbers.
/// </summary>
public sealed record AuditEntry(AuditAction Action, string ResourceType, string? ResourceId = null)
{
    /// <summary>The data subject, when a person is concerned.</summary>
    public CustomerId? Subject { get; init; }

    /// <summary>Required for downloads, exports and unmasking.</summary>
    public string? Reason { get; init; }

    public IReadOnlyList<AuditFieldChange> Changes { get; init; } = [];
}

/// <summary>One changed field.</summary>
public sealed record AuditFieldChange(string Field, string? Before, string? After);

/// <summary>Who acted, as recorded in the audit trail.</summary>
/// <param name="Id">
/// The person (<c>sub</c>: the employee number), a system's client id, or outside a request the job or consumer
/// (<c>job:&lt;name&gt;</c>, <c>consumer:&lt;name&gt;</c>, else <c>system:&lt;application&gt;</c>).
/// </param>
/// <param name="Type">User (a person), Client (a system), System or Anonymous.</param>
/// <param name="ClientIp">The remote address as seen after the forwarded-headers middleware.</param>
/// <param name="ClientId">The client (<c>client_id</c>) that carried the call, e.g. the staff portal for a person.</param>
public sealed record AuditActor(string Id, string Type, string? ClientIp, string? ClientId = null);

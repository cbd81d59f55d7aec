namespace Seomin.PersonalData.Audit;

/// <summary>
/// One row of the append-only <c>audit_log</c> table. <see cref="Id"/>, <see cref="PrevHash"/> and
/// <see cref="Hash"/> are set by the database trigger that seals the row into the hash chain.
/// </summary>
public sealed class AuditLogEntry
{
    public long Id { get; internal set; }

    public DateTimeOffset OccurredAt { get; internal set; }

    public string Actor { get; internal set; } = string.Empty;

    public string ActorType { get; internal set; } = string.Empty;

    public string? ClientIp { get; internal set; }

    /// <summary>The client (<c>client_id</c>) that carried the call; null on rows written before it was recorded.</summary>
    public string? Client { get; internal set; }

    public AuditAction Action { get; internal set; }

    public CustomerId? Subject { get; internal set; }

    public string ResourceType { get; internal set; } = string.Empty;

    public string? ResourceId { get; internal set; }

    public string? Reason { get; internal set; }

    /// <summary>jsonb: <c>{"field": {"before": "...", "after": "..."}}</c>, or null.</summary>
    public string? Changes { get; internal set; }

    public string PrevHash { get; internal set; } = string.Empty;

    public string Hash { get; internal set; } = string.Empty;
}

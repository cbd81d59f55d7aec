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
/// <param name="Id">The user id (<c>sub</c>), client id (<c>client_id</c>) or <c>system:&lt;application&gt;</c>.</param>
/// <param name="Type">User, Client, System or Anonymous.</param>
/// <param name="ClientIp">The remote address as seen after the forwarded-headers middleware.</param>
public sealed record AuditActor(string Id, string Type, string? ClientIp);

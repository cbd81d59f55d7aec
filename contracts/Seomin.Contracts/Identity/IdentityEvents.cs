namespace Seomin.Contracts.Identity;

// Notices published by the token service (services/Identity). Every instance of every service receives each one (a
// queue per instance), so a revocation or a key change takes effect at once everywhere. Never a password or a token.

/// <summary>
/// Access must end now for what is named: one token (<see cref="TokenId"/>, the <c>jti</c>), or every token issued at
/// or before <see cref="RevokedAt"/> to a person (<see cref="Subject"/>: sign-out, lockout, disabled account) or to a
/// client (<see cref="ClientId"/>: revoked, secret rotated). Exactly one of the three is set. After
/// <see cref="ExpiresAt"/> no token it matches can still be valid, so the entry can be forgotten.
/// </summary>
[MessageName("identity.access-revoked")]
public sealed record AccessRevoked
{
    public required Guid EventId { get; init; }
    public required string? TokenId { get; init; }
    public required string? Subject { get; init; }
    public required string? ClientId { get; init; }
    public required string Reason { get; init; }
    public required DateTimeOffset RevokedAt { get; init; }
    public required DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>The token service's signing keys changed (a new key, or one withdrawn): read the keys again now.</summary>
[MessageName("identity.signing-keys-changed")]
public sealed record SigningKeysChanged
{
    public required Guid EventId { get; init; }
    public required IReadOnlyList<string> ActiveKeyIds { get; init; }
    public required DateTimeOffset OccurredAt { get; init; }
}

namespace Seomin.Identity.Api.Data;

/// <summary>
/// A revocation notice the token service published (<see cref="Seomin.Contracts.Identity.AccessRevoked"/>), kept until
/// <see cref="ExpiresAt"/> so a service instance starting up can load the ones still in force.
/// </summary>
public sealed class RevocationEntry
{
    public required Guid Id { get; init; }

    public string? TokenId { get; init; }

    public string? Subject { get; init; }

    public string? ClientId { get; init; }

    public required string Reason { get; init; }

    public required DateTimeOffset RevokedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }
}

namespace Seomin.Identity.Api.Data;

public enum ClientStatus
{
    Active,
    Revoked,
}

/// <summary>
/// What the token service knows about a system client besides its OpenIddict application (id, secret, permitted
/// scopes): its kind, staff roles (internal), partner or institution code and gateway quotas.
/// </summary>
public sealed class ClientProfile
{
    public required string ClientId { get; init; }

    public required string DisplayName { get; set; }

    /// <summary>One of <see cref="Seomin.Access.ClientTypes"/>: internal, partner or institution.</summary>
    public required string ClientType { get; init; }

    public List<string> Roles { get; set; } = [];

    public string? PartnerCode { get; set; }

    public string? InstitutionCode { get; set; }

    public int QuotaPerSecond { get; set; }

    public int QuotaPerDay { get; set; }

    public ClientStatus Status { get; set; } = ClientStatus.Active;

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? SecretRotatedAt { get; set; }

    /// <summary>Optimistic concurrency (PostgreSQL xmin).</summary>
    public uint Version { get; set; }
}

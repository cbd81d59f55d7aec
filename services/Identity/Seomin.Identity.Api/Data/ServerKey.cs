namespace Seomin.Identity.Api.Data;

public enum ServerKeyUse
{
    /// <summary>Signs tokens (ES256); its public part is in the JWKS.</summary>
    Signing,

    /// <summary>Encrypts authorization codes and refresh tokens (AES-256); never published.</summary>
    Encryption,
}

/// <summary>
/// A key of the token service, shared by every replica through the database. The private part is stored protected
/// by ASP.NET Data Protection (whose key ring is in the same database), never in the clear.
/// </summary>
public sealed class ServerKey
{
    /// <summary>The key id (<c>kid</c>).</summary>
    public required string KeyId { get; init; }

    public required ServerKeyUse Use { get; init; }

    public required string Algorithm { get; init; }

    /// <summary>The private key (PKCS#8 for signing keys, raw for encryption keys), protected with Data Protection.</summary>
    public required string ProtectedKey { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the key stopped signing (a newer key took over); it stays published until <see cref="PublishedUntil"/>.</summary>
    public DateTimeOffset? RetiredAt { get; set; }

    /// <summary>After this moment no token the key signed can still be valid: it leaves the JWKS.</summary>
    public DateTimeOffset? PublishedUntil { get; set; }

    /// <summary>Taken out of the JWKS at once (a compromised key).</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }

    public bool Signs => RetiredAt is null && WithdrawnAt is null;

    public bool IsPublishedAt(DateTimeOffset now) => WithdrawnAt is null && (PublishedUntil is null || PublishedUntil > now);
}

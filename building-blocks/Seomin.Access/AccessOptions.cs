namespace Seomin.Access;

/// <summary>
/// Where a service finds the token service (the <c>Seomin:Identity</c> configuration section). The services read its
/// metadata and keys from <see cref="Authority"/>, the token service's internal address (<c>http://identity</c>,
/// resolved by service discovery), while tokens name the public <see cref="Issuer"/> (the gateway's URL).
/// </summary>
public sealed class AccessOptions
{
    public const string SectionName = "Seomin:Identity";

    /// <summary>The <c>iss</c> every accepted token must carry, e.g. <c>http://127.0.0.1:8080/</c>; unset: the metadata's issuer.</summary>
    public string? Issuer { get; set; }

    /// <summary>Base address the metadata (<c>/.well-known/openid-configuration</c>) and the keys are read from.</summary>
    public Uri Authority { get; set; } = new("http://identity");

    /// <summary>Refuse metadata over plain HTTP; defaults to true outside Development.</summary>
    public bool? RequireHttpsMetadata { get; set; }

    /// <summary>How often the metadata and keys are read again even when nothing asked for it.</summary>
    public TimeSpan MetadataRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The shortest time between two reads asked for by a token signed with an unknown key or by a rotation notice.</summary>
    public TimeSpan MinimumRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many times the active revocations are asked for at start-up before carrying on without them.</summary>
    public int RevocationLoadAttempts { get; set; } = 5;

    /// <summary>The pause after the first failed attempt; it doubles after each further one.</summary>
    public TimeSpan RevocationLoadFirstPause { get; set; } = TimeSpan.FromSeconds(1);
}

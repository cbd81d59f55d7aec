using System.ComponentModel.DataAnnotations;

namespace Seomin.Identity.Api;

/// <summary>The token service's settings (configuration section <c>Identity</c>), validated on start.</summary>
public sealed class TokenServiceOptions : IValidatableObject
{
    public const string SectionName = "Identity";

    /// <summary>The <c>iss</c> of every token: the public gateway URL, whichever address the request came in on.</summary>
    [Required]
    public Uri Issuer { get; set; } = new("http://127.0.0.1:8080/");

    [Range(typeof(TimeSpan), "00:01:00", "01:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    [Range(typeof(TimeSpan), "00:00:30", "00:30:00")]
    public TimeSpan AuthorizationCodeLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A new signing key takes over after this long (automatic rotation).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00")]
    public TimeSpan SigningKeyRotationInterval { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often each replica reads the keys table again (another replica may have rotated or withdrawn a key).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan KeyPollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The largest clock difference a service allows; a retired key stays published this much longer.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Accept plain HTTP on this service's own port outside Development: for a cluster where TLS ends at the ingress
    /// and service-to-service traffic is protected by the network (mesh mTLS, network policies), so the services can
    /// read the metadata and keys at http://identity. Public callers still reach it only through the gateway.
    /// </summary>
    public bool AllowHttpInsideCluster { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Issuer.IsAbsoluteUri || Issuer.Scheme is not ("http" or "https") || !Issuer.AbsolutePath.EndsWith('/'))
        {
            yield return new ValidationResult("Identity:Issuer must be an absolute http(s) URL ending with '/'.", [nameof(Issuer)]);
        }
    }
}

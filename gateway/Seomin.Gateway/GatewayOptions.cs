namespace Seomin.Gateway;

/// <summary>The <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Issuer of the embedded token service (the <c>iss</c> claim).</summary>
    public string Issuer { get; set; } = "seomin-gateway";

    /// <summary>Audience of every access token (the <c>aud</c> claim).</summary>
    public string Audience { get; set; } = "seomin-api";

    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    public TimeSpan SigningKeyRotationInterval { get; set; } = TimeSpan.FromDays(30);

    public TimeSpan ClientCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>When set, tokens of this external authority are accepted instead of the embedded token service's.</summary>
    public ExternalAuthorityOptions Authority { get; set; } = new();

    /// <summary>Quotas for clients an external authority knows but the gateway's store does not.</summary>
    public int DefaultPerSecondLimit { get; set; } = 10;

    public int DefaultPerDayLimit { get; set; } = 10_000;

    /// <summary>Requests per second per IP address without a token (token endpoint, portal).</summary>
    public int AnonymousPerSecondLimit { get; set; } = 20;

    public long PartnerMaxRequestBodySize { get; set; } = 64 * 1024;

    public long ApiMaxRequestBodySize { get; set; } = 1024 * 1024;

    public int MaxPageSize { get; set; } = 100;

    /// <summary>Internal API documents are readable without a token (development portal).</summary>
    public bool InternalDocsAnonymous { get; set; }

    /// <summary>Services behind the gateway, keyed by the Aspire resource name (<c>services:&lt;name&gt;:http:0</c>).</summary>
    public Dictionary<string, ServiceRouteOptions> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public PartnerApiOptions Partner { get; set; } = new();
}

public sealed class ExternalAuthorityOptions
{
    public string? Issuer { get; set; }

    public Uri? JwksUri { get; set; }

    public string? Audience { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Issuer) && JwksUri is not null;
}

public sealed class ServiceRouteOptions
{
    /// <summary>Path prefix such as <c>/api/guarantees</c>; forwarded unchanged.</summary>
    public string PathPrefix { get; set; } = "";

    /// <summary>Roles allowed every method.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Roles allowed GET and HEAD only (auditors).</summary>
    public List<string> ReadRoles { get; set; } = [];

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public long? MaxRequestBodySize { get; set; }

    /// <summary>Name of the aggregated OpenAPI document (<c>/openapi/&lt;name&gt;.json</c>), taken from the service's <c>/openapi/v1.json</c>.</summary>
    public string? OpenApiDocument { get; set; }

    public string HealthPath { get; set; } = "/alive";
}

public sealed class PartnerApiOptions
{
    /// <summary>The Aspire resource name of the guarantee service.</summary>
    public string GuaranteeService { get; set; } = "guarantee";

    public string ProductsPath { get; set; } = "/api/guarantees/products";

    public string ApplicationsPath { get; set; } = "/api/guarantees/applications";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

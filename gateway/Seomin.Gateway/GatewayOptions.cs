namespace Seomin.Gateway;

/// <summary>The <c>Gateway</c> configuration section.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary>Requests per second of a client whose token carries no <c>quota_per_second</c> (people signed in, mostly).</summary>
    public int DefaultPerSecondLimit { get; set; } = 10;

    /// <summary>Requests per day of a client whose token carries no <c>quota_per_day</c>.</summary>
    public int DefaultPerDayLimit { get; set; } = 10_000;

    /// <summary>Requests per second per IP address without a valid token (token service, portal).</summary>
    public int AnonymousPerSecondLimit { get; set; } = 20;

    /// <summary>Prefix of every quota counter in the shared store (<c>ConnectionStrings:quotas</c>); replicas of one gateway share it.</summary>
    public string QuotaKeyPrefix { get; set; } = "seomin:gateway:";

    public long PartnerMaxRequestBodySize { get; set; } = 64 * 1024;

    public long ApiMaxRequestBodySize { get; set; } = 1024 * 1024;

    public int MaxPageSize { get; set; } = 100;

    /// <summary>How often the token service's active revocations are read (zero: never; the start-up load still runs).</summary>
    public TimeSpan RevocationPollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The gateway's public base URL, the server of the published partner document.</summary>
    public string PublicUrl { get; set; } = "http://127.0.0.1:8080";

    /// <summary>Internal API documents are readable without a token (development portal).</summary>
    public bool InternalDocsAnonymous { get; set; }

    /// <summary>Services behind the gateway, keyed by the Aspire resource name (<c>services:&lt;name&gt;:http:0</c>).</summary>
    public Dictionary<string, ServiceRouteOptions> Services { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public IdentityRouteOptions Identity { get; set; } = new();

    public PartnerApiOptions Partner { get; set; } = new();
}

public sealed class ServiceRouteOptions
{
    /// <summary>Path prefix such as <c>/api/guarantees</c>; forwarded unchanged.</summary>
    public string PathPrefix { get; set; } = "";

    /// <summary>Roles allowed every method.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Roles allowed GET and HEAD only (auditors).</summary>
    public List<string> ReadRoles { get; set; } = [];

    /// <summary>
    /// Scopes with which a financial institution's token may call this service (its filings, transfer batches,
    /// subrogation claims); the service decides which of its endpoints each scope opens and checks ownership.
    /// Empty: institution tokens never reach the service.
    /// </summary>
    public List<string> InstitutionScopes { get; set; } = [];

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public long? MaxRequestBodySize { get; set; }

    /// <summary>Name of the aggregated OpenAPI document (<c>/openapi/&lt;name&gt;.json</c>), taken from the service's <c>/openapi/v1.json</c>.</summary>
    public string? OpenApiDocument { get; set; }

    public string HealthPath { get; set; } = "/alive";
}

/// <summary>The token service behind the gateway (services/Identity): it authorises its own calls.</summary>
public sealed class IdentityRouteOptions
{
    /// <summary>The Aspire resource name of the token service (<c>http://identity</c> by service discovery).</summary>
    public string Service { get; set; } = "identity";

    /// <summary>Path prefixes proxied to it unchanged, anonymous at the gateway.</summary>
    public List<string> PathPrefixes { get; set; } = ["/connect", "/account", "/.well-known", "/admin"];

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The Retry-After of the 503 answered while the token service is down.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}

public sealed class PartnerApiOptions
{
    /// <summary>The Aspire resource name of the guarantee service.</summary>
    public string GuaranteeService { get; set; } = "guarantee";

    public string ProductsPath { get; set; } = "/api/guarantees/products";

    public string ApplicationsPath { get; set; } = "/api/guarantees/applications";

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

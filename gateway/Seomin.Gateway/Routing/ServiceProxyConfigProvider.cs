using Microsoft.Extensions.Primitives;
using Seomin.Gateway.Security;
using Yarp.ReverseProxy.Configuration;

namespace Seomin.Gateway.Routing;

/// <summary>
/// Builds YARP routes and clusters from the <c>Gateway:Services</c> section. Each cluster's destination is the
/// service's name (<c>http://guarantee</c>), resolved by service discovery from Aspire's contract
/// (<c>services__&lt;name&gt;__http__0</c>, i.e. configuration key <c>services:&lt;name&gt;:http:0</c>), so explicit
/// addresses in configuration (tests, Kubernetes) keep working.
/// A service whose destination is not configured gets no route, so its prefix answers 404 instead of hanging.
/// The token service's prefixes (<see cref="IdentityRouteOptions"/>) are always routed, anonymous at the gateway: the
/// token service authorises its own calls, and while it is unknown or down they answer 503 (<see cref="ProxyErrors"/>).
/// </summary>
public sealed class ServiceProxyConfigProvider(IConfiguration configuration) : IProxyConfigProvider
{
    public const string ServiceMetadataKey = "seomin-service";

    /// <summary>Route metadata marking the token service's routes (503 <c>token_service_unavailable</c> when it is down).</summary>
    public const string IdentityMetadataKey = "seomin-identity";

    public IProxyConfig GetConfig()
    {
        var options = new GatewayOptions();
        configuration.GetSection(GatewayOptions.SectionName).Bind(options);
        var routes = new List<RouteConfig>();
        var clusters = new List<ClusterConfig>();
        foreach (var (name, service) in options.Services)
        {
            var destinations = ResolveDestinations(configuration, name);
            if (destinations.Count == 0 || string.IsNullOrWhiteSpace(service.PathPrefix))
            {
                continue;
            }

            var metadata = new Dictionary<string, string> { [ServiceMetadataKey] = name };
            routes.Add(new RouteConfig
            {
                RouteId = $"{name}-api",
                ClusterId = name,
                Match = new RouteMatch { Path = $"{service.PathPrefix.TrimEnd('/')}/{{**rest}}" },
                AuthorizationPolicy = Policies.ForService(name),
                Timeout = service.Timeout,
                MaxRequestBodySize = service.MaxRequestBodySize ?? options.ApiMaxRequestBodySize,
                Metadata = metadata,
            });
            if (!string.IsNullOrWhiteSpace(service.OpenApiDocument))
            {
                routes.Add(new RouteConfig
                {
                    RouteId = $"{name}-openapi",
                    ClusterId = name,
                    Match = new RouteMatch { Path = $"/openapi/{service.OpenApiDocument}.json", Methods = ["GET"] },
                    AuthorizationPolicy = options.InternalDocsAnonymous ? Policies.Anonymous : Policies.AnyStaff,
                    Timeout = TimeSpan.FromSeconds(10),
                    Transforms = [new Dictionary<string, string> { ["PathSet"] = "/openapi/v1.json" }],
                    Metadata = metadata,
                });
            }

            clusters.Add(new ClusterConfig
            {
                ClusterId = name,
                Destinations = destinations,
                HealthCheck = new HealthCheckConfig
                {
                    Active = new ActiveHealthCheckConfig
                    {
                        Enabled = true,
                        Interval = TimeSpan.FromSeconds(10),
                        Timeout = TimeSpan.FromSeconds(5),
                        Policy = "ConsecutiveFailures",
                        Path = service.HealthPath,
                    },
                    Passive = new PassiveHealthCheckConfig
                    {
                        Enabled = true,
                        Policy = "TransportFailureRate",
                        ReactivationPeriod = TimeSpan.FromSeconds(30),
                    },
                },
                HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = service.Timeout },
                Metadata = metadata,
            });
        }

        AddIdentityRoutes(options, routes, clusters);
        return new ServiceProxyConfig(routes, clusters, configuration.GetReloadToken());
    }

    private void AddIdentityRoutes(GatewayOptions options, List<RouteConfig> routes, List<ClusterConfig> clusters)
    {
        var identity = options.Identity;
        var metadata = new Dictionary<string, string> { [ServiceMetadataKey] = identity.Service, [IdentityMetadataKey] = "true" };
        foreach (var prefix in identity.PathPrefixes.Where(p => !string.IsNullOrWhiteSpace(p)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            var trimmed = prefix.TrimEnd('/');
            routes.Add(new RouteConfig
            {
                RouteId = $"{identity.Service}{trimmed.Replace('/', '-')}",
                ClusterId = identity.Service,
                Match = new RouteMatch { Path = $"{trimmed}/{{**rest}}" },
                AuthorizationPolicy = Policies.Anonymous,
                Timeout = identity.Timeout,
                MaxRequestBodySize = options.PartnerMaxRequestBodySize,
                Metadata = metadata,
            });
        }

        // No destination when the token service is not configured: its routes then answer 503, not 404 or 401.
        clusters.Add(new ClusterConfig
        {
            ClusterId = identity.Service,
            Destinations = ResolveDestinations(configuration, identity.Service),
            HealthCheck = new HealthCheckConfig
            {
                Passive = new PassiveHealthCheckConfig
                {
                    Enabled = true,
                    Policy = "TransportFailureRate",
                    ReactivationPeriod = TimeSpan.FromSeconds(10),
                },
            },
            HttpRequest = new Yarp.ReverseProxy.Forwarder.ForwarderRequestConfig { ActivityTimeout = identity.Timeout },
            Metadata = metadata,
        });
    }

    /// <summary>
    /// The service's destination, <c>http://&lt;name&gt;</c> (or <c>https://&lt;name&gt;</c> when only https is configured),
    /// resolved to real addresses by service discovery; empty when no <c>services:&lt;name&gt;</c> address is configured.
    /// </summary>
    public static Dictionary<string, DestinationConfig> ResolveDestinations(IConfiguration configuration, string serviceName)
    {
        var destinations = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
        if (ServiceUri(configuration, serviceName) is { } address)
        {
            destinations[serviceName] = new DestinationConfig { Address = address.ToString() };
        }

        return destinations;
    }

    /// <summary>The service's discovery name for the gateway's own calls (partner API); null when it is not configured.</summary>
    public static Uri? ResolveFirstAddress(IConfiguration configuration, string serviceName) => ServiceUri(configuration, serviceName);

    private static Uri? ServiceUri(IConfiguration configuration, string serviceName)
    {
        foreach (var scheme in new[] { "http", "https" })
        {
            if (configuration.GetSection($"services:{serviceName}:{scheme}").GetChildren().Any(e => Uri.TryCreate(e.Value, UriKind.Absolute, out _)))
            {
                return new Uri($"{scheme}://{serviceName}");
            }
        }

        return null;
    }

    private sealed class ServiceProxyConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, IChangeToken changeToken)
        : IProxyConfig
    {
        public IReadOnlyList<RouteConfig> Routes => routes;

        public IReadOnlyList<ClusterConfig> Clusters => clusters;

        public IChangeToken ChangeToken => changeToken;
    }
}

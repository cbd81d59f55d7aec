using Microsoft.Extensions.Primitives;
using Seomin.Gateway.Security;
using Yarp.ReverseProxy.Configuration;

namespace Seomin.Gateway.Routing;

/// <summary>
/// Builds YARP routes and clusters from the <c>Gateway:Services</c> section and Aspire's service-discovery
/// contract (<c>services__&lt;name&gt;__http__0</c>, i.e. configuration key <c>services:&lt;name&gt;:http:0</c>).
/// A service whose destination is not configured gets no route, so its prefix answers 404 instead of hanging.
/// </summary>
public sealed class ServiceProxyConfigProvider(IConfiguration configuration) : IProxyConfigProvider
{
    public const string ServiceMetadataKey = "seomin-service";

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
                    AuthorizationPolicy = options.InternalDocsAnonymous ? "anonymous" : Policies.AnyStaff,
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

        return new ServiceProxyConfig(routes, clusters, configuration.GetReloadToken());
    }

    /// <summary>Every <c>services:&lt;name&gt;:https:N</c> and <c>services:&lt;name&gt;:http:N</c> address.</summary>
    public static Dictionary<string, DestinationConfig> ResolveDestinations(IConfiguration configuration, string serviceName)
    {
        var destinations = new Dictionary<string, DestinationConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var scheme in new[] { "https", "http" })
        {
            foreach (var endpoint in configuration.GetSection($"services:{serviceName}:{scheme}").GetChildren())
            {
                if (Uri.TryCreate(endpoint.Value, UriKind.Absolute, out var address))
                {
                    destinations[$"{serviceName}-{scheme}-{endpoint.Key}"] = new DestinationConfig { Address = address.ToString() };
                }
            }
        }

        return destinations;
    }

    /// <summary>The first configured address of a service, for the gateway's own calls (partner API).</summary>
    public static Uri? ResolveFirstAddress(IConfiguration configuration, string serviceName)
    {
        var first = ResolveDestinations(configuration, serviceName).Values.FirstOrDefault();
        return first is null ? null : new Uri(first.Address);
    }

    private sealed class ServiceProxyConfig(IReadOnlyList<RouteConfig> routes, IReadOnlyList<ClusterConfig> clusters, IChangeToken changeToken)
        : IProxyConfig
    {
        public IReadOnlyList<RouteConfig> Routes => routes;

        public IReadOnlyList<ClusterConfig> Clusters => clusters;

        public IChangeToken ChangeToken => changeToken;
    }
}

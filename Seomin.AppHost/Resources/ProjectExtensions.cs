using Seomin.AppHost.Operations;

namespace Seomin.AppHost.Resources;

internal static class ProjectExtensions
{
    /// <summary>
    /// What every Seomin service needs besides its references: Development settings, the data folder for its
    /// development keys (<c>SEOMIN_DATA_DIR</c>), the broker's management API, telemetry over OTLP HTTP/protobuf
    /// (ServiceDefaults exports that), a health check and the restart policy. Services get their own endpoint on
    /// <paramref name="servicePort"/>; the gateway keeps its launch profile's (http://127.0.0.1:8080).
    /// </summary>
    public static IResourceBuilder<ProjectResource> AsSeominService(
        this IResourceBuilder<ProjectResource> project, AppHostSettings settings, object managementUri, int? servicePort = null)
    {
        if (servicePort is { } fixedPort)
        {
            // Not proxied: while a service is stopped its port refuses connections, so the gateway answers 503 at
            // once instead of waiting on DCP's proxy until its route timeout. A restart binds the same port again.
            var port = settings.Port(project.Resource.Name, fixedPort);
            project.WithHttpEndpoint(name: "http", port: port, targetPort: port, isProxied: false);
        }

        project
            .WithEnvironment("ASPNETCORE_ENVIRONMENT", "Development")
            .WithEnvironment("SEOMIN_DATA_DIR", settings.DataDirectory)
            .WithOtlpExporter(OtlpProtocol.HttpProtobuf)
            .WithHttpHealthCheck("/health")
            .WithRestartOnCrash();
        return managementUri switch
        {
            EndpointReference endpoint => project.WithEnvironment("Messaging__ManagementUri", endpoint),
            string { Length: > 0 } uri => project.WithEnvironment("Messaging__ManagementUri", uri),
            _ => project,
        };
    }

    /// <summary>
    /// The token service by service discovery (<c>services__identity__http__0</c>, so <c>Seomin:Identity:Authority</c>'s
    /// default <c>http://identity</c> resolves) and the issuer every token carries (<see cref="AppHostSettings.Issuer"/>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTokenService(this IResourceBuilder<ProjectResource> project, IResourceBuilder<ProjectResource> identity) =>
        project
            .WithReference(identity)
            .WithEnvironment("Seomin__Identity__Issuer", AppHostSettings.Issuer);
}

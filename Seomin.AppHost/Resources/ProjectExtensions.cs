using Seomin.AppHost.Operations;

namespace Seomin.AppHost.Resources;

internal static class ProjectExtensions
{
    /// <summary>
    /// What every Seomin service needs besides its references: Development settings, the data folder for its
    /// development keys (<c>SEOMIN_DATA_DIR</c>), the broker's management API, telemetry over OTLP HTTP/protobuf
    /// (ServiceDefaults exports that), a health check and the restart policy.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AsSeominService(
        this IResourceBuilder<ProjectResource> project, AppHostSettings settings, object managementUri, bool ownEndpoint = true)
    {
        if (ownEndpoint)
        {
            project.WithHttpEndpoint(name: "http");
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
}

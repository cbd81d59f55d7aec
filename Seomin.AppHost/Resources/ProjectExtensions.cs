using System.Reflection;
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
            .RunBuiltExecutable()
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
    /// Starts the project's built executable (<c>bin/&lt;configuration&gt;/net10.0/&lt;assembly&gt;</c>, what <c>dotnet run
    /// --no-build</c> ends up starting) instead of <c>dotnet run</c>: that evaluates the project with MSBuild at every
    /// start and restart, about 4 s of CPU per process on this machine, 32 s for the platform's eight
    /// (docs/benchmarks/apphost.md). Aspire launches a project resource carrying an <see cref="ExecutableAnnotation"/>
    /// with that command, the same environment and working directory. The AppHost's build builds the projects it
    /// references, as <c>--no-build</c> assumed; when the executable is not there, <c>dotnet run</c> stays.
    /// </summary>
    public static IResourceBuilder<ProjectResource> RunBuiltExecutable(this IResourceBuilder<ProjectResource> project)
    {
        var projectPath = project.Resource.GetProjectMetadata().ProjectPath;
        var directory = Path.GetDirectoryName(projectPath)!;
        var executable = Path.Combine(directory, "bin", BuildConfiguration, "net10.0", Path.GetFileNameWithoutExtension(projectPath));
        return File.Exists(executable)
            ? project.WithAnnotation(new ExecutableAnnotation { Command = executable, WorkingDirectory = directory }, ResourceAnnotationMutationBehavior.Replace)
            : project;
    }

    private static string BuildConfiguration =>
        typeof(ProjectExtensions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>
    /// The token service by service discovery (<c>services__identity__http__0</c>, so <c>Seomin:Identity:Authority</c>'s
    /// default <c>http://identity</c> resolves) and the issuer every token carries (<see cref="AppHostSettings.Issuer"/>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithTokenService(this IResourceBuilder<ProjectResource> project, IResourceBuilder<ProjectResource> identity) =>
        project
            .WithReference(identity)
            .WithEnvironment("Seomin__Identity__Issuer", AppHostSettings.Issuer);
}

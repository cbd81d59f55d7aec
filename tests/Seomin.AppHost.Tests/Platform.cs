using System.Globalization;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace Seomin.AppHost.Tests;

/// <summary>What the tests read from a running platform: resources, their states and their processes.</summary>
internal static class Platform
{
    public static readonly string[] AllResources =
    [
        ResourceNames.Postgres, ResourceNames.GuaranteeDb, ResourceNames.SubrogationDb, ResourceNames.ContributionsDb,
        ResourceNames.DormantDb, ResourceNames.CounselingDb, ResourceNames.GatewayDb, ResourceNames.Messaging,
        ResourceNames.MessagingEpmd, ResourceNames.Identity, ResourceNames.Guarantee, ResourceNames.Counseling, ResourceNames.Gateway,
    ];

    public static CustomResourceSnapshot Snapshot(this DistributedApplication app, string resource)
    {
        var id = ResourceId(app, resource);
        return app.ResourceNotifications.TryGetCurrentState(id, out var e)
            ? e.Snapshot
            : throw new InvalidOperationException($"No state for resource {resource}.");
    }

    /// <summary>The DCP instance name of a resource (one replica each here).</summary>
    public static string ResourceId(this DistributedApplication app, string resource)
    {
        return app.ResourceNotifications.TryGetCurrentState(resource, out var e)
            ? e.ResourceId
            : throw new InvalidOperationException($"No resource {resource}.");
    }

    /// <summary>The process DCP started for an executable or project resource.</summary>
    public static int ProcessId(this DistributedApplication app, string resource)
    {
        var pid = app.Snapshot(resource).Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value;
        return pid is null
            ? throw new InvalidOperationException($"Resource {resource} has no process id.")
            : Convert.ToInt32(pid, CultureInfo.InvariantCulture);
    }

    public static int Restarts(this DistributedApplication app, string resource) =>
        app.Snapshot(resource).Properties.FirstOrDefault(p => p.Name == "seomin.restarts")?.Value is { } value
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : 0;

    public static bool IsHealthy(this DistributedApplication app, string resource)
    {
        var snapshot = app.Snapshot(resource);
        return snapshot.State?.Text == KnownResourceStates.Running
            && snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy;
    }
}

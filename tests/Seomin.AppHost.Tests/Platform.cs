using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Seomin.AppHost.Tests;

/// <summary>What the tests read from a running platform: resources, their states and their processes.</summary>
internal static class Platform
{
    public static readonly string[] AllResources =
    [
        ResourceNames.Postgres, ResourceNames.GuaranteeDb, ResourceNames.SubrogationDb, ResourceNames.ContributionsDb,
        ResourceNames.DormantDb, ResourceNames.CounselingDb, ResourceNames.GatewayDb, ResourceNames.Messaging,
        ResourceNames.MessagingEpmd, ResourceNames.Quotas, ResourceNames.Identity, ResourceNames.Guarantee, ResourceNames.Counseling, ResourceNames.Subrogation,
        ResourceNames.Contributions, ResourceNames.DormantAssets, ResourceNames.Gateway,
    ];

    /// <summary>The state of a resource: of its only instance, or of its first replica.</summary>
    public static CustomResourceSnapshot Snapshot(this DistributedApplication app, string resource) =>
        app.ResourceNotifications.TryGetCurrentState(app.ResourceId(resource), out var e)
            ? e.Snapshot
            : throw new InvalidOperationException($"No state for resource {resource}.");

    private static readonly ConditionalWeakTable<DistributedApplication, ConcurrentDictionary<string, string>> Instances = [];

    /// <summary>The DCP instance names of a resource: one, or one per replica (the gateway runs two).</summary>
    public static IReadOnlyList<string> ResourceIds(this DistributedApplication app, string resource)
    {
        var instances = Instances.GetValue(app, Watch);
        var ids = instances.Where(i => i.Value == resource).Select(i => i.Key).Order(StringComparer.Ordinal).ToList();
        return ids.Count > 0 ? ids : [resource];
    }

    /// <summary>
    /// Instance name → resource name, kept up to date from the notifications (Aspire's own mapping is internal). The
    /// watch replays every current state first, which is awaited here once per application.
    /// </summary>
    private static ConcurrentDictionary<string, string> Watch(DistributedApplication app)
    {
        var instances = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var stopping = app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var resources = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Count;
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in app.ResourceNotifications.WatchAsync(stopping))
                {
                    instances[e.ResourceId] = e.Resource.Name;
                }
            }
            catch (OperationCanceledException)
            {
                // The application stopped.
            }
        }, stopping);
        var until = DateTime.UtcNow.AddSeconds(2);
        while (instances.Count < resources && DateTime.UtcNow < until)
        {
            Thread.Sleep(20);
        }

        return instances;
    }

    /// <summary>The DCP instance name of a resource (its first replica when it has several).</summary>
    public static string ResourceId(this DistributedApplication app, string resource)
    {
        var id = app.ResourceIds(resource)[0];
        return app.ResourceNotifications.TryGetCurrentState(id, out var e)
            ? e.ResourceId
            : throw new InvalidOperationException($"No resource {resource}.");
    }

    /// <summary>The process DCP started for an executable or project resource (its first replica).</summary>
    public static int ProcessId(this DistributedApplication app, string resource) => app.ProcessIds(resource)[0];

    /// <summary>The processes DCP started for each replica of a resource (none for a resource without a process).</summary>
    public static IReadOnlyList<int> ProcessIds(this DistributedApplication app, string resource)
    {
        var pids = new List<int>();
        foreach (var id in app.ResourceIds(resource))
        {
            if (app.ResourceNotifications.TryGetCurrentState(id, out var e)
                && e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid)
            {
                pids.Add(Convert.ToInt32(pid, CultureInfo.InvariantCulture));
            }
        }

        return pids.Count > 0 ? pids : throw new InvalidOperationException($"Resource {resource} has no process id.");
    }

    public static bool HasProcess(this DistributedApplication app, string resource) =>
        app.ResourceIds(resource).Any(id => app.ResourceNotifications.TryGetCurrentState(id, out var e)
            && e.Snapshot.Properties.Any(p => p.Name == "executable.pid"));

    public static int Restarts(this DistributedApplication app, string resource) =>
        app.Snapshot(resource).Properties.FirstOrDefault(p => p.Name == "seomin.restarts")?.Value is { } value
            ? Convert.ToInt32(value, CultureInfo.InvariantCulture)
            : 0;

    /// <summary>Running and healthy, every replica of it.</summary>
    public static bool IsHealthy(this DistributedApplication app, string resource) =>
        app.ResourceIds(resource).All(id =>
            app.ResourceNotifications.TryGetCurrentState(id, out var e)
            && e.Snapshot.State?.Text == KnownResourceStates.Running
            && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy);
}

using System.Collections.ObjectModel;

namespace Seomin.AppHost.Hosting;

/// <summary>A named endpoint of a resource, e.g. <c>http</c> or <c>management</c>.</summary>
public sealed record ResourceEndpoint(string Name, string Url, bool IsExternal = false);

/// <summary>A resource that other resources reach with a connection string (Aspire's IResourceWithConnectionString).</summary>
public interface IResourceWithConnectionString
{
    string Name { get; }

    /// <summary>The connection string once the resource has started (credentials and ports are known then).</summary>
    string? ConnectionString { get; }
}

/// <summary>
/// One node of the application model: a server, a database or a project. Each kind knows how to start,
/// stop and health-check itself; the orchestrator decides when.
/// </summary>
public abstract class Resource
{
    private static readonly IReadOnlyDictionary<string, string> NoEnvironment = ReadOnlyDictionary<string, string>.Empty;

    protected Resource(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public string Name { get; }

    /// <summary>The type shown by the State API and the dashboard.</summary>
    public abstract string Type { get; }

    internal List<Resource> WaitsFor { get; } = [];

    internal List<Resource> References { get; } = [];

    /// <summary>The resource this one lives in (a database's server); it is always waited for.</summary>
    internal Resource? Parent { get; init; }

    internal IEnumerable<Resource> Dependencies =>
        (Parent is null ? WaitsFor : WaitsFor.Append(Parent)).Distinct();

    /// <summary>Whether a crashed process is started again (projects; servers are not restarted behind the operator's back).</summary>
    internal virtual bool RestartOnCrash => false;

    internal virtual IReadOnlyList<ResourceEndpoint> GetEndpoints(ResourceContext context) => [];

    /// <summary>Ports the resource will listen on, checked before anything starts.</summary>
    internal virtual IReadOnlyList<int> GetListenPorts(ResourceContext context) => [];

    /// <summary>The environment the resource's process gets (shown masked by the State API).</summary>
    internal virtual IReadOnlyDictionary<string, string> GetEnvironment(ResourceContext context) => NoEnvironment;

    /// <summary>One-time preparation before the first start (build output, data folders, configuration files).</summary>
    internal virtual Task PrepareAsync(ResourceContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Starts the resource; returns its process, or null when nothing runs locally (database, external server).</summary>
    internal abstract Task<ChildProcess?> StartAsync(ResourceContext context, CancellationToken cancellationToken);

    internal virtual Task StopAsync(ChildProcess? process, ResourceContext context) =>
        process?.StopAsync(TimeSpan.FromSeconds(10)) ?? Task.CompletedTask;

    internal abstract Task<bool> CheckHealthAsync(ResourceContext context, CancellationToken cancellationToken);
}

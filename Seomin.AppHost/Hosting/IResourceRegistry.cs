namespace Seomin.AppHost.Hosting;

/// <summary>A point-in-time view of one resource for the State API and the dashboard.</summary>
public sealed record ResourceSnapshot(
    string Name,
    string Type,
    string State,
    string? Health,
    IReadOnlyList<ResourceEndpoint> Endpoints,
    DateTimeOffset? StartedAt,
    int RestartCount,
    IReadOnlyDictionary<string, string> Environment,
    int? ProcessId,
    IReadOnlyList<string> DependsOn);

/// <summary>Resource states, as Aspire names them.</summary>
public static class ResourceStates
{
    public const string NotStarted = "NotStarted";
    public const string Waiting = "Waiting";
    public const string Starting = "Starting";
    public const string Running = "Running";
    public const string Stopping = "Stopping";
    public const string Exited = "Exited";
    public const string FailedToStart = "FailedToStart";
}

/// <summary>Health values; null while unknown.</summary>
public static class HealthStates
{
    public const string Healthy = "Healthy";
    public const string Unhealthy = "Unhealthy";
}

/// <summary>Resource commands the State API accepts.</summary>
public static class ResourceCommands
{
    public const string Start = "start";
    public const string Stop = "stop";
    public const string Restart = "restart";
}

/// <summary>The running resource model as the dashboard and tests see it (registered in the dashboard web app's DI).</summary>
public interface IResourceRegistry
{
    IReadOnlyList<ResourceSnapshot> GetResources();

    ResourceSnapshot? GetResource(string name);

    /// <summary>Console lines with a sequence number above <paramref name="after"/>; null if the resource is unknown.</summary>
    IReadOnlyList<ConsoleLine>? GetConsole(string name, long after);

    /// <summary>Runs start, stop or restart; false if the resource or command is unknown.</summary>
    Task<bool> ExecuteCommandAsync(string name, string command, CancellationToken cancellationToken);
}

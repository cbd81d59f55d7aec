using System.Collections.Concurrent;
using Seomin.AppHost.Hosting;

namespace Seomin.AppHost.Tests.Dashboard;

/// <summary>An in-memory resource registry behind the real State API, for browser tests of the dashboard alone.</summary>
internal sealed class FakeResourceRegistry : IResourceRegistry
{
    private readonly ConcurrentDictionary<string, ResourceSnapshot> _resources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<ConsoleLine>> _console = new(StringComparer.Ordinal);
    private long _seq;

    public FakeResourceRegistry(params (string Name, string Type, string Url)[] resources)
    {
        foreach (var (name, type, url) in resources)
        {
            _resources[name] = new ResourceSnapshot(
                name, type, ResourceStates.Running, HealthStates.Healthy, [new ResourceEndpoint("http", url)], DateTimeOffset.UtcNow.AddMinutes(-5), 0,
                new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["ConnectionStrings__db"] = "Host=127.0.0.1;Password=****" },
                1000, []);
            _console[name] = [];
            Write(name, "stdout", $"{name} started");
        }
    }

    public int Commands { get; private set; }

    public void Write(string name, string stream, string text)
    {
        var list = _console[name];
        lock (list)
        {
            list.Add(new ConsoleLine(Interlocked.Increment(ref _seq), DateTimeOffset.UtcNow, stream, text));
        }
    }

    public IReadOnlyList<ResourceSnapshot> GetResources() => [.. _resources.Values.OrderBy(r => r.Name, StringComparer.Ordinal)];

    public ResourceSnapshot? GetResource(string name) => _resources.GetValueOrDefault(name);

    public IReadOnlyList<ConsoleLine>? GetConsole(string name, long after)
    {
        if (!_console.TryGetValue(name, out var list))
        {
            return null;
        }

        lock (list)
        {
            return [.. list.Where(l => l.Seq > after)];
        }
    }

    public Task<bool> ExecuteCommandAsync(string name, string command, CancellationToken cancellationToken)
    {
        if (!_resources.TryGetValue(name, out var current))
        {
            return Task.FromResult(false);
        }

        Commands++;
        _resources[name] = command switch
        {
            ResourceCommands.Restart => current with { RestartCount = current.RestartCount + 1, StartedAt = DateTimeOffset.UtcNow },
            ResourceCommands.Stop => current with { State = ResourceStates.Exited, Health = null },
            _ => current with { State = ResourceStates.Running, Health = HealthStates.Healthy, StartedAt = DateTimeOffset.UtcNow },
        };
        Write(name, "stdout", $"{name} {command}");
        return Task.FromResult(true);
    }
}

using System.Net;
using System.Net.Sockets;

namespace Seomin.AppHost.Hosting;

/// <summary>A port needed by a resource is taken by another process.</summary>
public sealed class PortInUseException(string resource, int port)
    : Exception($"Port {port} needed by resource '{resource}' is already in use. Stop the process using it, or set AppHost:Ports:{resource} to another port.")
{
    public string Resource { get; } = resource;

    public int Port { get; } = port;
}

/// <summary>
/// Starts resources in dependency order (WaitFor = running and healthy), watches their health, restarts crashed
/// projects with exponential backoff, runs operator commands, and stops everything dependents-first.
/// </summary>
internal sealed partial class Orchestrator : IResourceRegistry, IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly Dictionary<string, Runtime> _runtimes;
    private readonly List<Runtime> _ordered;
    private readonly AppHostOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly CancellationTokenSource _shutdown = new();
    private readonly Lock _consoleGate = new();
    private bool _stopped;

    public Orchestrator(IReadOnlyList<Resource> resources, AppHostOptions options, ILogger logger, TimeProvider time)
    {
        _options = options;
        _logger = logger;
        _time = time;
        _ordered = resources.Select(r => new Runtime(r)).ToList();
        _runtimes = _ordered.ToDictionary(r => r.Resource.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var runtime in _ordered)
        {
            var name = runtime.Resource.Name;
            var log = runtime.Log;
            runtime.Context = new ResourceContext(options, logger, _http, (stream, text) => Output(name, log, stream, text));
        }
    }

    /// <summary>
    /// Starts every resource in the background and returns: servers prepare and start at once while projects build
    /// one after another; each resource starts when what it waits for is healthy.
    /// </summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _shutdown.Token).Token;
        Task previousBuild = Task.CompletedTask;
        foreach (var runtime in _ordered)
        {
            if (runtime.Resource is ProjectResource)
            {
                // Builds run one at a time: parallel builds of projects sharing ServiceDefaults collide.
                var after = previousBuild;
                runtime.PrepareTask = Task.Run(
                    async () =>
                    {
                        await after;
                        await PrepareAsync(runtime, token);
                    },
                    token);
                previousBuild = runtime.PrepareTask.ContinueWith(_ => { }, TaskScheduler.Default);
            }
            else
            {
                runtime.PrepareTask = Task.Run(() => PrepareAsync(runtime, token), token);
            }
        }

        foreach (var runtime in _ordered)
        {
            runtime.StartupTask = RunStartupAsync(runtime, token);
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits until every resource is running and healthy; throws if one failed to start.</summary>
    public async Task WaitForAllHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        foreach (var runtime in _ordered)
        {
            await WaitForHealthyAsync(runtime.Resource.Name, timeout, cancellationToken);
        }
    }

    public async Task WaitForHealthyAsync(string name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var runtime = _runtimes[name];
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        while (!(runtime.State == ResourceStates.Running && runtime.Health == HealthStates.Healthy))
        {
            if (runtime.State == ResourceStates.FailedToStart)
            {
                throw new InvalidOperationException($"Resource '{name}' failed to start: {runtime.Error}");
            }

            try
            {
                await Task.Delay(100, cts.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"Resource '{name}' was not healthy within {timeout} (state {runtime.State}, health {runtime.Health ?? "unknown"}).");
            }
        }
    }

    public IReadOnlyList<ResourceSnapshot> GetResources() => _ordered.Select(Snapshot).ToList();

    public ResourceSnapshot? GetResource(string name) => _runtimes.TryGetValue(name, out var r) ? Snapshot(r) : null;

    public IReadOnlyList<ConsoleLine>? GetConsole(string name, long after) =>
        _runtimes.TryGetValue(name, out var r) ? r.Log.After(after) : null;

    public string? GetConnectionString(string name) =>
        _runtimes.TryGetValue(name, out var r) && r.Resource is IResourceWithConnectionString c ? c.ConnectionString : null;

    public IReadOnlyList<ResourceEndpoint> GetEndpoints(string name) =>
        _runtimes.TryGetValue(name, out var r) ? r.Resource.GetEndpoints(r.Context) : [];

    public async Task<bool> ExecuteCommandAsync(string name, string command, CancellationToken cancellationToken)
    {
        if (!_runtimes.TryGetValue(name, out var runtime) || _stopped)
        {
            return false;
        }

        switch (command.ToLowerInvariant())
        {
            case ResourceCommands.Stop:
                await StopOneAsync(runtime);
                return true;
            case ResourceCommands.Start:
                await StartOnceAsync(runtime, isRestart: false);
                return true;
            case ResourceCommands.Restart:
                await StopOneAsync(runtime);
                await StartOnceAsync(runtime, isRestart: false);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Stops every resource after all resources that depend on it have stopped (projects, then broker and database).</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _shutdown.CancelAsync();
        var tasks = new Dictionary<Runtime, Task>();
        Task StopInOrder(Runtime runtime)
        {
            if (!tasks.TryGetValue(runtime, out var task))
            {
                // Dependents stop first; the database outlives the broker, so consumers can still write while they drain.
                var dependents = _ordered
                    .Where(r => r.Resource.Dependencies.Contains(runtime.Resource) || r.Resource.References.Contains(runtime.Resource)
                                || (runtime.Resource is PostgresServerResource && r.Resource is RabbitMQServerResource))
                    .Select(StopInOrder)
                    .ToList();
                task = Task.WhenAll(dependents).ContinueWith(_ => StopOneAsync(runtime), TaskScheduler.Default).Unwrap();
                tasks[runtime] = task;
            }

            return task;
        }

        await Task.WhenAll(_ordered.Select(StopInOrder).ToList());
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _http.Dispose();
        _shutdown.Dispose();
    }

    private async Task PrepareAsync(Runtime runtime, CancellationToken cancellationToken)
    {
        try
        {
            await runtime.Resource.PrepareAsync(runtime.Context, cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or TimeoutException or UnauthorizedAccessException)
        {
            runtime.Fail(ex.Message);
            Log.ResourceFailed(_logger, runtime.Resource.Name, ex.Message);
        }
    }

    private async Task RunStartupAsync(Runtime runtime, CancellationToken cancellationToken)
    {
        runtime.State = ResourceStates.Waiting;
        try
        {
            await runtime.PrepareTask!;
            if (runtime.State == ResourceStates.FailedToStart)
            {
                return;
            }

            foreach (var port in runtime.Resource.GetListenPorts(runtime.Context))
            {
                EnsurePortFree(runtime.Resource.Name, port);
            }

            foreach (var dependency in runtime.Resource.Dependencies)
            {
                await WaitForHealthyAsync(dependency.Name, Timeout.InfiniteTimeSpan, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (PortInUseException ex)
        {
            runtime.Fail(ex.Message);
            Log.ResourceFailed(_logger, runtime.Resource.Name, ex.Message);
            return;
        }
        catch (InvalidOperationException ex)
        {
            runtime.Fail($"a dependency failed: {ex.Message}");
            return;
        }

        await StartOnceAsync(runtime, isRestart: false);
    }

    private async Task StartOnceAsync(Runtime runtime, bool isRestart)
    {
        await runtime.Gate.WaitAsync();
        try
        {
            if (runtime.State is ResourceStates.Running or ResourceStates.Starting || _stopped)
            {
                return;
            }

            runtime.StopRequested = false;
            runtime.State = ResourceStates.Starting;
            runtime.Health = null;
            ChildProcess? process;
            try
            {
                process = await runtime.Resource.StartAsync(runtime.Context, _shutdown.Token);
            }
            catch (Exception ex) when (ex is InvalidOperationException or IOException or TimeoutException or System.ComponentModel.Win32Exception)
            {
                runtime.Fail(ex.Message);
                Log.ResourceFailed(_logger, runtime.Resource.Name, ex.Message);
                return;
            }
            catch (OperationCanceledException)
            {
                runtime.State = ResourceStates.Exited;
                return;
            }

            runtime.Process?.Dispose();
            runtime.Process = process;
            runtime.StartedAt = _time.GetUtcNow();
            runtime.Environment = runtime.Resource.GetEnvironment(runtime.Context);
            runtime.State = ResourceStates.Running;
            runtime.Monitor?.Dispose();
            runtime.Monitor = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);
            Log.ResourceStarted(_logger, runtime.Resource.Name, process?.Pid ?? 0, isRestart);
            _ = MonitorAsync(runtime, process, runtime.Monitor.Token);
        }
        finally
        {
            runtime.Gate.Release();
        }
    }

    private async Task MonitorAsync(Runtime runtime, ChildProcess? process, CancellationToken cancellationToken)
    {
        var exited = process?.Exited ?? Task.Delay(Timeout.Infinite, cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var healthy = await runtime.Resource.CheckHealthAsync(runtime.Context, cancellationToken);
                if (!exited.IsCompleted && !cancellationToken.IsCancellationRequested)
                {
                    var health = healthy ? HealthStates.Healthy : HealthStates.Unhealthy;
                    if (health != runtime.Health && (healthy || runtime.Health is not null))
                    {
                        Log.ResourceHealthChanged(_logger, runtime.Resource.Name, health);
                    }

                    runtime.Health = health;
                }

                var delay = healthy ? TimeSpan.FromSeconds(5) : TimeSpan.FromMilliseconds(500);
                await Task.WhenAny(exited, Task.Delay(delay, cancellationToken));
                if (exited.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (cancellationToken.IsCancellationRequested || runtime.StopRequested || process is null)
        {
            return;
        }

        await OnCrashAsync(runtime, process);
    }

    private async Task OnCrashAsync(Runtime runtime, ChildProcess process)
    {
        var code = await process.Exited;
        runtime.State = ResourceStates.Exited;
        runtime.Health = null;
        var ranFor = _time.GetUtcNow() - (runtime.StartedAt ?? _time.GetUtcNow());
        Log.ResourceExited(_logger, runtime.Resource.Name, code);
        if (!runtime.Resource.RestartOnCrash || _stopped)
        {
            return;
        }

        // A process that ran for a while before crashing starts over at the shortest delay.
        runtime.ConsecutiveCrashes = ranFor > TimeSpan.FromMinutes(1) ? 1 : runtime.ConsecutiveCrashes + 1;
        var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, runtime.ConsecutiveCrashes - 1)));
        Log.ResourceRestarting(_logger, runtime.Resource.Name, backoff.TotalSeconds);
        try
        {
            await Task.Delay(backoff, _shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            return;
        }

        if (runtime.StopRequested || runtime.State != ResourceStates.Exited)
        {
            return;
        }

        runtime.RestartCount++;
        await StartOnceAsync(runtime, isRestart: true);
    }

    private async Task StopOneAsync(Runtime runtime)
    {
        await runtime.Gate.WaitAsync();
        try
        {
            runtime.StopRequested = true;
            if (runtime.Monitor is { } monitor)
            {
                await monitor.CancelAsync();
            }

            if (runtime.State is ResourceStates.NotStarted or ResourceStates.FailedToStart)
            {
                return;
            }

            runtime.State = ResourceStates.Stopping;
            await runtime.Resource.StopAsync(runtime.Process, runtime.Context);
            runtime.State = ResourceStates.Exited;
            runtime.Health = null;
            Log.ResourceStopped(_logger, runtime.Resource.Name);
        }
        finally
        {
            runtime.Gate.Release();
        }
    }

    private ResourceSnapshot Snapshot(Runtime runtime) => new(
        runtime.Resource.Name,
        runtime.Resource.Type,
        runtime.State,
        runtime.Health,
        runtime.Resource.GetEndpoints(runtime.Context),
        runtime.StartedAt,
        runtime.RestartCount,
        SecretMasker.Mask(runtime.Environment),
        runtime.State is ResourceStates.Running or ResourceStates.Stopping ? runtime.Process?.Pid : null,
        runtime.Resource.Dependencies.Select(d => d.Name).ToList());

    private void Output(string name, ConsoleLogBuffer log, string stream, string text)
    {
        log.Add(stream, text, _time.GetUtcNow());
        if (_options.EchoConsole)
        {
            lock (_consoleGate)
            {
                Console.Out.WriteLine($"[{name}] {text}");
            }
        }
    }

    private static void EnsurePortFree(string resource, int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Start();
            listener.Stop();
        }
        catch (SocketException)
        {
            throw new PortInUseException(resource, port);
        }
    }

    private sealed class Runtime(Resource resource)
    {
        public Resource Resource { get; } = resource;

        public ConsoleLogBuffer Log { get; } = new();

        public ResourceContext Context { get; set; } = null!;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public volatile string State = ResourceStates.NotStarted;

        public volatile string? Health;

        public string? Error { get; private set; }

        public ChildProcess? Process { get; set; }

        public DateTimeOffset? StartedAt { get; set; }

        public int RestartCount { get; set; }

        public int ConsecutiveCrashes { get; set; }

        public volatile bool StopRequested;

        public IReadOnlyDictionary<string, string> Environment { get; set; } = new Dictionary<string, string>();

        public CancellationTokenSource? Monitor { get; set; }

        public Task? StartupTask { get; set; }

        public Task? PrepareTask { get; set; }

        public void Fail(string error)
        {
            Error = error;
            State = ResourceStates.FailedToStart;
            Health = null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Resource {Resource} started (pid {Pid}, restart {IsRestart})")]
        public static partial void ResourceStarted(ILogger logger, string resource, int pid, bool isRestart);

        [LoggerMessage(2, LogLevel.Warning, "Resource {Resource} exited with code {ExitCode}")]
        public static partial void ResourceExited(ILogger logger, string resource, int exitCode);

        [LoggerMessage(3, LogLevel.Information, "Restarting resource {Resource} in {Seconds} s")]
        public static partial void ResourceRestarting(ILogger logger, string resource, double seconds);

        [LoggerMessage(4, LogLevel.Error, "Resource {Resource} failed to start: {Reason}")]
        public static partial void ResourceFailed(ILogger logger, string resource, string reason);

        [LoggerMessage(6, LogLevel.Information, "Resource {Resource} is {Health}")]
        public static partial void ResourceHealthChanged(ILogger logger, string resource, string health);

        [LoggerMessage(5, LogLevel.Information, "Resource {Resource} stopped")]
        public static partial void ResourceStopped(ILogger logger, string resource);
    }
}

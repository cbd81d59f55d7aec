using Seomin.LocalServers;

namespace Seomin.Testing;

/// <summary>
/// A private Redis server run the same way the AppHost runs its own (<see cref="RedisLocalServer"/>, without
/// persistence), or an external one given by <c>SEOMIN_TEST_REDIS</c> (a StackExchange.Redis connection string).
/// Tests isolate themselves by key (every quota key carries the client id or a per-host prefix).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly RedisServerSettings? _settings;
    private readonly string _password;
    private LocalServerProcess? _process;

    private RedisServer(string connectionString, RedisServerSettings? settings, int port, string password)
    {
        ConnectionString = connectionString;
        _settings = settings;
        Port = port;
        _password = password;
    }

    /// <summary>StackExchange.Redis connection string (<c>127.0.0.1:port,password=...</c>).</summary>
    public string ConnectionString { get; }

    public int Port { get; }

    /// <summary>True when this object started the server process (and can stop it).</summary>
    public bool IsOwned => _settings is not null;

    internal static Task<RedisServer> StartSharedAsync()
    {
        var external = Environment.GetEnvironmentVariable("SEOMIN_TEST_REDIS");
        return string.IsNullOrWhiteSpace(external)
            ? StartDedicatedAsync()
            : Task.FromResult(new RedisServer(external, null, 0, string.Empty));
    }

    /// <summary>Starts a private server on a free port in a temporary folder, for tests that stop and start it.</summary>
    public static async Task<RedisServer> StartDedicatedAsync()
    {
        // A free port found now can be taken by another process before the server binds it; try fresh ports.
        for (var attempt = 1; ; attempt++)
        {
            var settings = new RedisServerSettings(Path.Combine(Path.GetTempPath(), $"seomin-redis-{Guid.NewGuid():N}"), Persistent: false, MaxMemoryMegabytes: 64);
            var port = LocalPorts.Free();
            var password = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
            var server = new RedisServer(RedisLocalServer.ConnectionString(port, password), settings, port, password);
            try
            {
                await server.StartAsync();
                return server;
            }
            catch (TimeoutException) when (attempt < 3)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Starts the (stopped) private server again on the same port.</summary>
    public async Task StartAsync()
    {
        var settings = EnsureOwned();
        var command = RedisLocalServer.Prepare(settings);
        var log = Path.Combine(settings.RootDirectory, "server.log");
        _process = LocalServerProcess.Start(
            command,
            new Dictionary<string, string> { [RedisLocalServer.PortVariable] = $"{Port}", [RedisLocalServer.PasswordVariable] = _password },
            log);
        var process = _process;
        await Probe.UntilAsync(
            async () => process.HasExited
                ? throw new InvalidOperationException($"Redis exited; see {log}")
                : await RedisPing.IsReadyAsync(Port, _password, CancellationToken.None),
            $"Redis on port {Port} to answer PING (log: {log})",
            TimeSpan.FromSeconds(30));
    }

    /// <summary>Stops the private server (SIGTERM) and waits until its process is gone.</summary>
    public async Task StopAsync()
    {
        EnsureOwned();
        if (_process is not null)
        {
            await _process.StopAsync(TimeSpan.FromSeconds(30));
            await _process.DisposeAsync();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!IsOwned)
        {
            return;
        }

        await StopAsync();
        PostgresServer.TryDelete(_settings!.RootDirectory);
    }

    private RedisServerSettings EnsureOwned() =>
        _settings ?? throw new InvalidOperationException("This Redis server is external (SEOMIN_TEST_REDIS); use StartDedicatedAsync for outage tests.");
}

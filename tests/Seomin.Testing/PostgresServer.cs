using Npgsql;
using Seomin.LocalServers;

namespace Seomin.Testing;

/// <summary>
/// A private PostgreSQL cluster run the same way the AppHost runs its own (<see cref="PostgresLocalServer"/>), or an
/// external server given by <c>SEOMIN_TEST_POSTGRES</c>. Each test class creates its own database.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    // Throw-away clusters: durability off, more connections for parallel test classes.
    private static readonly string[] TestSettings =
        ["fsync=off", "synchronous_commit=off", "full_page_writes=off", "shared_buffers=64MB"];

    private readonly PostgresServerSettings? _settings;
    private LocalServerProcess? _process;

    private PostgresServer(string adminConnectionString, PostgresServerSettings? settings, int port)
    {
        AdminConnectionString = adminConnectionString;
        _settings = settings;
        Port = port;
    }

    /// <summary>Superuser connection string to the <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; }

    public int Port { get; }

    /// <summary>True when this object started the server process (and can stop it).</summary>
    public bool IsOwned => _settings is not null;

    internal static Task<PostgresServer> StartSharedAsync()
    {
        var external = Environment.GetEnvironmentVariable("SEOMIN_TEST_POSTGRES");
        if (!string.IsNullOrWhiteSpace(external))
        {
            var b = new NpgsqlConnectionStringBuilder(external);
            return Task.FromResult(new PostgresServer(external, null, b.Port));
        }

        return StartDedicatedAsync();
    }

    /// <summary>Starts a private cluster on a free port in a temporary folder, for tests that stop and start it.</summary>
    public static async Task<PostgresServer> StartDedicatedAsync()
    {
        // A free port found now can be taken by another process before the server binds it; try fresh ports.
        for (var attempt = 1; ; attempt++)
        {
            var settings = new PostgresServerSettings(
                Path.Combine(Path.GetTempPath(), $"seomin-pg-{Guid.NewGuid():N}"), HostAuthentication: "trust", TestSettings, NoSync: true);
            var port = LocalPorts.Free();
            var server = new PostgresServer(
                $"Host=127.0.0.1;Port={port};Username={PostgresLocalServer.SuperUser};Database=postgres;Pooling=true;Maximum Pool Size=50",
                settings,
                port);
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

    /// <summary>Starts the (stopped) private cluster again on the same port with the same data.</summary>
    public async Task StartAsync()
    {
        var settings = EnsureOwned();
        var command = PostgresLocalServer.Prepare(settings);
        var log = Path.Combine(settings.RootDirectory, "server.log");
        _process = LocalServerProcess.Start(command, new Dictionary<string, string> { [PostgresLocalServer.PortVariable] = $"{Port}" }, log);
        var process = _process;
        await Probe.UntilAsync(
            async () => process.HasExited ? throw new InvalidOperationException($"PostgreSQL exited; see {log}") : await CanConnectAsync(),
            $"PostgreSQL on port {Port} to accept connections (log: {log})",
            TimeSpan.FromSeconds(90));
    }

    /// <summary>Stops the private cluster (fast shutdown: open connections are cut).</summary>
    public async Task StopAsync()
    {
        EnsureOwned();
        NpgsqlConnection.ClearAllPools();
        if (_process is not null)
        {
            await _process.StopAsync(TimeSpan.FromSeconds(60));
            await _process.DisposeAsync();
            _process = null;
        }
    }

    /// <summary>Creates a new empty database and returns a connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{Sanitize(prefix)}_{Guid.NewGuid():N}";
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (!IsOwned)
        {
            return;
        }

        await StopAsync();
        TryDelete(_settings!.RootDirectory);
    }

    private async Task<bool> CanConnectAsync()
    {
        try
        {
            await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(AdminConnectionString) { Pooling = false, Timeout = 3 }.ConnectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private PostgresServerSettings EnsureOwned() =>
        _settings ?? throw new InvalidOperationException("This PostgreSQL server is external (SEOMIN_TEST_POSTGRES); use StartDedicatedAsync for outage tests.");

    private static string Sanitize(string prefix)
    {
        var chars = prefix.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').Take(24).ToArray();
        return chars.Length == 0 ? "db" : new string(chars);
    }

    internal static void TryDelete(string dir)
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

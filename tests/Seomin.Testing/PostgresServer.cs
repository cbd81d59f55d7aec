using Npgsql;

namespace Seomin.Testing;

/// <summary>
/// A private PostgreSQL cluster run from Debian's binaries (as the <c>postgres</c> user when root), or an
/// external server given by <c>SEOMIN_TEST_POSTGRES</c>. Each test class creates its own database.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private readonly string? _dataDir;
    private bool _running;

    private PostgresServer(string adminConnectionString, string? dataDir, int port)
    {
        AdminConnectionString = adminConnectionString;
        _dataDir = dataDir;
        Port = port;
    }

    /// <summary>Superuser connection string to the <c>postgres</c> database.</summary>
    public string AdminConnectionString { get; }

    public int Port { get; }

    /// <summary>True when this object started the server process (and can stop it).</summary>
    public bool IsOwned => _dataDir is not null;

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
            var server = await CreateDedicatedAsync();
            try
            {
                await server.StartAsync();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                await server.DisposeAsync();
            }
        }
    }

    private static async Task<PostgresServer> CreateDedicatedAsync()
    {
        var bin = ServerBinaries.PostgresBin;
        var dir = Path.Combine(Path.GetTempPath(), $"seomin-pg-{Guid.NewGuid():N}");
        var dataDir = Path.Combine(dir, "data");
        await ServerBinaries.CreateOwnedDirectoryAsync(dir, "postgres");

        var (code, output) = await ServerBinaries.RunAsync(
            ServerBinaries.As("postgres", Path.Combine(bin, "initdb"),
                ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]),
            TimeSpan.FromMinutes(2));
        if (code != 0)
        {
            throw new InvalidOperationException($"initdb failed: {output}");
        }

        var port = ServerBinaries.FreePort();
        var server = new PostgresServer(
            $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50",
            dataDir,
            port);
        ServerBinaries.StartWatchdog(
            $"runuser -u postgres -- {bin}/pg_ctl -D {dataDir} -m immediate stop >/dev/null 2>&1 || {bin}/pg_ctl -D {dataDir} -m immediate stop; rm -rf {dir}");
        return server;
    }

    /// <summary>Starts the (stopped) private cluster again on the same port with the same data.</summary>
    public async Task StartAsync()
    {
        EnsureOwned();
        var options = $"-p {Port} -k {_dataDir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                      "-c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB";
        var (code, output) = await ServerBinaries.RunAsync(
            ServerBinaries.As("postgres", Path.Combine(ServerBinaries.PostgresBin, "pg_ctl"),
                ["-D", _dataDir!, "-o", options, "-l", Path.Combine(_dataDir!, "server.log"), "-w", "-t", "60", "start"]),
            TimeSpan.FromSeconds(90));
        if (code != 0)
        {
            throw new InvalidOperationException($"pg_ctl start failed: {output}");
        }

        _running = true;
    }

    /// <summary>Stops the private cluster (fast shutdown: open connections are cut).</summary>
    public async Task StopAsync()
    {
        EnsureOwned();
        NpgsqlConnection.ClearAllPools();
        var (code, output) = await ServerBinaries.RunAsync(
            ServerBinaries.As("postgres", Path.Combine(ServerBinaries.PostgresBin, "pg_ctl"),
                ["-D", _dataDir!, "-m", "fast", "-w", "stop"]),
            TimeSpan.FromSeconds(60));
        if (code != 0)
        {
            throw new InvalidOperationException($"pg_ctl stop failed: {output}");
        }

        _running = false;
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

        if (_running)
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Already stopped by the test; the folder is removed below either way.
            }
        }

        TryDelete(Path.GetDirectoryName(_dataDir)!);
    }

    private void EnsureOwned()
    {
        if (!IsOwned)
        {
            throw new InvalidOperationException("This PostgreSQL server is external (SEOMIN_TEST_POSTGRES); use StartDedicatedAsync for outage tests.");
        }
    }

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

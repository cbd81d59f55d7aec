using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Seomin.Testing;

/// <summary>
/// A private RabbitMQ node run from Debian's package (as the <c>rabbitmq</c> user when root) with the
/// management plug-in, or an external broker given by <c>SEOMIN_TEST_RABBITMQ</c> (amqp URI of an
/// administrator) and <c>SEOMIN_TEST_RABBITMQ_MANAGEMENT</c> (management base URL).
/// Each test class creates its own virtual host.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private readonly string? _baseDir;
    private readonly Dictionary<string, string> _environment = [];
    private readonly HttpClient _management;
    private bool _running;

    private RabbitMqServer(string host, int amqpPort, Uri managementUri, string userName, string password, string? baseDir)
    {
        Host = host;
        AmqpPort = amqpPort;
        ManagementUri = managementUri;
        UserName = userName;
        Password = password;
        _baseDir = baseDir;
        _management = new HttpClient { BaseAddress = managementUri, Timeout = TimeSpan.FromSeconds(10) };
        _management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}")));
    }

    public string Host { get; }

    public int AmqpPort { get; }

    /// <summary>Base URL of the management HTTP API, e.g. <c>http://127.0.0.1:15672/</c>.</summary>
    public Uri ManagementUri { get; }

    public string UserName { get; }

    public string Password { get; }

    public bool IsOwned => _baseDir is not null;

    internal static Task<RabbitMqServer> StartSharedAsync()
    {
        var external = Environment.GetEnvironmentVariable("SEOMIN_TEST_RABBITMQ");
        if (!string.IsNullOrWhiteSpace(external))
        {
            var uri = new Uri(external);
            var userInfo = Uri.UnescapeDataString(uri.UserInfo).Split(':', 2);
            var management = Environment.GetEnvironmentVariable("SEOMIN_TEST_RABBITMQ_MANAGEMENT")
                ?? $"http://{uri.Host}:15672/";
            return Task.FromResult(new RabbitMqServer(uri.Host, uri.Port, new Uri(management), userInfo[0], userInfo[1], null));
        }

        return StartDedicatedAsync();
    }

    /// <summary>Starts a private node on free ports in a temporary folder, for tests that stop and start it.</summary>
    public static async Task<RabbitMqServer> StartDedicatedAsync()
    {
        // A free port found now can be taken by another process before the node binds it; try fresh ports.
        for (var attempt = 1; ; attempt++)
        {
            var server = await CreateDedicatedAsync();
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

    private static async Task<RabbitMqServer> CreateDedicatedAsync()
    {
        _ = ServerBinaries.RabbitMqServer; // fails early with an install hint when RabbitMQ is missing
        var baseDir = Path.Combine(Path.GetTempPath(), $"seomin-rmq-{Guid.NewGuid():N}");
        var amqpPort = ServerBinaries.FreePort();
        var managementPort = ServerBinaries.FreePort();
        var distPort = ServerBinaries.FreePort();
        var epmdPort = ServerBinaries.FreePort();
        var password = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        var server = new RabbitMqServer("127.0.0.1", amqpPort, new Uri($"http://127.0.0.1:{managementPort}/"), "seomin", password, baseDir);

        Directory.CreateDirectory(baseDir);
        await File.WriteAllTextAsync(Path.Combine(baseDir, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{amqpPort}
            management.tcp.port = {managementPort}
            management.tcp.ip = 127.0.0.1
            default_user = seomin
            default_pass = {password}
            default_permissions.configure = .*
            default_permissions.read = .*
            default_permissions.write = .*
            loopback_users = none
            log.console = false
            log.file.level = warning
            """);
        await File.WriteAllTextAsync(Path.Combine(baseDir, "enabled_plugins"), "[rabbitmq_management].\n");
        await ServerBinaries.CreateOwnedDirectoryAsync(baseDir, "rabbitmq");

        var node = $"seomin{Guid.NewGuid():N}"[..16] + "@localhost";
        foreach (var (k, v) in new Dictionary<string, string>
        {
            ["HOME"] = baseDir,
            ["RABBITMQ_NODENAME"] = node,
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = amqpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = distPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ERL_EPMD_PORT"] = epmdPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(baseDir, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(baseDir, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(baseDir, "rabbitmq.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(baseDir, "enabled_plugins"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(baseDir, "rabbit.pid"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(baseDir, "rabbitmq-env.conf"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(baseDir, "advanced.config"),
        })
        {
            server._environment[k] = v;
        }

        ServerBinaries.StartWatchdog(
            $"kill -TERM $(cat {baseDir}/rabbit.pid 2>/dev/null) 2>/dev/null; sleep 3; " +
            $"kill -KILL $(cat {baseDir}/rabbit.pid 2>/dev/null) 2>/dev/null; epmd -port {epmdPort} -kill >/dev/null 2>&1; rm -rf {baseDir}");
        return server;
    }

    /// <summary>Starts the (stopped) private node again with the same ports and data.</summary>
    public async Task StartAsync()
    {
        EnsureOwned();
        var logPath = Path.Combine(_baseDir!, "console.log");
        ServerBinaries.StartDetached(ServerBinaries.As("rabbitmq", ServerBinaries.RabbitMqServer, [], _environment), logPath);
        _running = true;
        await Probe.UntilAsync(IsReadyAsync, $"RabbitMQ node on port {AmqpPort} to accept management requests (log: {logPath})",
            TimeSpan.FromSeconds(90));
    }

    /// <summary>Stops the private node and waits until its process is gone.</summary>
    public async Task StopAsync()
    {
        EnsureOwned();
        var pidFile = Path.Combine(_baseDir!, "rabbit.pid");
        if (File.Exists(pidFile) && int.TryParse((await File.ReadAllTextAsync(pidFile)).Trim(), out var pid))
        {
            using var kill = System.Diagnostics.Process.Start("kill", ["-TERM", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            await Probe.UntilAsync(() => Task.FromResult(!Directory.Exists($"/proc/{pid}")),
                $"RabbitMQ process {pid} to exit", TimeSpan.FromSeconds(60));
            File.Delete(pidFile);
        }

        _running = false;
    }

    /// <summary>Creates a new virtual host with full permissions and returns its amqp URI.</summary>
    public async Task<string> CreateVirtualHostAsync(string prefix)
    {
        var name = $"{new string(prefix.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit).Take(24).ToArray())}-{Guid.NewGuid():N}";
        var encoded = Uri.EscapeDataString(name);
        using (var response = await _management.PutAsJsonAsync($"api/vhosts/{encoded}", new { }))
        {
            response.EnsureSuccessStatusCode();
        }

        using (var response = await _management.PutAsJsonAsync(
            $"api/permissions/{encoded}/{Uri.EscapeDataString(UserName)}",
            new { configure = ".*", write = ".*", read = ".*" }))
        {
            response.EnsureSuccessStatusCode();
        }

        return $"amqp://{Uri.EscapeDataString(UserName)}:{Uri.EscapeDataString(Password)}@{Host}:{AmqpPort}/{encoded}";
    }

    public async ValueTask DisposeAsync()
    {
        if (IsOwned)
        {
            if (_running)
            {
                await StopAsync();
            }

            using var epmd = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("epmd", ["-port", _environment["ERL_EPMD_PORT"], "-kill"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (epmd is not null)
            {
                await epmd.WaitForExitAsync();
            }

            PostgresServer.TryDelete(_baseDir!);
        }

        _management.Dispose();
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            using var response = await _management.GetAsync("api/overview");
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private void EnsureOwned()
    {
        if (!IsOwned)
        {
            throw new InvalidOperationException("This RabbitMQ broker is external (SEOMIN_TEST_RABBITMQ); use StartDedicatedAsync for outage tests.");
        }
    }
}

using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Seomin.LocalServers;

namespace Seomin.Testing;

/// <summary>
/// A private RabbitMQ node run the same way the AppHost runs its own (<see cref="RabbitMqLocalServer"/>, with
/// its own port mapper), or an external broker given by <c>SEOMIN_TEST_RABBITMQ</c> (amqp URI of an
/// administrator) and <c>SEOMIN_TEST_RABBITMQ_MANAGEMENT</c> (management base URL).
/// Each test class creates its own virtual host.
/// </summary>
public sealed class RabbitMqServer : IAsyncDisposable
{
    private readonly string? _baseDir;
    private readonly Dictionary<string, string> _variables = [];
    private readonly HttpClient _management;
    private RabbitMqServerSettings? _settings;
    private LocalServerProcess? _epmd;
    private LocalServerProcess? _node;

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
            var server = CreateDedicated();
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

    private static RabbitMqServer CreateDedicated()
    {
        var baseDir = Path.Combine(Path.GetTempPath(), $"seomin-rmq-{Guid.NewGuid():N}");
        var amqpPort = LocalPorts.Free();
        var managementPort = LocalPorts.Free();
        var password = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var node = $"seomin{Guid.NewGuid():N}"[..16] + "@localhost";
        var server = new RabbitMqServer("127.0.0.1", amqpPort, new Uri($"http://127.0.0.1:{managementPort}/"), "seomin", password, baseDir)
        {
            _settings = new RabbitMqServerSettings(baseDir, node, "seomin"),
        };
        server._variables[RabbitMqLocalServer.PortVariable] = Text(amqpPort);
        server._variables[RabbitMqLocalServer.ManagementPortVariable] = Text(managementPort);
        server._variables[RabbitMqLocalServer.DistributionPortVariable] = Text(LocalPorts.Free());
        server._variables[RabbitMqLocalServer.EpmdPortVariable] = Text(LocalPorts.Free());
        server._variables[RabbitMqLocalServer.PasswordVariable] = password;
        return server;
    }

    /// <summary>Starts the (stopped) private node again with the same ports and data: its port mapper first, then the node.</summary>
    public async Task StartAsync()
    {
        EnsureOwned();
        var command = RabbitMqLocalServer.Prepare(_settings!);
        var epmdPort = int.Parse(_variables[RabbitMqLocalServer.EpmdPortVariable], CultureInfo.InvariantCulture);
        _epmd ??= LocalServerProcess.Start(RabbitMqLocalServer.EpmdCommand(epmdPort, _baseDir!), new Dictionary<string, string>(), Path.Combine(_baseDir!, "epmd.log"));
        await Probe.UntilAsync(() => LocalPorts.AcceptsConnectionsAsync(epmdPort, CancellationToken.None), $"epmd on port {epmdPort}", TimeSpan.FromSeconds(30));
        var logPath = Path.Combine(_baseDir!, "console.log");
        _node = LocalServerProcess.Start(command, _variables, logPath);
        await Probe.UntilAsync(IsReadyAsync, $"RabbitMQ node on port {AmqpPort} to accept management requests (log: {logPath})",
            TimeSpan.FromSeconds(90));
    }

    /// <summary>Stops the private node and waits until its process is gone.</summary>
    public async Task StopAsync()
    {
        EnsureOwned();
        if (_node is not null)
        {
            await _node.StopAsync(TimeSpan.FromSeconds(60));
            await _node.DisposeAsync();
            _node = null;
        }
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
            await StopAsync();
            if (_epmd is not null)
            {
                await _epmd.DisposeAsync();
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

    private static string Text(int port) => port.ToString(CultureInfo.InvariantCulture);
}

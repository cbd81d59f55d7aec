using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace Seomin.AppHost.Hosting;

/// <summary>
/// A private RabbitMQ node (its own node name, ports, data, logs and Erlang port mapper) with the management
/// plug-in and a generated user, or an external broker when <c>ConnectionStrings:messaging</c> is configured.
/// </summary>
public sealed class RabbitMQServerResource(string name) : Resource(name), IResourceWithConnectionString
{
    internal const string UserName = "seomin";
    private const string ServerUser = "rabbitmq";
    private string? _connectionString;
    private string? _password;

    public override string Type => "RabbitMQServer";

    public string? ConnectionString => _connectionString;

    public bool IsExternal { get; private set; }

    internal int Port { get; private set; }

    internal int ManagementPort { get; private set; }

    internal int DistributionPort { get; private set; }

    internal int EpmdPort { get; private set; }

    internal string ManagementUrl => $"http://127.0.0.1:{ManagementPort}/";

    internal override IReadOnlyList<int> GetListenPorts(ResourceContext context) =>
        IsExternal ? [] : [Port, ManagementPort, DistributionPort, EpmdPort];

    internal override IReadOnlyList<ResourceEndpoint> GetEndpoints(ResourceContext context)
    {
        if (_connectionString is null)
        {
            return [];
        }

        if (IsExternal)
        {
            var uri = new Uri(_connectionString);
            return [new ResourceEndpoint("tcp", $"amqp://{uri.Host}:{uri.Port}")];
        }

        return [new ResourceEndpoint("tcp", $"amqp://127.0.0.1:{Port}"), new ResourceEndpoint("management", ManagementUrl)];
    }

    internal override IReadOnlyDictionary<string, string> GetEnvironment(ResourceContext context) =>
        IsExternal || _password is null ? new Dictionary<string, string>() : Environment(context)
            .Where(e => e.Value is not null)
            .ToDictionary(e => e.Key, e => e.Value!);

    internal override async Task PrepareAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var external = context.Options.Configuration[$"ConnectionStrings:{Name}"];
        if (!string.IsNullOrWhiteSpace(external))
        {
            IsExternal = true;
            _connectionString = external;
            return;
        }

        Port = context.Options.GetPort(Name, 5673);
        ManagementPort = context.Options.GetPort(Name + "-management", 15673);
        DistributionPort = context.Options.GetPort(Name + "-dist", 25673);
        EpmdPort = context.Options.GetPort(Name + "-epmd", 4370);
        _password = context.GetOrCreatePassword(Name);
        _connectionString = $"amqp://{UserName}:{Uri.EscapeDataString(_password)}@127.0.0.1:{Port}/";

        var root = Root(context);
        Directory.CreateDirectory(Path.Combine(root, "mnesia"));
        Directory.CreateDirectory(Path.Combine(root, "log"));
        Directory.CreateDirectory(Path.Combine(root, "home"));
        await File.WriteAllTextAsync(Path.Combine(root, "enabled_plugins"), "[rabbitmq_management].\n", cancellationToken);
        // default_user/default_pass only seed an empty node: later starts keep the user created on the first.
        var config = new StringBuilder()
            .AppendLine(CultureInfo.InvariantCulture, $"listeners.tcp.default = 127.0.0.1:{Port}")
            .AppendLine(CultureInfo.InvariantCulture, $"management.tcp.port = {ManagementPort}")
            .AppendLine("management.tcp.ip = 127.0.0.1")
            .AppendLine(CultureInfo.InvariantCulture, $"default_user = {UserName}")
            .AppendLine(CultureInfo.InvariantCulture, $"default_pass = {_password}")
            .AppendLine("default_user_tags.administrator = true")
            .AppendLine("default_permissions.configure = .*")
            .AppendLine("default_permissions.read = .*")
            .AppendLine("default_permissions.write = .*")
            .AppendLine("loopback_users = none")
            .AppendLine("disk_free_limit.absolute = 50MB")
            .AppendLine("log.console = true")
            .AppendLine("log.console.level = warning")
            .AppendLine("log.file.level = info")
            .ToString();
        await File.WriteAllTextAsync(Path.Combine(root, "rabbitmq.conf"), config, cancellationToken);
        await context.EnsureOwnedDirectoryAsync(root, ServerUser, cancellationToken);
    }

    internal override async Task<ChildProcess?> StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        if (IsExternal)
        {
            return null;
        }

        var process = ChildProcess.Start(
            new ChildProcessSpec(
                "/usr/lib/rabbitmq/bin/rabbitmq-server",
                [],
                Root(context),
                Environment(context),
                ServerUser,
                WatchdogCleanup: $"ERL_EPMD_PORT={EpmdPort.ToString(CultureInfo.InvariantCulture)} epmd -kill >/dev/null 2>&1"),
            context.Output);
        var wait = Stopwatch.StartNew();
        while (!await CheckHealthAsync(context, cancellationToken))
        {
            if (process.Exited.IsCompleted)
            {
                throw new InvalidOperationException($"RabbitMQ for resource '{Name}' exited during start-up with code {process.Exited.Result}; see its console log.");
            }

            if (wait.Elapsed > TimeSpan.FromSeconds(90))
            {
                throw new TimeoutException($"RabbitMQ for resource '{Name}' was not ready within 90 s.");
            }

            await Task.Delay(250, cancellationToken);
        }

        return process;
    }

    internal override async Task StopAsync(ChildProcess? process, ResourceContext context)
    {
        if (process is null)
        {
            return;
        }

        await process.StopAsync(TimeSpan.FromSeconds(30));
        StopPortMapper();
    }

    internal override async Task<bool> CheckHealthAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        if (_connectionString is null)
        {
            return false;
        }

        var amqp = new Uri(_connectionString);
        try
        {
            using (var client = new TcpClient())
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                await client.ConnectAsync(amqp.Host, amqp.Port, timeout.Token);
            }

            if (IsExternal)
            {
                return true;
            }

            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(new Uri(ManagementUrl), "api/overview"));
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{UserName}:{_password}")));
            using var response = await context.Http.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is SocketException or HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private Dictionary<string, string?> Environment(ResourceContext context)
    {
        var root = Root(context);
        return new Dictionary<string, string?>
        {
            ["RABBITMQ_NODENAME"] = "seomin@localhost",
            ["RABBITMQ_NODE_IP_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
            ["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_PORT"] = EpmdPort.ToString(CultureInfo.InvariantCulture),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(root, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(root, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(root, "rabbitmq.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(root, "enabled_plugins"),
            ["RABBITMQ_CONF_ENV_FILE"] = Path.Combine(root, "rabbitmq-env.conf"),
            ["RABBITMQ_ADVANCED_CONFIG_FILE"] = Path.Combine(root, "advanced.config"),
            ["HOME"] = Path.Combine(root, "home"),
        };
    }

    /// <summary>
    /// The Erlang port mapper daemonises out of the node's process group; ours listens on a private port, so the
    /// daemon whose environment names that port is ours to stop.
    /// </summary>
    private void StopPortMapper()
    {
        var marker = $"ERL_EPMD_PORT={EpmdPort.ToString(CultureInfo.InvariantCulture)}";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var comm = File.ReadAllText(Path.Combine(dir, "comm")).Trim();
                if (comm != "epmd")
                {
                    continue;
                }

                var environ = File.ReadAllText(Path.Combine(dir, "environ")).Split('\0');
                if (environ.Contains(marker))
                {
                    NativeMethods.SignalProcess(pid, NativeMethods.SigTerm);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked at it.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours.
            }
        }
    }

    private string Root(ResourceContext context) => Path.Combine(context.Options.DataDirectory, Name);
}

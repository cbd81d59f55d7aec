namespace Seomin.LocalServers;

/// <summary>Settings of a private RabbitMQ node.</summary>
/// <param name="RootDirectory">The node's folder: config, mnesia, logs, HOME and the wrapper script.</param>
/// <param name="NodeName">Erlang node name, e.g. <c>seomin@localhost</c>; unique per node on the machine.</param>
/// <param name="UserName">The administrator created on the node's first start.</param>
public sealed record RabbitMqServerSettings(string RootDirectory, string NodeName = "seomin@localhost", string UserName = "seomin");

/// <summary>
/// Runs a private RabbitMQ node from Debian's package in the foreground through a wrapper script, as the
/// <c>rabbitmq</c> user (<c>setpriv</c> when root), with the management plug-in. The node does not start its own
/// <c>epmd -daemon</c> (<c>-start_epmd false</c>): the caller runs <see cref="EpmdCommand"/> beside it, so nothing
/// outlives a stop. Ports and the password come from variables at run time (<see cref="RequiredVariables"/>).
/// </summary>
public static class RabbitMqLocalServer
{
    /// <summary>AMQP port.</summary>
    public const string PortVariable = "PORT";

    /// <summary>Management HTTP API and UI port.</summary>
    public const string ManagementPortVariable = "RABBITMQ_MANAGEMENT_PORT";

    /// <summary>Erlang distribution port (otherwise AMQP port + 20000, which may not exist).</summary>
    public const string DistributionPortVariable = "RABBITMQ_DIST_PORT";

    /// <summary>The port of the Erlang port mapper the node registers with.</summary>
    public const string EpmdPortVariable = "ERL_EPMD_PORT";

    /// <summary>The administrator's password (hex).</summary>
    public const string PasswordVariable = "SEOMIN_RABBITMQ_PASSWORD";

    private const string ServiceUser = "rabbitmq";

    /// <summary>Every variable the wrapper script needs.</summary>
    public static IReadOnlyList<string> RequiredVariables { get; } =
        [PortVariable, ManagementPortVariable, DistributionPortVariable, EpmdPortVariable, PasswordVariable];

    /// <summary>Creates the folders, writes the wrapper script and returns how to run it.</summary>
    public static ServerCommand Prepare(RabbitMqServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var server = ServerBinaries.RabbitMqServer;
        var root = DataDirectory.EnsureWritable(settings.RootDirectory);
        var setpriv = ServerBinaries.IsRoot ? ServerBinaries.Setpriv : string.Empty;
        var q = PostgresLocalServer.Quote;
        var script = $$"""
            #!/bin/sh
            # Written by Seomin.LocalServers (RabbitMqLocalServer): a private RabbitMQ node in the foreground.
            set -eu
            root={{q(root)}}
            : "${{{PortVariable}}:?}" "${{{ManagementPortVariable}}:?}" "${{{DistributionPortVariable}}:?}" "${{{EpmdPortVariable}}:?}" "${{{PasswordVariable}}:?}"
            mkdir -p "$root/mnesia" "$root/log" "$root/home"
            umask 077
            # default_user/default_pass only seed an empty node: later starts keep the user of the first.
            cat > "$root/rabbitmq.conf" <<EOF
            listeners.tcp.default = 127.0.0.1:${{{PortVariable}}}
            management.tcp.port = ${{{ManagementPortVariable}}}
            management.tcp.ip = 127.0.0.1
            default_user = {{settings.UserName}}
            default_pass = ${{{PasswordVariable}}}
            default_user_tags.administrator = true
            default_permissions.configure = .*
            default_permissions.read = .*
            default_permissions.write = .*
            loopback_users = none
            disk_free_limit.absolute = 50MB
            log.console = true
            log.console.level = warning
            log.file.level = info
            EOF
            echo '[rabbitmq_management].' > "$root/enabled_plugins"
            as=""
            if [ "$(id -u)" = 0 ]; then
              chown -R {{ServiceUser}}:{{ServiceUser}} "$root"
              as="{{setpriv}} --reuid={{ServiceUser}} --regid={{ServiceUser}} --init-groups"
            fi
            unset {{PasswordVariable}}
            export HOME="$root/home"
            export RABBITMQ_NODENAME={{q(settings.NodeName)}}
            export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
            export RABBITMQ_NODE_PORT="${{{PortVariable}}}"
            export RABBITMQ_DIST_PORT ERL_EPMD_PORT
            export ERL_EPMD_ADDRESS=127.0.0.1
            export RABBITMQ_MNESIA_BASE="$root/mnesia"
            export RABBITMQ_LOG_BASE="$root/log"
            export RABBITMQ_CONFIG_FILE="$root/rabbitmq.conf"
            export RABBITMQ_ENABLED_PLUGINS_FILE="$root/enabled_plugins"
            export RABBITMQ_CONF_ENV_FILE="$root/rabbitmq-env.conf"
            export RABBITMQ_ADVANCED_CONFIG_FILE="$root/advanced.config"
            export RABBITMQ_PID_FILE="$root/rabbit.pid"
            # The port mapper runs beside the node (its own process); the node must not daemonise one.
            # +sbwt none (and for the dirty schedulers, erl(1)): idle schedulers sleep instead of busy-waiting, so on
            # a shared two-core machine the broker does not spin on CPU the services starting beside it need.
            export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-start_epmd false +sbwt none +sbwtdcpu none +sbwtdio none"
            exec $as {{q(server)}}
            """;
        var path = Path.Combine(root, "run-rabbitmq.sh");
        File.WriteAllText(path, script.ReplaceLineEndings("\n") + "\n");
        return new ServerCommand("/bin/sh", [path], root, new Dictionary<string, string>(), RequiredVariables);
    }

    /// <summary>The Erlang port mapper in the foreground on 127.0.0.1:<paramref name="port"/>.</summary>
    public static ServerCommand EpmdCommand(int port, string workingDirectory) =>
        new(ServerBinaries.Epmd, ["-port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-address", "127.0.0.1"],
            workingDirectory, new Dictionary<string, string>(), []);
}

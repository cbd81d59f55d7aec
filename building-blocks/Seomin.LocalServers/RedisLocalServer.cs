namespace Seomin.LocalServers;

/// <summary>Settings of a private Redis server.</summary>
/// <param name="RootDirectory">The server's folder: <c>data/</c> (its working directory), the generated config and the wrapper script.</param>
/// <param name="Persistent">
/// Keep the data across restarts with an append-only file (fsync every second): the AppHost's quota counters survive
/// a restart, so a daily quota is not handed out twice. Throw-away test servers keep nothing (<c>save ""</c>, no AOF).
/// </param>
/// <param name="MaxMemoryMegabytes">Memory cap; keys with an expiry are evicted first when it is reached.</param>
public sealed record RedisServerSettings(string RootDirectory, bool Persistent = true, int MaxMemoryMegabytes = 256)
{
    /// <summary>Redis's working directory (<c>dir</c>): the append-only file lives here.</summary>
    public string DataDirectory => Path.Combine(RootDirectory, "data");
}

/// <summary>
/// Runs a private Redis server from Debian's package in the foreground (<c>daemonize no</c>) through a wrapper script,
/// as the <c>redis</c> user (<c>setpriv</c> when root), listening on 127.0.0.1 only, with a password. The port and
/// the password come from variables at run time (<see cref="RequiredVariables"/>); the password is written into the
/// generated config (mode 600), never onto a command line where <c>ps</c> would show it.
/// </summary>
public static class RedisLocalServer
{
    /// <summary>The variable the wrapper script reads the port from.</summary>
    public const string PortVariable = "PORT";

    /// <summary>The password clients authenticate with (<c>requirepass</c>; hex, so no escaping is needed).</summary>
    public const string PasswordVariable = "SEOMIN_REDIS_PASSWORD";

    private const string ServiceUser = "redis";

    /// <summary>Every variable the wrapper script needs.</summary>
    public static IReadOnlyList<string> RequiredVariables { get; } = [PortVariable, PasswordVariable];

    /// <summary>Creates the folders, writes the wrapper script and returns how to run it.</summary>
    public static ServerCommand Prepare(RedisServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var server = ServerBinaries.RedisServer;
        var root = global::Seomin.LocalServers.DataDirectory.EnsureWritable(settings.RootDirectory);
        var setpriv = ServerBinaries.IsRoot ? ServerBinaries.Setpriv : string.Empty;
        var q = PostgresLocalServer.Quote;
        // No RDB snapshots either way: the append-only file (when kept) is the only copy.
        var appendOnly = settings.Persistent ? "yes" : "no";
        var script = $$"""
            #!/bin/sh
            # Written by Seomin.LocalServers (RedisLocalServer): a private Redis server in the foreground.
            set -eu
            root={{q(root)}}
            data={{q(settings.DataDirectory)}}
            : "${{{PortVariable}}:?{{PortVariable}} is not set}" "${{{PasswordVariable}}:?{{PasswordVariable}} is not set}"
            mkdir -p "$data"
            umask 077
            cat > "$root/redis.conf" <<EOF
            bind 127.0.0.1
            protected-mode yes
            port ${{{PortVariable}}}
            daemonize no
            supervised no
            logfile ""
            loglevel notice
            dir "$data"
            save ""
            appendonly {{appendOnly}}
            appendfsync everysec
            requirepass ${{{PasswordVariable}}}
            maxmemory {{settings.MaxMemoryMegabytes}}mb
            maxmemory-policy volatile-ttl
            EOF
            unset {{PasswordVariable}}
            as=""
            if [ "$(id -u)" = 0 ]; then
              chown -R {{ServiceUser}}:{{ServiceUser}} "$root"
              as="{{setpriv}} --reuid={{ServiceUser}} --regid={{ServiceUser}} --init-groups"
            fi
            exec $as {{q(server)}} "$root/redis.conf"
            """;
        var path = Path.Combine(root, "run-redis.sh");
        File.WriteAllText(path, script.ReplaceLineEndings("\n") + "\n");
        return new ServerCommand("/bin/sh", [path], root, new Dictionary<string, string>(), RequiredVariables);
    }

    /// <summary>A StackExchange.Redis connection string for the server on 127.0.0.1:<paramref name="port"/>.</summary>
    public static string ConnectionString(int port, string password) =>
        $"127.0.0.1:{port.ToString(System.Globalization.CultureInfo.InvariantCulture)},password={password}";
}

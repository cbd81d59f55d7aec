using System.Globalization;
using System.Text;

namespace Seomin.LocalServers;

/// <summary>Settings of a private PostgreSQL cluster.</summary>
/// <param name="RootDirectory">The cluster's folder: <c>data/</c> (PGDATA), the Unix socket and the wrapper script.</param>
/// <param name="HostAuthentication">pg_hba method for TCP connections: <c>scram-sha-256</c> (AppHost) or <c>trust</c> (tests).</param>
/// <param name="Settings">Extra <c>-c name=value</c> server settings.</param>
/// <param name="NoSync">initdb without fsync (throw-away test clusters).</param>
public sealed record PostgresServerSettings(
    string RootDirectory,
    string HostAuthentication = "scram-sha-256",
    IReadOnlyList<string>? Settings = null,
    bool NoSync = false)
{
    /// <summary>PGDATA.</summary>
    public string DataDirectory => Path.Combine(RootDirectory, "data");

    /// <summary>Where the server puts its Unix socket: superuser connections from this machine use it (trust).</summary>
    public string SocketDirectory => RootDirectory;
}

/// <summary>
/// Runs a private PostgreSQL cluster from Debian's binaries in the foreground through a wrapper script: the script
/// runs <c>initdb</c> once, then <c>postgres</c> as the <c>postgres</c> user (<c>setpriv</c> when root), and turns
/// SIGTERM into SIGINT (fast shutdown), so open pooled connections do not hold a stop up. The port comes from
/// <c>PORT</c> at run time (Aspire passes the port it allocated in it).
/// </summary>
public static class PostgresLocalServer
{
    /// <summary>The superuser role; it connects over the Unix socket without a password.</summary>
    public const string SuperUser = "postgres";

    /// <summary>The variable the wrapper script reads the port from.</summary>
    public const string PortVariable = "PORT";

    /// <summary>Optional: the superuser's password, set by initdb on the first start (for TCP admin connections).</summary>
    public const string PasswordVariable = "SEOMIN_POSTGRES_PASSWORD";

    private const string ServiceUser = "postgres";

    /// <summary>Creates the root folder, writes the wrapper script and returns how to run it.</summary>
    public static ServerCommand Prepare(PostgresServerSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var bin = ServerBinaries.PostgresBin;
        var root = global::Seomin.LocalServers.DataDirectory.EnsureWritable(settings.RootDirectory);
        var setpriv = ServerBinaries.IsRoot ? ServerBinaries.Setpriv : string.Empty;
        var serverSettings = new StringBuilder()
            .Append(" -c listen_addresses=127.0.0.1 -c max_connections=300 -c password_encryption=scram-sha-256");
        foreach (var setting in settings.Settings ?? [])
        {
            serverSettings.Append(CultureInfo.InvariantCulture, $" -c {Quote(setting)}");
        }

        var script = $$"""
            #!/bin/sh
            # Written by Seomin.LocalServers (PostgresLocalServer): a private PostgreSQL cluster in the foreground.
            set -eu
            root={{Quote(root)}}
            data={{Quote(settings.DataDirectory)}}
            bin={{Quote(bin)}}
            port="${{{PortVariable}}:?{{PortVariable}} is not set}"
            as=""
            if [ "$(id -u)" = 0 ]; then
              chown {{ServiceUser}}:{{ServiceUser}} "$root"
              as="{{setpriv}} --reuid={{ServiceUser}} --regid={{ServiceUser}} --init-groups"
            fi
            if [ ! -f "$data/PG_VERSION" ]; then
              echo "initdb: creating a new cluster in $data"
              pwfile=""
              if [ -n "${{{PasswordVariable}}:-}" ]; then
                pwfile="$root/.initdb-password"
                (umask 077; printf '%s\n' "${{{PasswordVariable}}}" > "$pwfile")
                [ "$(id -u)" = 0 ] && chown {{ServiceUser}}:{{ServiceUser}} "$pwfile"
              fi
              $as "$bin/initdb" -D "$data" -U {{SuperUser}} ${pwfile:+--pwfile="$pwfile"} --auth-local=trust --auth-host={{settings.HostAuthentication}} -E UTF8 --locale=C.UTF-8{{(settings.NoSync ? " --no-sync" : string.Empty)}}
              rm -f "$root/.initdb-password"
            fi
            unset {{PasswordVariable}}
            $as "$bin/postgres" -D "$data" -p "$port" -k "$root"{{serverSettings}} &
            pid=$!
            # SIGTERM (Aspire's stop, Ctrl+C) becomes SIGINT: PostgreSQL's fast shutdown cuts idle pooled connections.
            trap 'kill -INT "$pid" 2>/dev/null || true' TERM INT
            set +e
            while :; do
              wait "$pid"
              status=$?
              kill -0 "$pid" 2>/dev/null || break
            done
            exit "$status"
            """;
        var path = Path.Combine(root, "run-postgres.sh");
        File.WriteAllText(path, script.ReplaceLineEndings("\n") + "\n");
        return new ServerCommand("/bin/sh", [path], root, new Dictionary<string, string>(), [PortVariable]);
    }

    /// <summary>A superuser connection string over the Unix socket (trust), for creating roles and databases.</summary>
    public static string AdminConnectionString(PostgresServerSettings settings, int port) =>
        $"Host={settings.SocketDirectory};Port={port.ToString(CultureInfo.InvariantCulture)};Username={SuperUser};Database=postgres;Pooling=false";

    internal static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

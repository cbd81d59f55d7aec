namespace Seomin.LocalServers;

/// <summary>A Debian package the local servers need is not installed.</summary>
public sealed class MissingServerPackageException(string program, string package)
    : InvalidOperationException($"{program} was not found: install the Debian package with 'apt-get install -y {package}' (or run scripts/setup.sh).")
{
    /// <summary>The apt package that provides the missing program.</summary>
    public string Package { get; } = package;
}

/// <summary>Finds Debian's server programs; every lookup fails with the apt package to install.</summary>
public static class ServerBinaries
{
    private const string PostgresRoot = "/usr/lib/postgresql";
    private const string RabbitMqServerPath = "/usr/lib/rabbitmq/bin/rabbitmq-server";
    private const string RedisServerPath = "/usr/bin/redis-server";

    /// <summary>True when running as root: servers then run as their service users through <c>setpriv</c>.</summary>
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>The newest installed PostgreSQL's <c>bin</c> folder (holding <c>initdb</c> and <c>postgres</c>).</summary>
    public static string PostgresBin
    {
        get
        {
            var bin = Directory.Exists(PostgresRoot)
                ? Directory.GetDirectories(PostgresRoot)
                    .Select(d => Path.Combine(d, "bin"))
                    .Where(b => File.Exists(Path.Combine(b, "initdb")))
                    .OrderByDescending(b => b, StringComparer.Ordinal)
                    .FirstOrDefault()
                : null;
            return bin ?? throw new MissingServerPackageException("initdb (PostgreSQL)", "postgresql");
        }
    }

    /// <summary>Debian's <c>rabbitmq-server</c> start script.</summary>
    public static string RabbitMqServer =>
        File.Exists(RabbitMqServerPath) ? RabbitMqServerPath : throw new MissingServerPackageException("rabbitmq-server", "rabbitmq-server");

    /// <summary>Debian's <c>redis-server</c> (Redis 7).</summary>
    public static string RedisServer =>
        File.Exists(RedisServerPath) ? RedisServerPath : FindOnPath("redis-server") ?? throw new MissingServerPackageException("redis-server", "redis-server");

    /// <summary>The Erlang port mapper (package erlang-base, installed with rabbitmq-server).</summary>
    public static string Epmd => FindOnPath("epmd") ?? throw new MissingServerPackageException("epmd (Erlang port mapper)", "rabbitmq-server");

    /// <summary>util-linux's <c>setpriv</c>, used when root to drop to the service user.</summary>
    public static string Setpriv => FindOnPath("setpriv") ?? throw new MissingServerPackageException("setpriv", "util-linux");

    /// <summary>Throws for the first missing program, so a start fails with one line naming the package.</summary>
    public static void EnsureInstalled(bool postgres, bool rabbitMq, bool redis = false)
    {
        if (postgres)
        {
            _ = PostgresBin;
        }

        if (rabbitMq)
        {
            _ = RabbitMqServer;
            _ = Epmd;
        }

        if (redis)
        {
            _ = RedisServer;
        }

        if (IsRoot && (postgres || rabbitMq || redis))
        {
            _ = Setpriv;
        }
    }

    private static string? FindOnPath(string program)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/sbin").Append("/usr/lib/erlang/bin")
            .Select(dir => Path.Combine(dir, program))
            .FirstOrDefault(File.Exists);
    }
}

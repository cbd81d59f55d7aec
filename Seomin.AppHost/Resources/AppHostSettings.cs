using Seomin.LocalServers;

namespace Seomin.AppHost.Resources;

/// <summary>
/// What one AppHost run needs to know before it builds the graph: the data folder (<c>SEOMIN_DATA_DIR</c>, default
/// <c>&lt;repo&gt;/.seomin</c>), whether ports are fixed (<c>./run.sh</c>) or random (tests), and which servers are
/// external (<c>ConnectionStrings:postgres</c> / <c>ConnectionStrings:messaging</c> given).
/// </summary>
internal sealed class AppHostSettings
{
    private AppHostSettings(IConfiguration configuration, string dataDirectory)
    {
        DataDirectory = dataDirectory;
        RandomPorts = configuration.GetValue("DcpPublisher:RandomizePorts", false);
        ExternalPostgres = configuration["ConnectionStrings:postgres"] is { Length: > 0 };
        ExternalMessaging = configuration["ConnectionStrings:messaging"] is { Length: > 0 };
    }

    public string DataDirectory { get; }

    /// <summary>Under the testing builder every proxied port is random; ports we pick ourselves are then free ones too.</summary>
    public bool RandomPorts { get; }

    public bool ExternalPostgres { get; }

    public bool ExternalMessaging { get; }

    /// <summary>Reads the settings and checks the machine, failing with one line: data folder, Debian packages, ports.</summary>
    public static AppHostSettings Load(IConfiguration configuration, string appHostDirectory)
    {
        var configured = configuration["SEOMIN_DATA_DIR"];
        var dataDirectory = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(Path.GetFullPath(Path.Combine(appHostDirectory, "..")), ".seomin")
            : configured;
        AppHostSettings settings;
        try
        {
            settings = new AppHostSettings(configuration, LocalServers.DataDirectory.EnsureWritable(dataDirectory));
            ServerBinaries.EnsureInstalled(postgres: !settings.ExternalPostgres, rabbitMq: !settings.ExternalMessaging);
        }
        catch (InvalidOperationException ex)
        {
            throw new StartupCheckException(ex.Message);
        }

        if (!settings.RandomPorts)
        {
            // The dashboard's and the gateway's ports are bound by Aspire itself; check them here for one clear line.
            if (Uri.TryCreate(configuration["ASPNETCORE_URLS"]?.Split(';')[0], UriKind.Absolute, out var dashboard))
            {
                settings.Port("Aspire dashboard", dashboard.Port);
            }

            settings.Port("gateway", GatewayPort);
        }

        return settings;
    }

    /// <summary>The gateway's port in its launch profile: existing clients call http://127.0.0.1:8080.</summary>
    public const int GatewayPort = 8080;

    /// <summary>Gateway instances behind <see cref="GatewayPort"/> (DCP's proxy spreads the connections over them).</summary>
    public const int GatewayReplicas = 2;

    /// <summary>
    /// The <c>iss</c> of every access token: the public gateway URL (common.md's token contract). Fixed also when tests
    /// put the gateway on a random port: it names the issuer, it is not where anyone fetches keys from.
    /// </summary>
    public static readonly string Issuer = $"http://127.0.0.1:{GatewayPort}/";

    /// <summary>A fixed port for <c>./run.sh</c> (checked to be free now, so a clash is one clear line) or a free one for tests.</summary>
    public int Port(string what, int fixedPort)
    {
        if (RandomPorts)
        {
            return LocalPorts.Free();
        }

        if (!LocalPorts.IsFree(fixedPort))
        {
            throw new StartupCheckException(
                $"Port {fixedPort} ({what}) is already in use on 127.0.0.1: stop the process that holds it (ss -ltnp 'sport = :{fixedPort}') or the other Seomin AppHost.");
        }

        return fixedPort;
    }

    public string Secret(string name) => LocalServers.DataDirectory.GetOrCreateSecret(DataDirectory, name);
}

/// <summary>The machine is not ready for the AppHost (package, data folder, port): reported as one line.</summary>
internal sealed class StartupCheckException(string message) : Exception(message);

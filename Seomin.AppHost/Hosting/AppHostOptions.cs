using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Seomin.AppHost.Hosting;

/// <summary>
/// Settings of one AppHost run, read from configuration (command line, environment, appsettings):
/// <c>AppHost:DataDir</c> (or <c>SEOMIN_DATA_DIR</c>), <c>AppHost:Ports:&lt;resource&gt;</c>,
/// <c>AppHost:DynamicPorts</c>, <c>AppHost:NoBuild</c> (or <c>--no-build</c>), <c>AppHost:ArtifactsPath</c>,
/// <c>AppHost:EchoConsole</c>, <c>Dashboard:Url</c> and <c>Dashboard:OtlpUrl</c>.
/// </summary>
public sealed class AppHostOptions
{
    private readonly IConfiguration _configuration;
    private readonly Dictionary<string, int> _ports = new(StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<int> _handedOut = [];
    private readonly Lock _gate = new();

    internal AppHostOptions(IConfiguration configuration, string appHostDirectory)
    {
        _configuration = configuration;
        AppHostDirectory = appHostDirectory;
        RepositoryRoot = FindRepositoryRoot(appHostDirectory);
        var dataDir = configuration["AppHost:DataDir"] ?? configuration["SEOMIN_DATA_DIR"];
        DataDirectory = Path.GetFullPath(string.IsNullOrWhiteSpace(dataDir) ? Path.Combine(RepositoryRoot, ".seomin") : dataDir);
        DynamicPorts = configuration.GetValue("AppHost:DynamicPorts", false);
        NoBuild = configuration.GetValue("AppHost:NoBuild", false);
        ArtifactsPath = configuration["AppHost:ArtifactsPath"];
        EchoConsole = configuration.GetValue("AppHost:EchoConsole", true);
        DashboardUrl = configuration["Dashboard:Url"] ?? (DynamicPorts ? FreeUrl() : "http://127.0.0.1:18888");
        OtlpUrl = configuration["Dashboard:OtlpUrl"] ?? (DynamicPorts ? FreeUrl() : "http://127.0.0.1:18890");
    }

    /// <summary>The folder of Seomin.AppHost.csproj: project paths in Program.cs are relative to it.</summary>
    public string AppHostDirectory { get; }

    /// <summary>The folder holding Seomin.sln.</summary>
    public string RepositoryRoot { get; }

    /// <summary>Where servers keep their data and the generated credentials live (default <c>&lt;repo&gt;/.seomin</c>).</summary>
    public string DataDirectory { get; }

    /// <summary>Every port not configured explicitly is a free one picked at start (tests).</summary>
    public bool DynamicPorts { get; }

    /// <summary>Run projects from their existing build output; never call <c>dotnet build</c>.</summary>
    public bool NoBuild { get; }

    /// <summary>The <c>--artifacts-path</c> the projects were built with, if not the default bin folders.</summary>
    public string? ArtifactsPath { get; }

    /// <summary>Echo resource output to the AppHost console, prefixed by the resource name.</summary>
    public bool EchoConsole { get; }

    public string DashboardUrl { get; }

    public string OtlpUrl { get; }

    internal IConfiguration Configuration => _configuration;

    /// <summary>The port for a named endpoint: configured, else a free one (dynamic), else the default.</summary>
    public int GetPort(string name, int defaultPort)
    {
        lock (_gate)
        {
            if (_ports.TryGetValue(name, out var port))
            {
                return port;
            }

            var configured = _configuration[$"AppHost:Ports:{name}"];
            port = configured is not null
                ? int.Parse(configured, CultureInfo.InvariantCulture)
                : DynamicPorts ? FreePort() : defaultPort;
            _ports[name] = port;
            return port;
        }
    }

    internal static string FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Seomin.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Seomin.sln was not found above {start}.");
    }

    private string FreeUrl() => $"http://127.0.0.1:{FreePort()}";

    // Dynamic ports come from below the kernel's ephemeral range, so an outgoing connection of another
    // process can never take a port between the moment it is chosen and the moment a resource binds it
    // (a restart on the same data binds the same ports again).
    private int FreePort()
    {
        var (low, high) = DynamicPortRange();
        while (true)
        {
            var port = Random.Shared.Next(low, high);
            lock (_gate)
            {
                if (_handedOut.Contains(port))
                {
                    continue;
                }
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                listener.Stop();
            }
            catch (SocketException)
            {
                continue;
            }

            lock (_gate)
            {
                if (_handedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }

    private static (int Low, int High) DynamicPortRange()
    {
        const string rangeFile = "/proc/sys/net/ipv4/ip_local_port_range";
        var ephemeralLow = 32768;
        if (File.Exists(rangeFile)
            && int.TryParse(File.ReadAllText(rangeFile).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], out var parsed))
        {
            ephemeralLow = parsed;
        }

        var high = Math.Max(ephemeralLow, 11000);
        return (Math.Max(10000, high - 12000), high);
    }
}

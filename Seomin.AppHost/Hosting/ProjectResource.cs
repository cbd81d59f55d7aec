using System.Xml.Linq;

namespace Seomin.AppHost.Hosting;

/// <summary>A .NET project run as <c>dotnet &lt;its built dll&gt;</c> with Aspire's environment contract.</summary>
public sealed class ProjectResource(string name, string projectPath) : Resource(name)
{
    private static readonly string[] InheritedPrefixesToDrop =
        ["ConnectionStrings__", "services__", "OTEL_", "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "DOTNET_LAUNCH_PROFILE"];

    private readonly string _instanceId = Guid.NewGuid().ToString("N")[..8];

    public override string Type => "Project";

    /// <summary>Full path of the .csproj.</summary>
    public string ProjectPath { get; } = projectPath;

    internal string? HealthCheckPath { get; set; }

    internal bool IsExternal { get; set; }

    internal int Port { get; private set; }

    internal string HttpUrl => $"http://127.0.0.1:{Port}";

    internal override bool RestartOnCrash => true;

    internal override IReadOnlyList<int> GetListenPorts(ResourceContext context) => [EnsurePort(context)];

    internal override IReadOnlyList<ResourceEndpoint> GetEndpoints(ResourceContext context) =>
        [new ResourceEndpoint("http", HttpUrlFor(context), IsExternal)];

    internal override IReadOnlyDictionary<string, string> GetEnvironment(ResourceContext context)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var reference in References)
        {
            switch (reference)
            {
                case IResourceWithConnectionString withConnectionString when withConnectionString.ConnectionString is { } cs:
                    env[$"ConnectionStrings__{reference.Name}"] = cs;
                    if (reference is RabbitMQServerResource { ManagementUrl: { } management })
                    {
                        // The operator endpoints of the messaging building block read error queues through it.
                        env["Messaging__ManagementUri"] = management;
                    }

                    break;
                case ProjectResource project:
                    env[$"services__{project.Name}__http__0"] = project.HttpUrlFor(context);
                    break;
                default:
                    break;
            }
        }

        env["OTEL_SERVICE_NAME"] = Name;
        env["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={_instanceId}";
        env["OTEL_EXPORTER_OTLP_ENDPOINT"] = context.Options.OtlpUrl;
        env["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        // Aspire's development values: telemetry shows up in the dashboard within a second.
        env["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
        env["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
        env["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        env["OTEL_METRICS_EXEMPLAR_FILTER"] = "trace_based";
        env["ASPNETCORE_URLS"] = HttpUrlFor(context);
        env["ASPNETCORE_ENVIRONMENT"] = "Development";
        env["SEOMIN_DATA_DIR"] = context.Options.DataDirectory;
        env["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "false";
        env["Logging__Console__FormatterName"] = "simple";
        env["Logging__Console__FormatterOptions__SingleLine"] = "true";
        return env;
    }

    internal override async Task PrepareAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        EnsurePort(context);
        var dll = AssemblyPath(context);
        if (context.Options.NoBuild)
        {
            if (!File.Exists(dll))
            {
                throw new InvalidOperationException($"Resource '{Name}': {dll} does not exist; build the solution first or run without --no-build.");
            }

            return;
        }

        if (File.Exists(dll) && File.GetLastWriteTimeUtc(dll) >= NewestSourceWrite(ProjectPath, []))
        {
            return;
        }

        context.Output("stdout", $"dotnet build {ProjectPath}");
        List<string> args = ["build", ProjectPath, "--nologo", "-v", "q"];
        if (context.Options.ArtifactsPath is { } artifacts)
        {
            args.AddRange(["--artifacts-path", artifacts]);
        }

        var (code, text) = await ProcessRunner.RunAsync("dotnet", args, TimeSpan.FromMinutes(10), cancellationToken);
        if (code != 0)
        {
            var errors = text.Split('\n').Where(l => l.Contains(": error ", StringComparison.Ordinal)).Distinct().Take(10);
            throw new InvalidOperationException($"Resource '{Name}': dotnet build failed:{Environment.NewLine}{string.Join(Environment.NewLine, errors)}");
        }
    }

    internal override Task<ChildProcess?> StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>())
        {
            if (InheritedPrefixesToDrop.Any(p => key.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                env[key] = null;
            }
        }

        foreach (var (key, value) in GetEnvironment(context))
        {
            env[key] = value;
        }

        var process = ChildProcess.Start(
            new ChildProcessSpec("dotnet", [AssemblyPath(context)], Path.GetDirectoryName(ProjectPath)!, env),
            context.Output);
        return Task.FromResult<ChildProcess?>(process);
    }

    internal override async Task<bool> CheckHealthAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var path = HealthCheckPath ?? "/";
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            using var response = await context.Http.GetAsync(new Uri(HttpUrlFor(context) + path), timeout.Token);
            return HealthCheckPath is null || response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    internal string HttpUrlFor(ResourceContext context) => $"http://127.0.0.1:{EnsurePort(context)}";

    /// <summary>The built dll: <c>bin/Debug/net10.0</c> beside the project, or under the artifacts path.</summary>
    internal string AssemblyPath(ResourceContext context)
    {
        var projectName = Path.GetFileNameWithoutExtension(ProjectPath);
        var assemblyName = XDocument.Load(ProjectPath).Descendants("AssemblyName").FirstOrDefault()?.Value ?? projectName;
        return context.Options.ArtifactsPath is { } artifacts
            ? Path.Combine(artifacts, "bin", projectName, "debug", assemblyName + ".dll")
            : Path.Combine(Path.GetDirectoryName(ProjectPath)!, "bin", "Debug", "net10.0", assemblyName + ".dll");
    }

    private int EnsurePort(ResourceContext context)
    {
        if (Port == 0)
        {
            Port = context.Options.GetPort(Name, Name switch
            {
                "gateway" => 8080,
                "guarantee" => 5101,
                "subrogation" => 5102,
                "contributions" => 5103,
                "dormant-assets" => 5104,
                "counseling" => 5105,
                _ => 5100 + (Math.Abs(Name.GetHashCode(StringComparison.Ordinal)) % 90) + 10,
            });
        }

        return Port;
    }

    /// <summary>The newest source write in the project and the projects it references, to decide whether to rebuild.</summary>
    private static DateTime NewestSourceWrite(string projectPath, HashSet<string> seen)
    {
        if (!seen.Add(projectPath) || !File.Exists(projectPath))
        {
            return DateTime.MinValue;
        }

        var dir = Path.GetDirectoryName(projectPath)!;
        var newest = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal)
                        || f.EndsWith(".json", StringComparison.Ordinal))
            .Select(File.GetLastWriteTimeUtc)
            .DefaultIfEmpty(DateTime.MinValue)
            .Max();
        foreach (var reference in XDocument.Load(projectPath).Descendants("ProjectReference"))
        {
            var include = reference.Attribute("Include")?.Value.Replace('\\', Path.DirectorySeparatorChar);
            if (include is not null)
            {
                var child = NewestSourceWrite(Path.GetFullPath(Path.Combine(dir, include)), seen);
                newest = child > newest ? child : newest;
            }
        }

        return newest;
    }
}

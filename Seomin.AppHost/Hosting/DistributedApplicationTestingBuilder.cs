namespace Seomin.AppHost.Hosting;

/// <summary>Options of a platform started by tests.</summary>
public sealed class DistributedApplicationTestingOptions
{
    /// <summary>Data folder; null means a new temporary folder, deleted on dispose.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Extra configuration, e.g. <c>ConnectionStrings:postgres</c> for an external server.</summary>
    public IDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    public TimeSpan HealthyTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>Run the projects from their existing build output (test.sh builds the solution first).</summary>
    public bool NoBuild { get; init; } = true;

    public bool EchoConsole { get; init; }
}

/// <summary>
/// Runs the AppHost's Program.cs in-process with a private data folder and free ports, starts the whole graph and
/// waits until every resource is healthy (Aspire's DistributedApplicationTestingBuilder).
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    public static async Task<DistributedApplication> CreateAsync(
        DistributedApplicationTestingOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new DistributedApplicationTestingOptions();
        var temporary = options.DataDirectory is null;
        var dataDirectory = options.DataDirectory ?? Path.Combine(Path.GetTempPath(), $"seomin-apphost-{Guid.NewGuid():N}");
        List<string> args =
        [
            "--AppHost:DynamicPorts=true",
            $"--AppHost:DataDir={dataDirectory}",
            $"--AppHost:NoBuild={options.NoBuild}",
            $"--AppHost:EchoConsole={options.EchoConsole}",
        ];
        if (DetectArtifactsPath() is { } artifacts)
        {
            args.Add($"--AppHost:ArtifactsPath={artifacts}");
        }

        args.AddRange(options.Configuration.Select(kv => $"--{kv.Key}={kv.Value}"));

        DistributedApplication? app = null;
        DistributedApplication.Intercept(captured => app = captured);
        try
        {
            var entryPoint = typeof(ResourceNames).Assembly.EntryPoint
                ?? throw new InvalidOperationException("Seomin.AppHost has no entry point.");
            entryPoint.Invoke(null, [args.ToArray()]);
        }
        finally
        {
            DistributedApplication.Intercept(null);
        }

        if (app is null)
        {
            throw new InvalidOperationException("Program.cs did not build a DistributedApplication.");
        }

        app.DeleteDataDirectoryOnDispose = temporary;
        try
        {
            await app.StartAsync(cancellationToken);
            await app.WaitForAllHealthyAsync(options.HealthyTimeout, cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return app;
    }

    /// <summary>When the tests run from an <c>--artifacts-path</c> build, the projects were built there too.</summary>
    private static string? DetectArtifactsPath()
    {
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var bin = baseDir.Parent?.Parent;
        return bin is { Name: "bin" } && baseDir.Name.StartsWith("debug", StringComparison.OrdinalIgnoreCase) && bin.Parent is { } root
            ? root.FullName
            : null;
    }
}

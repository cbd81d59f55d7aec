using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;
using Seomin.AppHost.Dashboard;

namespace Seomin.AppHost.Hosting;

/// <summary>
/// The running application (Aspire's DistributedApplication): the resource orchestrator plus one Kestrel web
/// application that serves the dashboard, its OTLP receiver and the State API.
/// </summary>
public sealed class DistributedApplication : IAsyncDisposable
{
    private static readonly AsyncLocal<Action<DistributedApplication>?> Interceptor = new();
    private readonly WebApplication _web;
    private readonly Orchestrator _orchestrator;
    private bool _webStarted;
    private bool _disposed;

    internal DistributedApplication(DistributedApplicationBuilder builder)
    {
        Options = builder.Options;
        Model = builder.Resources;
        var services = builder.WebBuilder.Services;
        services.AddSingleton(Options);
        services.AddSingleton(sp => new Orchestrator(
            builder.Resources, Options, sp.GetRequiredService<ILoggerFactory>().CreateLogger("Seomin.AppHost"), TimeProvider.System));
        services.AddSingleton<IResourceRegistry>(sp => sp.GetRequiredService<Orchestrator>());
        services.AddDashboard(builder.Configuration);
        builder.WebBuilder.WebHost.UseUrls(Options.DashboardUrl, Options.OtlpUrl);
        _web = builder.WebBuilder.Build();
        _web.MapStateApi();
        _web.MapDashboard();
        _orchestrator = _web.Services.GetRequiredService<Orchestrator>();
    }

    public AppHostOptions Options { get; }

    /// <summary>The resources declared in Program.cs.</summary>
    public IReadOnlyList<Resource> Model { get; }

    /// <summary>States, console output and commands of the running resources.</summary>
    public IResourceRegistry Resources => _orchestrator;

    /// <summary>Set by the testing builder: the data folder is temporary and removed on dispose.</summary>
    internal bool DeleteDataDirectoryOnDispose { get; set; }

    public static DistributedApplicationBuilder CreateBuilder(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var appHostDirectory = typeof(DistributedApplication).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "SeominAppHostDirectory")?.Value;
        if (appHostDirectory is null || !Directory.Exists(appHostDirectory))
        {
            appHostDirectory = Path.Combine(AppHostOptions.FindRepositoryRoot(Directory.GetCurrentDirectory()), "Seomin.AppHost");
        }

        var mapped = args.Select(a => a == "--no-build" ? "--AppHost:NoBuild=true" : a).ToArray();
        var webBuilder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = mapped,
            ContentRootPath = appHostDirectory,
            ApplicationName = typeof(DistributedApplication).Assembly.GetName().Name,
        });
        webBuilder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        webBuilder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        var options = new AppHostOptions(webBuilder.Configuration, appHostDirectory);
        webBuilder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Dashboard:Url"] = options.DashboardUrl,
            ["Dashboard:OtlpUrl"] = options.OtlpUrl,
        });
        return new DistributedApplicationBuilder(webBuilder, options);
    }

    /// <summary>Starts everything, prints the summary, and runs until Ctrl+C or SIGTERM; then stops everything.</summary>
    public void Run()
    {
        if (Interceptor.Value is { } capture)
        {
            capture(this);
            return;
        }

        RunAsync().GetAwaiter().GetResult();
    }

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            await StartAsync(cancellationToken);
            _ = PrintSummaryWhenHealthyAsync(clock, _web.Lifetime.ApplicationStopping);
            await Task.Delay(Timeout.Infinite, CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _web.Lifetime.ApplicationStopping).Token);
        }
        catch (PortInUseException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            Environment.ExitCode = 1;
        }
        catch (OperationCanceledException)
        {
            await Console.Out.WriteLineAsync("Stopping: projects, then the broker and the database...");
        }

        await DisposeAsync();
    }

    /// <summary>Starts the dashboard web app and the resources; returns without waiting for health.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        foreach (var (name, url) in new[] { ("dashboard", Options.DashboardUrl), ("dashboard-otlp", Options.OtlpUrl) })
        {
            var port = new Uri(url).Port;
            try
            {
                using var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
                probe.Start();
                probe.Stop();
            }
            catch (System.Net.Sockets.SocketException)
            {
                throw new PortInUseException(name, port);
            }
        }

        await _web.StartAsync(cancellationToken);
        _webStarted = true;
        await _orchestrator.StartAsync(cancellationToken);
    }

    public Task WaitForAllHealthyAsync(TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _orchestrator.WaitForAllHealthyAsync(timeout, cancellationToken);

    public Task WaitForResourceHealthyAsync(string name, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _orchestrator.WaitForHealthyAsync(name, timeout, cancellationToken);

    /// <summary>The URL of a resource's endpoint (<c>http</c> for projects, <c>tcp</c>/<c>management</c> for servers).</summary>
    public Uri GetEndpoint(string resourceName, string endpointName = "http")
    {
        if (string.Equals(resourceName, "dashboard", StringComparison.OrdinalIgnoreCase))
        {
            return new Uri(endpointName == "otlp" ? Options.OtlpUrl : Options.DashboardUrl);
        }

        var endpoint = _orchestrator.GetEndpoints(resourceName).FirstOrDefault(e => e.Name == endpointName)
            ?? throw new InvalidOperationException($"Resource '{resourceName}' has no endpoint '{endpointName}'.");
        return new Uri(endpoint.Url);
    }

    public ValueTask<string?> GetConnectionStringAsync(string resourceName, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(_orchestrator.GetConnectionString(resourceName));

    /// <summary>Stops projects, then the broker and the database, then the dashboard.</summary>
    public async Task StopAsync()
    {
        await _orchestrator.StopAsync();
        if (_webStarted)
        {
            _webStarted = false;
            await _web.StopAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync();
        await _orchestrator.DisposeAsync();
        await _web.DisposeAsync();
        if (DeleteDataDirectoryOnDispose)
        {
            try
            {
                Directory.Delete(Options.DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A server may still be releasing a file; the folder is temporary anyway.
            }
        }
    }

    /// <summary>Lets the testing builder run Program.cs and keep the application instead of running it.</summary>
    internal static void Intercept(Action<DistributedApplication>? capture) => Interceptor.Value = capture;

    private async Task PrintSummaryWhenHealthyAsync(Stopwatch clock, CancellationToken cancellationToken)
    {
        string headline;
        try
        {
            await _orchestrator.WaitForAllHealthyAsync(TimeSpan.FromMinutes(5), cancellationToken);
            headline = string.Create(CultureInfo.InvariantCulture, $"Seomin is running: every resource healthy after {clock.Elapsed.TotalSeconds:F1} s.");
        }
        catch (OperationCanceledException)
        {
            return;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            headline = "Seomin started with problems: " + ex.Message;
        }

        await Console.Out.WriteLineAsync(BuildSummary(headline));
    }

    private string BuildSummary(string headline)
    {
        var text = new StringBuilder().AppendLine().AppendLine(headline)
            .AppendLine(CultureInfo.InvariantCulture, $"  {"RESOURCE",-16} {"TYPE",-17} {"STATE",-14} {"HEALTH",-10} URLS");
        foreach (var r in _orchestrator.GetResources())
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {r.Name,-16} {r.Type,-17} {r.State,-14} {r.Health ?? "-",-10} {string.Join(' ', r.Endpoints.Select(e => e.Url))}");
        }

        text.AppendLine();
        if (_orchestrator.GetEndpoints(ResourceNames.Gateway).FirstOrDefault() is { } gateway)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  Gateway:             {gateway.Url}")
                .AppendLine(CultureInfo.InvariantCulture, $"  API portal:          {gateway.Url}/docs");
        }

        // The login URL carries the browser token when the dashboard is not on loopback.
        text.AppendLine(CultureInfo.InvariantCulture, $"  Dashboard:           {_web.Services.GetDashboardLoginUrl()}")
            .AppendLine(CultureInfo.InvariantCulture, $"  OTLP receiver:       {Options.OtlpUrl}");
        if (_orchestrator.GetEndpoints(ResourceNames.Messaging).FirstOrDefault(e => e.Name == "management") is { } management)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  RabbitMQ management: {management.Url} (user {RabbitMQServerResource.UserName}, password in {Path.Combine(Options.DataDirectory, "credentials", ResourceNames.Messaging + ".password")})");
        }

        return text.AppendLine("  Press Ctrl+C to stop.").ToString();
    }
}

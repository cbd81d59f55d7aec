using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Seomin.Testing;

namespace Seomin.AppHost.Tests;

/// <summary>
/// One platform started from the real AppHost with Aspire's testing builder (random ports, a temporary data folder,
/// the dashboard on for the browser tests), shared by the platform collection: each start costs tens of seconds.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The platform is not started.");

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"seomin-apphost-tests-{Guid.NewGuid():N}");

    /// <summary>The Aspire dashboard of the shared platform (anonymous access, plain HTTP on loopback).</summary>
    public Uri DashboardUri { get; private set; } = new("http://127.0.0.1/");

    public async ValueTask InitializeAsync()
    {
        _app = await StartAsync(DataDirectory, new Uri($"http://127.0.0.1:{TestPorts.Free()}"));
        // The dashboard is a hidden resource of the model; its endpoint is where it really listens.
        var dashboard = _app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .OfType<IResourceWithEndpoints>().Single(r => r.Name == "aspire-dashboard");
        DashboardUri = new Uri(dashboard.GetEndpoints().First(e => e.IsHttp).Url);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        DeleteDirectory(DataDirectory);
    }

    public static void DeleteDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    /// <summary>
    /// Starts the AppHost on <paramref name="dataDirectory"/> (with <paramref name="settings"/> as further
    /// configuration) and waits until every resource (or every one of <paramref name="resources"/>) is healthy.
    /// </summary>
    public static async Task<DistributedApplication> StartAsync(
        string dataDirectory, Uri? dashboard = null, IReadOnlyDictionary<string, string>? settings = null, IEnumerable<string>? resources = null)
    {
        List<string> args = [$"--SEOMIN_DATA_DIR={dataDirectory}", .. (settings ?? new Dictionary<string, string>()).Select(s => $"--{s.Key}={s.Value}")];
        if (dashboard is not null)
        {
            args.AddRange(
            [
                $"--ASPNETCORE_URLS={dashboard}",
                $"--ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://127.0.0.1:{TestPorts.Free()}",
                $"--ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://127.0.0.1:{TestPorts.Free()}",
                $"--ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL=http://127.0.0.1:{TestPorts.Free()}",
                "--ASPIRE_ALLOW_UNSECURED_TRANSPORT=true",
                "--DOTNET_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true",
            ]);
        }

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Seomin_AppHost>(
            [.. args],
            (options, _) =>
            {
                options.DisableDashboard = dashboard is null;
                options.AllowUnsecuredTransport = true;
            },
            TestContext.Current.CancellationToken);
        var app = await builder.BuildAsync(TestContext.Current.CancellationToken);
        await app.StartAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        foreach (var name in resources ?? Platform.AllResources)
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(name, timeout.Token);
        }

        return app;
    }
}

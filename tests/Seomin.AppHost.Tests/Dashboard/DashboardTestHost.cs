using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Seomin.AppHost.Dashboard;
using Seomin.AppHost.Dashboard.Telemetry;
using Seomin.AppHost.Hosting;

namespace Seomin.AppHost.Tests.Dashboard;

/// <summary>
/// A web application on 127.0.0.1:0 hosting only the dashboard (and, optionally, the State API over a fake
/// resource registry), the way the AppHost hosts it.
/// </summary>
internal sealed class DashboardTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private DashboardTestHost(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public TelemetryStore Store => _app.Services.GetRequiredService<TelemetryStore>();

    public IServiceProvider Services => _app.Services;

    public static async Task<DashboardTestHost> StartAsync(IDictionary<string, string?>? settings = null, IResourceRegistry? registry = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var values = new Dictionary<string, string?>
        {
            ["Dashboard:Url"] = "http://127.0.0.1:0",
            ["Dashboard:OtlpUrl"] = string.Empty,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddDashboard(builder.Configuration);
        if (registry is not null)
        {
            builder.Services.AddSingleton(registry);
        }

        var app = builder.Build();
        if (registry is not null)
        {
            app.MapStateApi();
        }

        app.MapDashboard();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new DashboardTestHost(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Seomin.AppHost.Dashboard.Access;
using Seomin.AppHost.Dashboard.Messaging;
using Seomin.AppHost.Dashboard.Otlp;
using Seomin.AppHost.Dashboard.Telemetry;
using Seomin.AppHost.Dashboard.Ui;

namespace Seomin.AppHost.Dashboard;

/// <summary>
/// Registers and maps the operator dashboard (UI, OTLP/HTTP receiver, telemetry and messaging APIs)
/// on the AppHost's dashboard web application.
/// </summary>
public static class DashboardExtensions
{
    /// <summary>Registers the dashboard's services (telemetry stores, options, access control, messaging).</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<DashboardOptions>().Bind(configuration.GetSection(DashboardOptions.SectionName));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TelemetryStore>();
        services.TryAddSingleton<DashboardAccess>();
        services.TryAddSingleton<OperatorAuditLog>();
        services.TryAddSingleton<IRabbitMqEndpointSource, ResourceModelRabbitMqEndpointSource>();
        services.AddHttpClient(DashboardMessaging.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.TryAddSingleton<DashboardMessaging>();
        return services;
    }

    /// <summary>
    /// Maps the dashboard's UI, OTLP receiver and JSON APIs, and the access guard in front of them (loopback is open;
    /// elsewhere the browser token is required; OTLP only on the OTLP port when the two ports differ).
    /// </summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value;
        var access = app.Services.GetRequiredService<DashboardAccess>();
        app.UseDashboardAccess(access, OtlpPortToEnforce(options));
        app.MapOtlpEndpoints();
        app.MapTelemetryEndpoints();
        app.MapMessagingEndpoints();
        app.MapDashboardLogin();
        app.MapDashboardUi();
        return app;
    }

    /// <summary>The URL the AppHost prints at start: the dashboard URL, with the browser token when one is required.</summary>
    public static string GetDashboardLoginUrl(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<DashboardAccess>().LoginUrl;
    }

    internal static int? OtlpPortToEnforce(DashboardOptions options)
    {
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var ui) || !Uri.TryCreate(options.OtlpUrl, UriKind.Absolute, out var otlp))
        {
            return null;
        }

        return ui.Port > 0 && otlp.Port > 0 && ui.Port != otlp.Port ? otlp.Port : null;
    }
}

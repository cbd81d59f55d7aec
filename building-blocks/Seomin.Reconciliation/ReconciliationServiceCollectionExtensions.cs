using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OpenTelemetry.Metrics;

namespace Seomin.Reconciliation;

public static class ReconciliationServiceCollectionExtensions
{
    /// <summary>
    /// A service's side: the control totals it reports (<typeparamref name="TSource"/>); map them with
    /// <see cref="ControlTotalsEndpoints.MapControlTotals{TDbContext}"/>.
    /// </summary>
    public static IServiceCollection AddControlTotals<TSource>(this IServiceCollection services)
        where TSource : class, IControlTotalsSource
    {
        services.TryAddScoped<IControlTotalsSource, TSource>();
        return services;
    }

    /// <summary>
    /// The job's side, hosted by the service that owns the funds (docs/adr/0022): its tables in
    /// <paramref name="connectionString"/>'s database (schema <c>reconciliation</c>), the scheduled run, the runner,
    /// the metrics and the <c>reconciliation</c> health check. MassTransit must be registered by the host.
    /// </summary>
    public static IServiceCollection AddReconciliation(this IServiceCollection services, IConfiguration configuration, string connectionString)
    {
        services.AddOptions<ReconciliationOptions>().Bind(configuration.GetSection(ReconciliationOptions.Section));
        services.AddDbContext<ReconciliationDbContext>(o => o.UseNpgsql(connectionString,
            n => n.MigrationsHistoryTable("__ef_migrations_history", ReconciliationDbContext.Schema)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(new ReconciliationRuleSet(ReconciliationRules.Platform));
        services.AddSingleton<ReconciliationMetrics>();
        services.AddHttpClient(ServiceTokens.HttpClientName);
        services.AddSingleton<ServiceTokens>();
        services.AddHttpClient<IControlTotalsClient, HttpControlTotalsClient>(c => c.Timeout = TimeSpan.FromMinutes(2));
        services.AddScoped<ReconciliationRunner>();
        services.AddHostedService<ReconciliationJob>();
        services.AddHealthChecks().AddCheck<ReconciliationHealthCheck>("reconciliation", tags: [Microsoft.Extensions.Hosting.SeominServiceDefaultsExtensions.ReadyTag]);
        services.ConfigureOpenTelemetryMeterProvider(m => m.AddMeter(ReconciliationMetrics.MeterName));
        return services;
    }

    /// <summary>Applies the job's migrations (schema <c>reconciliation</c>); call where the host applies its own.</summary>
    public static async Task MigrateReconciliationAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ReconciliationDbContext>().Database.MigrateAsync(cancellationToken);
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Seomin.ServiceDefaults.Health;

/// <summary>Registration helpers for the dependency checks that make <c>/health</c> ready.</summary>
public static class HealthCheckBuilderExtensions
{
    /// <summary>Adds a readiness check for the PostgreSQL database named by <c>ConnectionStrings:{name}</c>.</summary>
    public static IHealthChecksBuilder AddNpgsqlDatabase(this IHealthChecksBuilder builder, IConfiguration configuration, string connectionName)
    {
        var connectionString = configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' is not configured (ConnectionStrings__{connectionName}).");
        return builder.AddCheck(connectionName, new NpgsqlHealthCheck(connectionString), tags: [SeominServiceDefaultsExtensions.ReadyTag]);
    }
}

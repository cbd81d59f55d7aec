using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Seomin.ServiceDefaults.Health;

/// <summary>Registration helpers for the dependency checks that make <c>/health</c> ready.</summary>
public static class HealthCheckBuilderExtensions
{
    /// <summary>
    /// Adds a readiness check (AspNetCore.HealthChecks.NpgSql, <c>SELECT 1</c>) for the PostgreSQL database named by
    /// <c>ConnectionStrings:{name}</c>, read when the check first runs, so configuration added after registration
    /// (hosts, test factories) is honoured.
    /// </summary>
    public static IHealthChecksBuilder AddNpgsqlDatabase(this IHealthChecksBuilder builder, string connectionName) =>
        builder.AddNpgSql(
            sp => sp.GetRequiredService<IConfiguration>().GetConnectionString(connectionName)
                ?? throw new InvalidOperationException($"Connection string '{connectionName}' is not configured (ConnectionStrings__{connectionName})."),
            name: connectionName,
            tags: [SeominServiceDefaultsExtensions.ReadyTag],
            timeout: TimeSpan.FromSeconds(3));
}

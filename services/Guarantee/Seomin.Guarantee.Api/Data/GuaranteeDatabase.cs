using Microsoft.EntityFrameworkCore;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;
using Seomin.ServiceDefaults.Health;
using Seomin.PersonalData;

namespace Seomin.Guarantee.Api.Data;

public static class GuaranteeDatabase
{
    public const string ConnectionName = "guaranteedb";

    public static void ConfigureNpgsql(NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.MigrationsHistoryTable("__ef_migrations_history", GuaranteeDbContext.Schema);

    /// <summary>The DbContext on <c>ConnectionStrings:guaranteedb</c> with field encryption, its audit trail and a readiness check.</summary>
    public static IHostApplicationBuilder AddGuaranteeDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{ConnectionName}' is not configured (ConnectionStrings__{ConnectionName}).");
        // Pooled (issue 19, figure 1): a submission no longer builds a context and its services per request. The
        // options are built once from the root provider; the field cipher is a singleton, so nothing scoped is captured.
        builder.Services.AddDbContextPool<GuaranteeDbContext>((sp, options) => options
            .UseNpgsql(connectionString, ConfigureNpgsql)
            .UseFieldEncryption(sp));
        builder.Services.AddAuditTrail<GuaranteeDbContext>();
        builder.Services.AddHealthChecks().AddNpgsqlDatabase(ConnectionName);
        return builder;
    }
}

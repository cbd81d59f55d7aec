using Microsoft.EntityFrameworkCore;
using Seomin.PersonalData;
using Seomin.ServiceDefaults.Health;

namespace Seomin.DormantAssets.Api.Data;

public static class DormantAssetsDatabase
{
    public const string ConnectionName = "dormantdb";

    /// <summary>The DbContext on <c>ConnectionStrings:dormantdb</c> with field encryption, its audit trail and a readiness check.</summary>
    public static IHostApplicationBuilder AddDormantAssetsDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{ConnectionName}' is missing.");
        builder.Services.AddDbContext<DormantAssetsDbContext>((services, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", DormantAssetsDbContext.Schema))
            .UseFieldEncryption(services));
        builder.Services.AddAuditTrail<DormantAssetsDbContext>();
        builder.Services.AddHealthChecks().AddNpgsqlDatabase(ConnectionName);
        return builder;
    }

    /// <summary>Development (and hosts that ask with DormantAssets:MigrateAtStartup) migrate at start-up; production runs migrations as a step.</summary>
    public static async Task InitializeDormantAssetsDatabaseAsync(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && !app.Configuration.GetValue<bool>("DormantAssets:MigrateAtStartup"))
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DormantAssetsDbContext>().Database.MigrateAsync();
    }
}

using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Seomin.PersonalData;
using Seomin.ServiceDefaults.Health;

namespace Seomin.DormantAssets.Api.Data;

public static class DormantAssetsDatabase
{
    public const string ConnectionName = "dormantdb";

    /// <summary>Statements Npgsql prepares per connection when the connection string does not say otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 32;

    /// <summary>Executions of the same SQL on a connection before Npgsql prepares it.</summary>
    public const int DefaultAutoPrepareMinUsages = 2;

    /// <summary>
    /// The DbContext on <c>ConnectionStrings:dormantdb</c> with field encryption, its audit trail and a readiness check.
    /// Pooled: a request does not build a context and its services (the options are built once from the root provider;
    /// the field cipher is a singleton, nothing scoped is captured). The lookup's statements are prepared
    /// (<see cref="WithAutomaticPreparation"/>).
    /// </summary>
    public static IHostApplicationBuilder AddDormantAssetsDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = WithAutomaticPreparation(builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{ConnectionName}' is missing."));
        builder.Services.AddDbContextPool<DormantAssetsDbContext>((services, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", DormantAssetsDbContext.Schema))
            .UseFieldEncryption(services));
        builder.Services.AddAuditTrail<DormantAssetsDbContext>();
        builder.Services.AddHealthChecks().AddNpgsqlDatabase(ConnectionName);
        return builder;
    }

    /// <summary>
    /// Npgsql's automatic preparation, unless the connection string sets it: a statement run
    /// <see cref="DefaultAutoPrepareMinUsages"/> times on a physical connection is prepared there, so the lookup's query
    /// and its two inserts skip parse and plan from then on (prepared statements survive the pool's reset). An explicit
    /// <c>Max Auto Prepare</c> (0 turns it off) or <c>Auto Prepare Min Usages</c> in the connection string wins.
    /// </summary>
    public static string WithAutomaticPreparation(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var npgsql = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            npgsql.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        if (!given.ContainsKey("Auto Prepare Min Usages") && !given.ContainsKey("AutoPrepareMinUsages"))
        {
            npgsql.AutoPrepareMinUsages = DefaultAutoPrepareMinUsages;
        }

        return npgsql.ConnectionString;
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

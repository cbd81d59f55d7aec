using Microsoft.EntityFrameworkCore;
using Seomin.ServiceDefaults.Health;
using Seomin.PersonalData;

namespace Seomin.Counseling.Api.Data;

public static class CounselingDatabase
{
    public const string ConnectionName = "counselingdb";

    /// <summary>The DbContext on <c>ConnectionStrings:counselingdb</c> with field encryption, its audit trail and a readiness check.</summary>
    public static IHostApplicationBuilder AddCounselingDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{ConnectionName}' is missing.");
        builder.Services.AddDbContext<CounselingDbContext>((services, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", CounselingDbContext.Schema))
            .UseFieldEncryption(services));
        builder.Services.AddAuditTrail<CounselingDbContext>();
        builder.Services.AddHealthChecks().AddNpgsqlDatabase(ConnectionName);
        return builder;
    }

    /// <summary>
    /// Development (and hosts that ask for it with Counseling:MigrateAtStartup, like the integration tests) migrate at
    /// start-up; production runs migrations as a separate step.
    /// </summary>
    public static async Task InitializeCounselingDatabaseAsync(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && !app.Configuration.GetValue<bool>("Counseling:MigrateAtStartup"))
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<CounselingDbContext>().Database.MigrateAsync();
    }
}

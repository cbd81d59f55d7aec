using Microsoft.EntityFrameworkCore;
using Seomin.PersonalData;
using Seomin.ServiceDefaults.Health;

namespace Seomin.Subrogation.Api.Data;

public static class SubrogationDatabase
{
    public const string ConnectionName = "subrogationdb";

    /// <summary>The DbContext on <c>ConnectionStrings:subrogationdb</c> with field encryption, its audit trail and a readiness check.</summary>
    public static IHostApplicationBuilder AddSubrogationDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{ConnectionName}' is missing.");
        builder.Services.AddDbContext<SubrogationDbContext>((services, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", SubrogationDbContext.Schema))
            .UseFieldEncryption(services));
        builder.Services.AddAuditTrail<SubrogationDbContext>();
        builder.Services.AddHealthChecks().AddNpgsqlDatabase(ConnectionName);
        return builder;
    }

    /// <summary>Development (and hosts that ask with Subrogation:MigrateAtStartup) migrate at start-up; production runs migrations as a step.</summary>
    public static async Task InitializeSubrogationDatabaseAsync(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && !app.Configuration.GetValue<bool>("Subrogation:MigrateAtStartup"))
        {
            return;
        }

        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<SubrogationDbContext>().Database.MigrateAsync();
    }
}

using Microsoft.EntityFrameworkCore;
using Seomin.PersonalData;
using Seomin.Reconciliation;
using Seomin.ServiceDefaults.Health;

namespace Seomin.Contributions.Api.Data;

public static class ContributionsDatabase
{
    public const string ConnectionName = "contributionsdb";

    /// <summary>The DbContext on <c>ConnectionStrings:contributionsdb</c> with field encryption, its audit trail and a readiness check.</summary>
    public static IHostApplicationBuilder AddContributionsDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException($"Connection string '{ConnectionName}' is missing.");
        builder.Services.AddDbContext<ContributionsDbContext>((services, options) => options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", ContributionsDbContext.Schema))
            .UseFieldEncryption(services));
        builder.Services.AddAuditTrail<ContributionsDbContext>();
        builder.Services.AddHealthChecks().AddNpgsqlDatabase(ConnectionName);
        return builder;
    }

    /// <summary>Development (and hosts that ask with Contributions:MigrateAtStartup) migrate at start-up; production runs migrations as a step.</summary>
    public static async Task InitializeContributionsDatabaseAsync(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment() && !app.Configuration.GetValue<bool>("Contributions:MigrateAtStartup"))
        {
            return;
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ContributionsDbContext>().Database.MigrateAsync();
        }

        await app.Services.MigrateReconciliationAsync();

        if (app.Environment.IsDevelopment())
        {
            await Features.Ledger.DevelopmentOpeningBalances.SeedAsync(app.Services, app.Configuration, CancellationToken.None);
        }
    }
}

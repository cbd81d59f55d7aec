using Microsoft.EntityFrameworkCore;
using Npgsql;
using Microsoft.Extensions.Options;
using Seomin.Guarantee.Api.Features;

namespace Seomin.Guarantee.Api.Data;

public static class DatabaseInitializer
{
    /// <summary>Development (or Guarantee:MigrateOnStartup) migrates at start-up; production runs migrations as a separate step.</summary>
    public static async Task InitializeGuaranteeDatabaseAsync(this WebApplication app)
    {
        var migrate = app.Environment.IsDevelopment() || app.Services.GetRequiredService<IOptions<GuaranteeOptions>>().Value.MigrateOnStartup;
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GuaranteeDbContext>();
        if (migrate)
        {
            await db.Database.MigrateAsync();
        }

        // The idempotent seeder runs at every start (it only inserts what is missing), so reference data added in a
        // release reaches a database migrated by the separate migration job too; before any migration it waits.
        try
        {
            await ReferenceData.SeedAsync(db, CancellationToken.None);
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.UndefinedColumn)
        {
            // Not migrated yet (the migration job has not run): the next start seeds.
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another instance seeded the same rows at the same moment.
        }
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Seomin.Guarantee.Api.Features;

namespace Seomin.Guarantee.Api.Data;

public static class DatabaseInitializer
{
    /// <summary>Development (or Guarantee:MigrateOnStartup) migrates at start-up; production runs migrations as a separate step.</summary>
    public static async Task InitializeGuaranteeDatabaseAsync(this WebApplication app)
    {
        var migrate = app.Environment.IsDevelopment() || app.Services.GetRequiredService<IOptions<GuaranteeOptions>>().Value.MigrateOnStartup;
        if (!migrate)
        {
            return;
        }

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<GuaranteeDbContext>();
        await db.Database.MigrateAsync();
        await ReferenceData.SeedAsync(db, CancellationToken.None);
    }
}

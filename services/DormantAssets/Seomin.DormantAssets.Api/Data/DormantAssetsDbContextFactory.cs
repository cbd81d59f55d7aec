using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Seomin.DormantAssets.Api.Data;

/// <summary>For <c>dotnet ef</c> only: builds the model without starting the host (no broker or keys needed).</summary>
internal sealed class DormantAssetsDbContextFactory : IDesignTimeDbContextFactory<DormantAssetsDbContext>
{
    public DormantAssetsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<DormantAssetsDbContext>()
            .UseNpgsql("Host=localhost;Database=dormantdb", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", DormantAssetsDbContext.Schema))
            .Options);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Seomin.Subrogation.Api.Data;

/// <summary>For <c>dotnet ef</c> only: builds the model without starting the host (no broker or keys needed).</summary>
internal sealed class SubrogationDbContextFactory : IDesignTimeDbContextFactory<SubrogationDbContext>
{
    public SubrogationDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SubrogationDbContext>()
            .UseNpgsql("Host=localhost;Database=subrogationdb", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", SubrogationDbContext.Schema))
            .Options);
}

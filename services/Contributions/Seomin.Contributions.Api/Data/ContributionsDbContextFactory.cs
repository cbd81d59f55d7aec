using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Seomin.Contributions.Api.Data;

/// <summary>For <c>dotnet ef</c> only: builds the model without starting the host (no broker or keys needed).</summary>
internal sealed class ContributionsDbContextFactory : IDesignTimeDbContextFactory<ContributionsDbContext>
{
    public ContributionsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ContributionsDbContext>()
            .UseNpgsql("Host=localhost;Database=contributionsdb", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history", ContributionsDbContext.Schema))
            .Options);
}

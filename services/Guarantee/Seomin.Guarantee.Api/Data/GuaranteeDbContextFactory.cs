using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Seomin.Guarantee.Api.Data;

/// <summary>For <c>dotnet ef</c> only: builds the model without starting the host (no broker or keys needed).</summary>
internal sealed class GuaranteeDbContextFactory : IDesignTimeDbContextFactory<GuaranteeDbContext>
{
    public GuaranteeDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<GuaranteeDbContext>()
            .UseNpgsql("Host=localhost;Database=guaranteedb", GuaranteeDatabase.ConfigureNpgsql)
            .Options);
}

using System.Text;
using Microsoft.EntityFrameworkCore;
using Seomin.DormantAssets.Api.Data.Configurations;
using Seomin.DormantAssets.Domain.Assets;
using Seomin.DormantAssets.Domain.Claims;
using Seomin.Messaging;
using Seomin.PersonalData.Audit;

namespace Seomin.DormantAssets.Api.Data;

public sealed class DormantAssetsDbContext(DbContextOptions<DormantAssetsDbContext> options) : DbContext(options)
{
    public const string Schema = "dormant";

    public DbSet<DormantAsset> Assets => Set<DormantAsset>();

    public DbSet<RefundClaim> Claims => Set<RefundClaim>();

    public DbSet<TransferBatch> Batches => Set<TransferBatch>();

    public DbSet<TransferRejection> Rejections => Set<TransferRejection>();

    public DbSet<VerificationUse> VerificationUses => Set<VerificationUse>();

    public DbSet<PartnerConsent> Consents => Set<PartnerConsent>();

    public DbSet<AutomaticLookupNotice> Notices => Set<AutomaticLookupNotice>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AssetConfiguration).Assembly);

        // This service's own tables use snake_case columns: the import (COPY) and the statistics are hand-written SQL.
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties().Where(p => p.Name != "xmin"))
            {
                property.SetColumnName(SnakeCase(property.Name));
            }
        }

        modelBuilder.AddMessagingTables();
        modelBuilder.AddAuditTrail();
    }

    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}

using System.Text;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Seomin.DormantAssets.Api.Data.Configurations;
using Seomin.DormantAssets.Api.Features.Lookup;
using Seomin.DormantAssets.Domain.Assets;
using Seomin.DormantAssets.Domain;
using Seomin.DormantAssets.Domain.Claims;
using Seomin.Messaging;
using Seomin.PersonalData.Audit;

namespace Seomin.DormantAssets.Api.Data;

public sealed class DormantAssetsDbContext(DbContextOptions<DormantAssetsDbContext> options) : DbContext(options)
{
    public const string Schema = "dormant";

    /// <summary>The primary key of <c>verification_uses</c>: a verification id can be recorded once.</summary>
    public const string VerificationUsesKey = "PK_verification_uses";

    public DbSet<DormantAsset> Assets => Set<DormantAsset>();

    public DbSet<RefundClaim> Claims => Set<RefundClaim>();

    public DbSet<TransferBatch> Batches => Set<TransferBatch>();

    public DbSet<TransferRejection> Rejections => Set<TransferRejection>();

    public DbSet<VerificationUse> VerificationUses => Set<VerificationUse>();

    public DbSet<PartnerConsent> Consents => Set<PartnerConsent>();

    public DbSet<AutomaticLookupNotice> Notices => Set<AutomaticLookupNotice>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    /// <summary>
    /// Saves in one transaction; a second use of an identity verification (the insert into <c>verification_uses</c>
    /// refused by its primary key) becomes <see cref="OwnerVerification.VerificationAlreadyUsed"/>, and nothing of the
    /// request is saved — no lookup is served or audited and no claim is made on a used verification.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: VerificationUsesKey })
        {
            throw new DormantRuleException(OwnerVerification.VerificationAlreadyUsed, "This identity verification was already used; verify again.");
        }
    }

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

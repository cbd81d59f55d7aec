using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Seomin.Guarantee.Domain.Guarantees;
using Seomin.Guarantee.Domain.Products;
using Seomin.Guarantee.Domain.Screening;
using Seomin.Messaging;
using Seomin.PersonalData.Audit;

namespace Seomin.Guarantee.Api.Data;

public sealed class GuaranteeDbContext(DbContextOptions<GuaranteeDbContext> options) : DbContext(options)
{
    public const string Schema = "guarantee";

    public DbSet<ProductVersion> ProductVersions => Set<ProductVersion>();

    public DbSet<GuaranteeApplication> Applications => Set<GuaranteeApplication>();

    public DbSet<ApplicantIdentity> ApplicantIdentities => Set<ApplicantIdentity>();

    public DbSet<CreditGuarantee> Guarantees => Set<CreditGuarantee>();

    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    public DbSet<CustomerIncentive> CustomerIncentives => Set<CustomerIncentive>();

    public DbSet<FundBalance> FundBalances => Set<FundBalance>();

    public DbSet<SupplyPlan> SupplyPlans => Set<SupplyPlan>();

    public DbSet<RefundTransfer> RefundTransfers => Set<RefundTransfer>();

    public DbSet<LenderRemittance> LenderRemittances => Set<LenderRemittance>();

    public DbSet<GuaranteeExtension> GuaranteeExtensions => Set<GuaranteeExtension>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.HasSequence<long>("certificate_number_seq");
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(GuaranteeDbContext).Assembly);
        ApplySnakeCase(modelBuilder);
        modelBuilder.AddMessagingTables();
        modelBuilder.AddAuditTrail();
    }

    // The shared tables name their columns themselves; ours follow the same snake_case convention.
    private static void ApplySnakeCase(ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table)
            {
                entity.SetTableName(SnakeCase(table));
            }

            var storeObject = StoreObjectIdentifier.Create(entity, StoreObjectType.Table);
            var tableSplit = entity.FindOwnership() is { IsUnique: true };
            foreach (var property in entity.GetProperties())
            {
                // A table-split owned type's key is the owner's key column; it follows the owner.
                if (tableSplit && property.IsPrimaryKey())
                {
                    continue;
                }

                if (storeObject is { } so && property.GetColumnName(so) is { } column && property.Name != "xmin")
                {
                    property.SetColumnName(SnakeCase(column));
                }
            }

            foreach (var key in entity.GetKeys())
            {
                key.SetName(SnakeCase(key.GetName()!));
            }

            foreach (var foreignKey in entity.GetForeignKeys())
            {
                foreignKey.SetConstraintName(SnakeCase(foreignKey.GetConstraintName()!));
            }

            foreach (var index in entity.GetIndexes())
            {
                index.SetDatabaseName(SnakeCase(index.GetDatabaseName()!));
            }
        }
    }

    internal static string SnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsUpper(c))
            {
                if (i > 0 && name[i - 1] != '_' && (char.IsLower(name[i - 1]) || char.IsDigit(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    builder.Append('_');
                }

                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}

using Microsoft.EntityFrameworkCore;
using Seomin.Messaging;
using Seomin.PersonalData.Audit;
using Seomin.Subrogation.Api.Data.Configurations;
using Seomin.Subrogation.Domain.Claims;
using Seomin.Subrogation.Domain.Legal;
using Seomin.Subrogation.Domain.Recourse;

namespace Seomin.Subrogation.Api.Data;

public sealed class SubrogationDbContext(DbContextOptions<SubrogationDbContext> options) : DbContext(options)
{
    public const string Schema = "subrogation";

    public DbSet<GuaranteeCoverProjection> Guarantees => Set<GuaranteeCoverProjection>();

    public DbSet<SubrogationClaim> Claims => Set<SubrogationClaim>();

    public DbSet<RecourseClaim> RecourseClaims => Set<RecourseClaim>();

    public DbSet<RecoveryRecord> Recoveries => Set<RecoveryRecord>();

    public DbSet<BookMovement> Movements => Set<BookMovement>();

    public DbSet<GuaranteeStatusEvent> StatusEvents => Set<GuaranteeStatusEvent>();

    public DbSet<DebtorIdentity> Debtors => Set<DebtorIdentity>();

    public DbSet<LegalStep> LegalSteps => Set<LegalStep>();

    public DbSet<ReliefCase> ReliefCases => Set<ReliefCase>();

    public DbSet<BalanceCertificate> Certificates => Set<BalanceCertificate>();

    /// <summary>Every recourse claim changed by a request is regraded from its facts as of the day it is brought up to.</summary>
    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        foreach (var entry in ChangeTracker.Entries<RecourseClaim>().Where(e => e.State is EntityState.Added or EntityState.Modified))
        {
            entry.Entity.Regrade(entry.Entity.AccruedThrough);
        }

        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ClaimConfiguration).Assembly);
        modelBuilder.AddMessagingTables();
        modelBuilder.AddAuditTrail();
    }
}

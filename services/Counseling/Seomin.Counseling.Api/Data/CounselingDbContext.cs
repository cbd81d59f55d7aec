using Microsoft.EntityFrameworkCore;
using Seomin.Counseling.Api.Data.Configurations;
using Seomin.Counseling.Domain.Completions;
using Seomin.Counseling.Domain.Reservations;
using Seomin.Counseling.Domain.Sessions;
using Seomin.Counseling.Domain.Voc;
using Seomin.Messaging;
using Seomin.PersonalData.Audit;

namespace Seomin.Counseling.Api.Data;

public sealed class CounselingDbContext(DbContextOptions<CounselingDbContext> options) : DbContext(options)
{
    public const string Schema = "counseling";

    public DbSet<CounselingSession> Sessions => Set<CounselingSession>();

    public DbSet<SessionIdentity> SessionIdentities => Set<SessionIdentity>();

    public DbSet<CallbackReservation> Reservations => Set<CallbackReservation>();

    public DbSet<ProgramCompletion> Completions => Set<ProgramCompletion>();

    public DbSet<VocCase> VocCases => Set<VocCase>();

    public DbSet<TimelineEntry> Timeline => Set<TimelineEntry>();

    public DbSet<RestrictedCustomer> RestrictedCustomers => Set<RestrictedCustomer>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SessionConfiguration).Assembly);
        modelBuilder.AddMessagingTables();
        modelBuilder.AddAuditTrail();
    }
}

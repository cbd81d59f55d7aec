using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Seomin.Messaging;
using AspNetIdentityDbContext = Microsoft.AspNetCore.Identity.EntityFrameworkCore.IdentityDbContext<
    Seomin.Identity.Api.Data.StaffUser, Microsoft.AspNetCore.Identity.IdentityRole, string>;

namespace Seomin.Identity.Api.Data;

/// <summary>
/// The token service's tables in <c>gatewaydb</c>, schema <c>identity</c>: staff users and roles (ASP.NET Core
/// Identity), OpenIddict's applications, scopes, authorizations and tokens, client profiles, server keys, the
/// Data Protection key ring, the security-event trail, revocation notices and the outbox.
/// </summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options)
    : AspNetIdentityDbContext(options), IDataProtectionKeyContext
{
    public const string Schema = "identity";

    public DbSet<ClientProfile> ClientProfiles => Set<ClientProfile>();

    public DbSet<ServerKey> ServerKeys => Set<ServerKey>();

    public DbSet<SecurityEvent> SecurityEvents => Set<SecurityEvent>();

    public DbSet<RevocationEntry> Revocations => Set<RevocationEntry>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(40);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.HasDefaultSchema(Schema);
        builder.UseOpenIddict();
        builder.ApplyConfigurationsFromAssembly(typeof(IdentityDbContext).Assembly);
        builder.Entity<IdentityRole>().ToTable("AspNetRoles");
        builder.AddMessagingTables();
    }
}

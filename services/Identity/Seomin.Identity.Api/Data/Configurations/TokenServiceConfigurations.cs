using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Seomin.Identity.Api.Data.Configurations;

internal sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> builder)
    {
        builder.Property(u => u.DisplayName).HasMaxLength(100);
        builder.Property(u => u.Branch).HasMaxLength(100);
    }
}

internal sealed class ClientProfileConfiguration : IEntityTypeConfiguration<ClientProfile>
{
    public void Configure(EntityTypeBuilder<ClientProfile> builder)
    {
        builder.ToTable("client_profiles");
        builder.HasKey(c => c.ClientId);
        builder.Property(c => c.ClientId).HasMaxLength(100);
        builder.Property(c => c.DisplayName).HasMaxLength(200);
        builder.Property(c => c.ClientType).HasMaxLength(20);
        builder.Property(c => c.PartnerCode).HasMaxLength(20);
        builder.Property(c => c.InstitutionCode).HasMaxLength(10);
        builder.Property(c => c.Version).IsRowVersion();
    }
}

internal sealed class ServerKeyConfiguration : IEntityTypeConfiguration<ServerKey>
{
    public void Configure(EntityTypeBuilder<ServerKey> builder)
    {
        builder.ToTable("server_keys");
        builder.HasKey(k => k.KeyId);
        builder.Property(k => k.KeyId).HasMaxLength(64);
        builder.Property(k => k.Algorithm).HasMaxLength(20);
        builder.Ignore(k => k.Signs);
    }
}

internal sealed class SecurityEventConfiguration : IEntityTypeConfiguration<SecurityEvent>
{
    public void Configure(EntityTypeBuilder<SecurityEvent> builder)
    {
        builder.ToTable("security_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Kind).HasMaxLength(60);
        builder.Property(e => e.Subject).HasMaxLength(100);
        builder.Property(e => e.Actor).HasMaxLength(100);
        builder.Property(e => e.ClientId).HasMaxLength(100);
        builder.Property(e => e.RemoteAddress).HasMaxLength(64);
        builder.Property(e => e.Detail).HasMaxLength(500);
        builder.HasIndex(e => new { e.Subject, e.OccurredAt });
    }
}

internal sealed class RevocationEntryConfiguration : IEntityTypeConfiguration<RevocationEntry>
{
    public void Configure(EntityTypeBuilder<RevocationEntry> builder)
    {
        builder.ToTable("revocations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.TokenId).HasMaxLength(100);
        builder.Property(r => r.Subject).HasMaxLength(100);
        builder.Property(r => r.ClientId).HasMaxLength(100);
        builder.Property(r => r.Reason).HasMaxLength(60);
        builder.HasIndex(r => r.ExpiresAt);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Seomin.Counseling.Domain.Sessions;
using Seomin.PersonalData;

namespace Seomin.Counseling.Api.Data.Configurations;

internal sealed class SessionConfiguration : IEntityTypeConfiguration<CounselingSession>
{
    public void Configure(EntityTypeBuilder<CounselingSession> b)
    {
        b.ToTable("sessions");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.CustomerId).HasMaxLength(40);
        b.Property(s => s.CounselorId).HasMaxLength(100);
        b.Property(s => s.CentreCode).HasMaxLength(40);
        b.Property(s => s.Notes).HasMaxLength(8000);
        b.HasIndex(s => s.CustomerId);
        b.HasIndex(s => new { s.CounselorId, s.StartedAt });
        b.HasIndex(s => s.StartedAt);
        b.HasMany(s => s.Referrals).WithOne().HasForeignKey(r => r.SessionId);
        b.HasMany(s => s.FollowUps).WithOne().HasForeignKey(f => f.SessionId);
        b.Navigation(s => s.Referrals).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Navigation(s => s.FollowUps).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ReferralConfiguration : IEntityTypeConfiguration<Referral>
{
    public void Configure(EntityTypeBuilder<Referral> b)
    {
        b.ToTable("session_referrals");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Note).HasMaxLength(1000);
    }
}

internal sealed class FollowUpTaskConfiguration : IEntityTypeConfiguration<FollowUpTask>
{
    public void Configure(EntityTypeBuilder<FollowUpTask> b)
    {
        b.ToTable("session_follow_ups");
        b.HasKey(f => f.Id);
        b.Property(f => f.Id).ValueGeneratedNever();
        b.Property(f => f.Description).HasMaxLength(2000);
        b.Property(f => f.Assignee).HasMaxLength(100);
        b.HasIndex(f => new { f.Assignee, f.DueOn });
    }
}

internal sealed class SessionIdentityConfiguration : IEntityTypeConfiguration<SessionIdentity>
{
    public void Configure(EntityTypeBuilder<SessionIdentity> b)
    {
        b.ToTable("session_identities");
        b.HasKey(i => i.SessionId);
        b.Property(i => i.Rrn).IsEncrypted();
        b.Property(i => i.RrnBlindIndex).HasMaxLength(100);
        b.HasIndex(i => i.RrnBlindIndex);
        b.HasOne<CounselingSession>().WithOne().HasForeignKey<SessionIdentity>(i => i.SessionId);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Seomin.Guarantee.Domain.Screening;
using Seomin.PersonalData;

namespace Seomin.Guarantee.Api.Data.Configurations;

internal sealed class ApplicationConfiguration : IEntityTypeConfiguration<GuaranteeApplication>
{
    public void Configure(EntityTypeBuilder<GuaranteeApplication> b)
    {
        b.ToTable("Applications");
        b.HasKey(a => a.Id);
        b.Property(a => a.Id).ValueGeneratedNever();
        b.Property(a => a.CustomerId).HasMaxLength(40);
        b.Property(a => a.ProductCode).HasMaxLength(40);
        b.Property(a => a.LenderCode).HasMaxLength(40);
        b.Property(a => a.DecisionReason).HasMaxLength(2000);
        b.Property(a => a.DecidedBy).HasMaxLength(200);
        b.Property(a => a.SubmittedBy).HasMaxLength(200);
        b.Property(a => a.SubmittedByClient).HasMaxLength(200);
        b.Property(a => a.PartnerCode).HasMaxLength(40);
        b.Property(a => a.BranchCode).HasMaxLength(40);
        b.OwnsOne(a => a.Profile, p =>
        {
            p.Property(x => x.CreditPercentile).HasPrecision(5, 2);
            p.Ignore(x => x.CreditGrade);
        });
        b.Navigation(a => a.Profile).IsRequired();
        b.Property<List<RuleOutcome>>("_rules").HasColumnName("Rules").HasJsonConversion();
        b.Ignore(a => a.Rules);
        b.HasIndex(a => a.CustomerId);
        b.HasIndex(a => a.PartnerCode);
        b.HasIndex(a => new { a.Status, a.SubmittedAt });
    }
}

internal sealed class ApplicantIdentityConfiguration : IEntityTypeConfiguration<ApplicantIdentity>
{
    public void Configure(EntityTypeBuilder<ApplicantIdentity> b)
    {
        b.ToTable("ApplicantIdentities");
        b.HasKey(i => i.ApplicationId);
        b.Property(i => i.Rrn).IsEncrypted();
        b.Property(i => i.RrnBlindIndex).HasMaxLength(100);
        b.Property(i => i.CustomerId).HasMaxLength(40);
        b.HasIndex(i => i.RrnBlindIndex);
        b.HasOne<GuaranteeApplication>().WithOne().HasForeignKey<ApplicantIdentity>(i => i.ApplicationId);
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> b)
    {
        b.ToTable("IdempotencyRecords");
        b.HasKey(r => r.Key);
        b.Property(r => r.Key).HasMaxLength(200);
        b.Property(r => r.RequestHash).HasMaxLength(64);
        b.Property(r => r.Location).HasMaxLength(300);
    }
}

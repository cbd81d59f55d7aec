using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Seomin.PersonalData;
using Seomin.Subrogation.Domain.Legal;

namespace Seomin.Subrogation.Api.Data.Configurations;

public sealed class DebtorIdentityConfiguration : IEntityTypeConfiguration<DebtorIdentity>
{
    public void Configure(EntityTypeBuilder<DebtorIdentity> b)
    {
        b.ToTable("debtor_identities");
        b.HasKey(d => d.ClaimId);
        b.Property(d => d.ClaimId).ValueGeneratedNever();
        b.Property(d => d.Rrn).IsEncrypted();
        b.Property(d => d.RrnBlindIndex).HasMaxLength(100);
        b.Property(d => d.Name).IsEncrypted();
        b.Property(d => d.CustomerId).HasMaxLength(64);
        b.Property(d => d.RecordedBy).HasMaxLength(100);
        b.HasIndex(d => d.RrnBlindIndex);
    }
}

public sealed class ReliefCaseConfiguration : IEntityTypeConfiguration<ReliefCase>
{
    public void Configure(EntityTypeBuilder<ReliefCase> b)
    {
        b.ToTable("relief_cases");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.Property(c => c.CaseNumber).HasMaxLength(60);
        b.Property(c => c.RegisteredBy).HasMaxLength(100);
        b.Property(c => c.EndedBy).HasMaxLength(100);
        b.HasIndex(c => c.RecourseId);
    }
}

public sealed class BalanceCertificateConfiguration : IEntityTypeConfiguration<BalanceCertificate>
{
    public void Configure(EntityTypeBuilder<BalanceCertificate> b)
    {
        b.ToTable("balance_certificates");
        b.HasKey(c => c.Number);
        b.Property(c => c.Number).HasMaxLength(40);
        b.Property(c => c.CustomerId).HasMaxLength(64);
        b.Property(c => c.DebtorNameMasked).HasMaxLength(100);
        b.Property(c => c.DebtorRrnMasked).HasMaxLength(20);
        b.Property(c => c.IssuedBy).HasMaxLength(100);
        b.HasIndex(c => c.RecourseId);
    }
}

public sealed class LegalStepConfiguration : IEntityTypeConfiguration<LegalStep>
{
    public void Configure(EntityTypeBuilder<LegalStep> b)
    {
        b.ToTable("legal_steps");
        b.HasKey(s => s.Id);
        b.Property(s => s.Id).ValueGeneratedNever();
        b.Property(s => s.Reference).HasMaxLength(100);
        b.Property(s => s.NextCitation).HasMaxLength(200);
        b.Ignore(s => s.IsFinalTitle);
        b.HasIndex(s => s.RecourseId);
        b.HasIndex(s => s.NextDueOn);
        b.Property<uint>("xmin").IsRowVersion();
    }
}

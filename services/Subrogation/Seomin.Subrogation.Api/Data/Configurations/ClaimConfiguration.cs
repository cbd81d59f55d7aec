using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Seomin.Subrogation.Domain.Claims;

namespace Seomin.Subrogation.Api.Data.Configurations;

public sealed class ClaimConfiguration : IEntityTypeConfiguration<SubrogationClaim>
{
    public void Configure(EntityTypeBuilder<SubrogationClaim> b)
    {
        b.ToTable("claims");
        b.HasKey(c => c.Id);
        b.Property(c => c.Id).ValueGeneratedNever();
        b.OwnsOne(c => c.Cover, cover =>
        {
            cover.Property(x => x.GuaranteeId).HasColumnName("guarantee_id");
            cover.Property(x => x.CustomerId).HasColumnName("customer_id").HasMaxLength(64);
            cover.Property(x => x.LenderCode).HasColumnName("lender_code").HasMaxLength(20);
            cover.Property(x => x.FundCode).HasColumnName("fund_code").HasMaxLength(40);
            cover.Property(x => x.GuaranteeRatio).HasColumnName("guarantee_ratio").HasPrecision(5, 4);
            cover.Property(x => x.GuaranteedAmount).HasColumnName("guaranteed_amount");
            cover.Property(x => x.IssuedOn).HasColumnName("issued_on");
            cover.Property(x => x.TerminatedOn).HasColumnName("terminated_on");
            cover.HasIndex(x => x.GuaranteeId);
        });
        b.Navigation(c => c.Cover).IsRequired();
        b.OwnsOne(c => c.Payable, payable =>
        {
            payable.Property(x => x.Principal).HasColumnName("payable_principal");
            payable.Property(x => x.Interest).HasColumnName("payable_interest");
            payable.Property(x => x.Costs).HasColumnName("payable_costs");
            payable.Property(x => x.GuaranteeRatio).HasColumnName("payable_ratio").HasPrecision(5, 4);
            payable.Property(x => x.GuarantorShare).HasColumnName("guarantor_share");
            payable.Property(x => x.LenderShare).HasColumnName("lender_share");
            payable.Ignore(x => x.Base);
        });
        b.Property(c => c.ContractAnnualRate).HasPrecision(7, 6);
        b.Property(c => c.FiledBy).HasMaxLength(100);
        b.Property(c => c.ReviewedBy).HasMaxLength(100);
        b.Property(c => c.DecidedBy).HasMaxLength(100);
        b.Property(c => c.RejectionReason).HasMaxLength(500);
        b.Property(c => c.TransferReference).HasMaxLength(64);
        b.Property(c => c.PayeeBankCode).HasMaxLength(10);
        b.Property(c => c.PayeeAccount).HasMaxLength(40);
        b.Property<uint>("xmin").IsRowVersion();
        b.HasIndex(c => c.Status);
    }
}

public sealed class RecourseConfiguration : IEntityTypeConfiguration<Domain.Recourse.RecourseClaim>
{
    public void Configure(EntityTypeBuilder<Domain.Recourse.RecourseClaim> b)
    {
        b.ToTable("recourse_claims");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.HasIndex(r => r.ClaimId).IsUnique();
        b.HasIndex(r => r.CustomerId);
        b.HasIndex(r => new { r.Status, r.Category });
        b.Property(r => r.CustomerId).HasMaxLength(64);
        b.Property(r => r.FundCode).HasMaxLength(40);
        b.Property(r => r.LateChargeAccrued).HasPrecision(28, 8);
        b.Property(r => r.Buyer).HasMaxLength(200);
        b.Ignore(r => r.IsOpen);
        b.Ignore(r => r.GradingFacts);
        b.Property(r => r.AssignedOfficer).HasMaxLength(100);
        b.Property(r => r.GradeRule).HasMaxLength(60);
        b.HasIndex(r => new { r.AssignedOfficer, r.LimitationExpiresOn });
        b.Ignore(r => r.LateChargeDue);

        b.Property(r => r.Plan).HasColumnName("instalment_plan").HasColumnType("jsonb")
            .HasConversion(InstalmentPlanConversion.Converter, InstalmentPlanConversion.Comparer);
        b.Property<uint>("xmin").IsRowVersion();
    }
}

public sealed class GuaranteeCoverConfiguration : IEntityTypeConfiguration<GuaranteeCoverProjection>
{
    public void Configure(EntityTypeBuilder<GuaranteeCoverProjection> b)
    {
        b.ToTable("guarantees");
        b.HasKey(g => g.GuaranteeId);
        b.Property(g => g.GuaranteeId).ValueGeneratedNever();
        b.Property(g => g.CustomerId).HasMaxLength(64);
        b.Property(g => g.ProductCode).HasMaxLength(40);
        b.Property(g => g.LenderCode).HasMaxLength(20);
        b.Property(g => g.FundCode).HasMaxLength(40);
        b.Property(g => g.GuaranteeRatio).HasPrecision(5, 4);
        b.Property(g => g.AccidentKind).HasMaxLength(40);
        b.Property(g => g.TerminationReason).HasMaxLength(200);
        b.Ignore(g => g.IsIssued);
        b.Ignore(g => g.InAccident);
        b.HasIndex(g => g.CustomerId);
        b.Property<uint>("xmin").IsRowVersion();
    }
}

public sealed class GuaranteeStatusEventConfiguration : IEntityTypeConfiguration<GuaranteeStatusEvent>
{
    public void Configure(EntityTypeBuilder<GuaranteeStatusEvent> b)
    {
        b.ToTable("guarantee_status_events");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.HasIndex(e => new { e.GuaranteeId, e.OccurredAt });
    }
}

public sealed class BookMovementConfiguration : IEntityTypeConfiguration<BookMovement>
{
    public void Configure(EntityTypeBuilder<BookMovement> b)
    {
        b.ToTable("book_movements");
        b.HasKey(m => m.Id);
        b.Property(m => m.FundCode).HasMaxLength(40);
        b.Property(m => m.RecordedBy).HasMaxLength(100);
        b.HasIndex(m => new { m.Category, m.Movement, m.SourceId }).IsUnique();
        b.HasIndex(m => new { m.Category, m.On });
    }
}

public sealed class RecoveryConfiguration : IEntityTypeConfiguration<RecoveryRecord>
{
    public void Configure(EntityTypeBuilder<RecoveryRecord> b)
    {
        b.ToTable("recoveries");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.Source).HasMaxLength(40);
        b.Property(r => r.RecordedBy).HasMaxLength(100);
        b.HasIndex(r => r.RecourseId);
    }
}

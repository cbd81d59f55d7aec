using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Seomin.Guarantee.Api.Data.Configurations;

internal sealed class CustomerIncentiveConfiguration : IEntityTypeConfiguration<CustomerIncentive>
{
    public void Configure(EntityTypeBuilder<CustomerIncentive> b)
    {
        b.ToTable("CustomerIncentives");
        b.HasKey(i => i.CompletionId);
        b.Property(i => i.CompletionId).ValueGeneratedNever();
        b.Property(i => i.CustomerId).HasMaxLength(40);
        b.HasIndex(i => new { i.CustomerId, i.Kind });
    }
}

internal sealed class FundBalanceConfiguration : IEntityTypeConfiguration<FundBalance>
{
    public void Configure(EntityTypeBuilder<FundBalance> b)
    {
        b.ToTable("FundBalances");
        b.HasKey(f => f.FundCode);
        b.Property(f => f.FundCode).HasMaxLength(40);
    }
}

internal sealed class SupplyPlanConfiguration : IEntityTypeConfiguration<SupplyPlan>
{
    public void Configure(EntityTypeBuilder<SupplyPlan> b)
    {
        b.ToTable("SupplyPlans");
        b.HasKey(p => new { p.ProductCode, p.Year });
        b.Property(p => p.ProductCode).HasMaxLength(40);
        b.Property(p => p.Source).HasMaxLength(300);
    }
}

internal sealed class RefundTransferConfiguration : IEntityTypeConfiguration<RefundTransfer>
{
    public void Configure(EntityTypeBuilder<RefundTransfer> b)
    {
        b.ToTable("RefundTransfers");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).ValueGeneratedNever();
        b.Property(t => t.CustomerId).HasMaxLength(40);
        b.Property(t => t.BankCode).HasMaxLength(10);
        b.Property(t => t.MaskedAccountNumber).HasMaxLength(40);
        b.Property(t => t.BankReference).HasMaxLength(100);
        b.HasIndex(t => new { t.GuaranteeId, t.Status });
    }
}

internal sealed class LenderRemittanceConfiguration : IEntityTypeConfiguration<LenderRemittance>
{
    public void Configure(EntityTypeBuilder<LenderRemittance> b)
    {
        b.ToTable("LenderRemittances");
        b.HasKey(r => r.Id);
        b.Property(r => r.Id).ValueGeneratedNever();
        b.Property(r => r.LenderCode).HasMaxLength(40);
        b.Property(r => r.Reference).HasMaxLength(100);
        b.HasIndex(r => r.Reference).IsUnique();
        b.HasIndex(r => new { r.LenderCode, r.Month });
    }
}

internal sealed class GuaranteeExtensionConfiguration : IEntityTypeConfiguration<GuaranteeExtension>
{
    public void Configure(EntityTypeBuilder<GuaranteeExtension> b)
    {
        b.ToTable("GuaranteeExtensions");
        b.HasKey(e => e.Id);
        b.Property(e => e.Id).ValueGeneratedNever();
        b.Property(e => e.ProductCode).HasMaxLength(40);
        b.Property(e => e.FundCode).HasMaxLength(40);
        b.HasIndex(e => e.ExtendedOn);
    }
}

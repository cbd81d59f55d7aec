using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Seomin.Guarantee.Domain.Guarantees;

namespace Seomin.Guarantee.Api.Data.Configurations;

internal sealed class GuaranteeConfiguration : IEntityTypeConfiguration<CreditGuarantee>
{
    public void Configure(EntityTypeBuilder<CreditGuarantee> b)
    {
        b.ToTable("Guarantees");
        b.HasKey(g => g.Id);
        b.Property(g => g.Id).ValueGeneratedNever();
        b.Property<uint>("xmin").IsRowVersion();
        b.Property(g => g.CustomerId).HasMaxLength(40);
        b.Property(g => g.ProductCode).HasMaxLength(40);
        b.Property(g => g.LenderCode).HasMaxLength(40);
        b.Property(g => g.FundCode).HasMaxLength(40);
        b.Property(g => g.BranchCode).HasMaxLength(40);
        b.Property(g => g.AdditionalFeeRate).HasPrecision(9, 6);
        b.Property(g => g.CertificateNumber).HasMaxLength(40);
        b.Property(g => g.AccidentKind).HasMaxLength(40);
        b.Property(g => g.EndReason).HasMaxLength(100);
        b.Property(g => g.GuaranteeRatio).HasPrecision(5, 4);
        b.Property(g => g.FeeRate).HasPrecision(9, 6);
        b.Property(g => g.FeeRateCap).HasPrecision(9, 6);
        b.Ignore(g => g.LapseDeadline);
        b.Ignore(g => g.PaidBalance);
        b.Ignore(g => g.Overpayment);
        b.Ignore(g => g.FeesOutstanding);
        b.Ignore(g => g.OutstandingGuaranteed);
        b.Ignore(g => g.CustomerExposure);
        b.Ignore(g => g.IsLive);
        b.HasIndex(g => g.ApplicationId).IsUnique();
        b.HasIndex(g => g.CertificateNumber).IsUnique();
        b.HasIndex(g => new { g.CustomerId, g.ProductCode });
        b.HasIndex(g => new { g.Status, g.ApprovedOn });
        b.HasIndex(g => new { g.ApprovedOn, g.GuaranteedAmount });

        b.OwnsMany(g => g.Instalments, i =>
        {
            i.ToTable("FeeInstalments");
            i.WithOwner().HasForeignKey("GuaranteeId");
            i.HasKey("GuaranteeId", nameof(Seomin.Guarantee.Domain.Fees.FeeInstalment.Sequence));
            i.Property(x => x.Sequence).ValueGeneratedNever();
            i.Ignore(x => x.NetPaid);
            i.Ignore(x => x.Owed);
            i.Ignore(x => x.Unpaid);
        });
        b.Navigation(g => g.Instalments).HasField("_instalments").UsePropertyAccessMode(PropertyAccessMode.Field);

        b.OwnsMany(g => g.Ledger, l =>
        {
            l.ToTable("FeeLedgerEntries");
            l.WithOwner().HasForeignKey("GuaranteeId");
            l.HasKey(x => x.Id);
            l.Property(x => x.Id).ValueGeneratedNever();
            l.Property(x => x.Reason).HasMaxLength(200);
            l.Property(x => x.SettledBy).HasMaxLength(40);
            l.HasIndex(x => new { x.SettledBy, x.OccurredOn });
            l.HasIndex("GuaranteeId", nameof(Seomin.Guarantee.Domain.Fees.FeeLedgerEntry.Sequence)).IsUnique();
        });
        b.Navigation(g => g.Ledger).HasField("_ledger").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Seomin.Guarantee.Domain.Products;

namespace Seomin.Guarantee.Api.Data.Configurations;

internal sealed class ProductVersionConfiguration : IEntityTypeConfiguration<ProductVersion>
{
    public void Configure(EntityTypeBuilder<ProductVersion> b)
    {
        b.ToTable("ProductVersions");
        b.HasKey(p => new { p.Code, p.Version });
        b.Property(p => p.Code).HasMaxLength(40);
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Eligibility).HasJsonConversion();
        b.Property(p => p.Reductions).HasJsonConversion();
        b.Property(p => p.TermMonthsOptions).HasJsonConversion();
        b.Property(p => p.AnnualFeeRate).HasPrecision(9, 6);
        b.Property(p => p.GuaranteeRatio).HasPrecision(5, 4);
        b.Property(p => p.FundCode).HasMaxLength(40);
        b.Property(p => p.AdditionalFeeRate).HasPrecision(9, 6);
        b.Property(p => p.UpfrontTermDiscounts).HasJsonConversion();
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Seomin.Counseling.Api.Data.Configurations;

internal sealed class TimelineConfiguration : IEntityTypeConfiguration<TimelineEntry>
{
    public void Configure(EntityTypeBuilder<TimelineEntry> b)
    {
        b.ToTable("timeline_entries");
        b.HasKey(t => t.Id);
        b.Property(t => t.Id).ValueGeneratedNever();
        b.Property(t => t.CustomerId).HasMaxLength(40);
        b.Property(t => t.SourceService).HasMaxLength(40);
        b.Property(t => t.Kind).HasMaxLength(80);
        b.Property(t => t.BusinessKey).HasMaxLength(200);
        b.Property(t => t.Summary).HasMaxLength(500);
        b.Property(t => t.Details).HasColumnType("jsonb");
        b.HasIndex(t => t.SourceEventId).IsUnique();
        b.HasIndex(t => new { t.Kind, t.BusinessKey }).IsUnique();
        // The timeline is read newest first per customer; ties broken by id for a stable page order.
        b.HasIndex(t => new { t.CustomerId, t.OccurredAt, t.Id });
    }
}

internal sealed class RestrictedCustomerConfiguration : IEntityTypeConfiguration<RestrictedCustomer>
{
    public void Configure(EntityTypeBuilder<RestrictedCustomer> b)
    {
        b.ToTable("restricted_customers");
        b.HasKey(r => r.CustomerId);
        b.Property(r => r.CustomerId).HasMaxLength(40);
        b.Property(r => r.Reason).HasMaxLength(300);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Seomin.Counseling.Domain.Voc;

namespace Seomin.Counseling.Api.Data.Configurations;

internal sealed class VocConfiguration : IEntityTypeConfiguration<VocCase>
{
    public void Configure(EntityTypeBuilder<VocCase> b)
    {
        b.ToTable("voc_cases");
        b.HasKey(v => v.Id);
        b.Property(v => v.Id).ValueGeneratedNever();
        b.Property(v => v.CustomerId).HasMaxLength(40);
        b.Property(v => v.Subject).HasMaxLength(300);
        b.Property(v => v.Content).HasMaxLength(8000);
        b.Property(v => v.Department).HasMaxLength(100);
        b.Property(v => v.Answer).HasMaxLength(8000);
        b.Property(v => v.SatisfactionComment).HasMaxLength(2000);
        b.Property(v => v.TransferredToAgency).HasMaxLength(200);
        // PostgreSQL's xmin as an optimistic concurrency token: two SLA sweeps never both mark one breach.
        b.Property<uint>("Version").HasColumnName("xmin").HasColumnType("xid").ValueGeneratedOnAddOrUpdate().IsConcurrencyToken();
        b.HasIndex(v => new { v.Status, v.DueAt });
        b.HasIndex(v => v.CustomerId);
        b.HasIndex(v => v.SubmittedAt);
        b.HasMany(v => v.Notices).WithOne().HasForeignKey(n => n.VocId);
        b.Navigation(v => v.Notices).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class VocNoticeConfiguration : IEntityTypeConfiguration<VocNotice>
{
    public void Configure(EntityTypeBuilder<VocNotice> b)
    {
        b.ToTable("voc_notices");
        b.HasKey(n => n.Id);
        b.Property(n => n.Id).ValueGeneratedNever();
        b.Property(n => n.Text).HasMaxLength(8000);
        b.Property(n => n.ResponsibleOfficer).HasMaxLength(100);
    }
}

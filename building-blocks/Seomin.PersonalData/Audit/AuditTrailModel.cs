using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Seomin.PersonalData.Audit;

/// <summary>Maps the audit trail into a service's DbContext.</summary>
public static class AuditTrailModelBuilderExtensions
{
    /// <summary>
    /// Adds the <c>audit_log</c> table (in <paramref name="schema"/>, default: the model's default schema).
    /// The table needs its triggers: call <see cref="AuditTrailSql.CreateTriggers"/> from a migration
    /// (<c>migrationBuilder.Sql(...)</c>) or <see cref="AuditTrailSql.InstallAsync"/> after EnsureCreated.
    /// </summary>
    public static ModelBuilder AddAuditTrail(this ModelBuilder modelBuilder, string? schema = null)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<AuditLogEntry>(b =>
        {
            b.ToTable(AuditTrailSql.DefaultTable, schema);
            b.HasKey(e => e.Id);
            b.Property(e => e.Id).HasColumnName("id").UseIdentityByDefaultColumn();
            b.Property(e => e.OccurredAt).HasColumnName("occurred_at").IsRequired();
            b.Property(e => e.Actor).HasColumnName("actor").HasMaxLength(200).IsRequired();
            b.Property(e => e.ActorType).HasColumnName("actor_type").HasMaxLength(20).IsRequired();
            b.Property(e => e.ClientIp).HasColumnName("client_ip").HasMaxLength(64);
            b.Property(e => e.Client).HasColumnName("actor_client").HasMaxLength(200);
            b.Property(e => e.Action).HasColumnName("action").HasConversion<string>().HasMaxLength(20).IsRequired();
            b.Property(e => e.Subject).HasColumnName("subject").HasMaxLength(40)
                .HasConversion(new ValueConverter<CustomerId, string>(v => v.Value, v => new CustomerId(v)));
            b.Property(e => e.ResourceType).HasColumnName("resource_type").HasMaxLength(100).IsRequired();
            b.Property(e => e.ResourceId).HasColumnName("resource_id").HasMaxLength(200);
            b.Property(e => e.Reason).HasColumnName("reason").HasMaxLength(1000);
            b.Property(e => e.Changes).HasColumnName("changes").HasColumnType("jsonb");
            b.Property(e => e.PrevHash).HasColumnName("prev_hash").HasMaxLength(64).IsRequired().ValueGeneratedOnAdd();
            b.Property(e => e.Hash).HasColumnName("hash").HasMaxLength(64).IsRequired().ValueGeneratedOnAdd();
            b.HasIndex(e => new { e.Subject, e.OccurredAt }).HasDatabaseName("ix_audit_log_subject_occurred_at");
            b.HasIndex(e => e.OccurredAt).HasDatabaseName("ix_audit_log_occurred_at");
        });
        return modelBuilder;
    }
}

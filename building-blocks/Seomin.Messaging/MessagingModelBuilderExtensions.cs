using Microsoft.EntityFrameworkCore;

namespace Seomin.Messaging;

/// <summary>Adds the outbox, inbox and operator-audit tables to a service's model.</summary>
public static class MessagingModelBuilderExtensions
{
    internal const string OutboxTable = "outbox_messages";
    internal const string InboxTable = "inbox_messages";
    internal const string AuditTable = "messaging_audit";

    /// <summary>Call from <c>OnModelCreating</c>: maps <c>outbox_messages</c>, <c>inbox_messages</c> and <c>messaging_audit</c>.</summary>
    public static ModelBuilder AddMessagingTables(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        modelBuilder.Entity<OutboxMessage>(b =>
        {
            b.ToTable(OutboxTable);
            b.HasKey(m => m.Id);
            b.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
            b.Property(m => m.Sequence).HasColumnName("sequence").UseIdentityAlwaysColumn();
            // The xid8 of the inserting transaction, as bigint: rows are released only once every older
            // transaction has ended, so a slow transaction can never slip in behind delivered rows (ADR 0003).
            b.Property(m => m.TransactionId).HasColumnName("transaction_id")
                .HasDefaultValueSql("(pg_current_xact_id()::text)::bigint").ValueGeneratedOnAdd();
            b.Property(m => m.MessageType).HasColumnName("message_type").HasMaxLength(500);
            b.Property(m => m.Body).HasColumnName("body");
            b.Property(m => m.Headers).HasColumnName("headers");
            b.Property(m => m.CreatedAt).HasColumnName("created_at");
            b.Property(m => m.DeliveredAt).HasColumnName("delivered_at");
            b.HasIndex(m => new { m.TransactionId, m.Sequence })
                .HasDatabaseName("ix_outbox_messages_undelivered")
                .HasFilter("delivered_at IS NULL");
            b.HasIndex(m => m.DeliveredAt).HasDatabaseName("ix_outbox_messages_delivered_at");
        });

        modelBuilder.Entity<InboxMessage>(b =>
        {
            b.ToTable(InboxTable);
            b.HasKey(m => new { m.MessageId, m.ConsumerEndpoint });
            b.Property(m => m.MessageId).HasColumnName("message_id");
            b.Property(m => m.ConsumerEndpoint).HasColumnName("consumer_endpoint").HasMaxLength(300);
            b.Property(m => m.ReceivedAt).HasColumnName("received_at");
            b.HasIndex(m => m.ReceivedAt).HasDatabaseName("ix_inbox_messages_received_at");
        });

        modelBuilder.Entity<MessagingAuditEntry>(b =>
        {
            b.ToTable(AuditTable);
            b.HasKey(m => m.Id);
            b.Property(m => m.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            b.Property(m => m.Actor).HasColumnName("actor").HasMaxLength(200);
            b.Property(m => m.Action).HasColumnName("action").HasMaxLength(50);
            b.Property(m => m.Queue).HasColumnName("queue").HasMaxLength(300);
            b.Property(m => m.MessageId).HasColumnName("message_id");
            b.Property(m => m.MessageCount).HasColumnName("message_count");
            b.Property(m => m.OccurredAt).HasColumnName("occurred_at");
        });

        return modelBuilder;
    }
}

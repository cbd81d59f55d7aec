namespace Seomin.Messaging;

/// <summary>An event stored in the service database in the same transaction as the state change that caused it.</summary>
public sealed class OutboxMessage
{
    /// <summary>The event's <c>EventId</c>; it becomes the MassTransit MessageId, so a redelivery carries the same id.</summary>
    public Guid Id { get; set; }

    /// <summary>Insertion order, assigned by the database (bigint identity).</summary>
    public long Sequence { get; set; }

    /// <summary>The inserting transaction's id (<c>pg_current_xact_id()</c>); the relay orders and holds back by it.</summary>
    public long TransactionId { get; set; }

    /// <summary>The message's stable contract name (<c>[MessageName]</c>, e.g. <c>guarantee.issued</c>); rows written
    /// before stable names hold the CLR full name and assembly name, which still resolve.</summary>
    public required string MessageType { get; set; }

    /// <summary>The message as JSON.</summary>
    public required string Body { get; set; }

    /// <summary>Headers as a JSON object, including <c>traceparent</c> so the trace continues at the consumer.</summary>
    public required string Headers { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the broker confirmed the publish; null while undelivered.</summary>
    public DateTimeOffset? DeliveredAt { get; set; }
}

/// <summary>A message id already processed by one consumer endpoint.</summary>
public sealed class InboxMessage
{
    public Guid MessageId { get; set; }

    public required string ConsumerEndpoint { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>An operator action on an error queue (who, what, when).</summary>
public sealed class MessagingAuditEntry
{
    public long Id { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string Queue { get; set; }

    public Guid? MessageId { get; set; }

    public int MessageCount { get; set; }

    public DateTimeOffset OccurredAt { get; set; }
}

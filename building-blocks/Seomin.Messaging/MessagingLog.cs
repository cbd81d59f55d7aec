using Microsoft.Extensions.Logging;

namespace Seomin.Messaging;

internal static partial class MessagingLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Outbox relay delivery failed; retrying in {Backoff}")]
    public static partial void RelayFailed(ILogger logger, Exception exception, TimeSpan backoff);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Debug, Message = "Outbox relay delivered {Count} messages")]
    public static partial void RelayDelivered(ILogger logger, int count);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Outbox pruned {Outbox} delivered rows and {Inbox} inbox rows")]
    public static partial void Pruned(ILogger logger, int outbox, int inbox);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "Outbox row {MessageId} has unknown message name {MessageType}; it blocks the relay until a version that knows the name relays it")]
    public static partial void UnknownMessageType(ILogger logger, Guid messageId, string messageType);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Inbox dropped message {MessageId} already processed by {Endpoint}")]
    public static partial void DuplicateDropped(ILogger logger, Guid messageId, string endpoint);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Consumer on {Endpoint} failed for message {MessageId}; the transaction was rolled back")]
    public static partial void ConsumerFaulted(ILogger logger, Exception exception, Guid? messageId, string endpoint);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Message {MessageId}: the database is unreachable; consuming again in {Wait} (round {Round})")]
    public static partial void WaitingForDatabase(ILogger logger, Guid? messageId, TimeSpan wait, int round);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Operator {Actor} did {Action} on {Queue} ({Count} messages)")]
    public static partial void OperatorAction(ILogger logger, string actor, string action, string queue, int count);
}

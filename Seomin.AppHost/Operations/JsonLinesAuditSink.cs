using System.Text.Json;
using Seomin.Messaging;

namespace Seomin.AppHost.Operations;

/// <summary>
/// The AppHost's audit trail of operator actions on queues: one JSON object per line, appended to
/// <c>&lt;data&gt;/audit/messaging-operator.jsonl</c> (never rewritten), plus a structured log line.
/// </summary>
internal sealed partial class JsonLinesAuditSink(string dataDirectory, ILogger logger)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);

    public string FilePath { get; } = Path.Combine(dataDirectory, "audit", "messaging-operator.jsonl");

    /// <summary>A sink for <see cref="ErrorQueueOperator"/> that records the virtual host and an <c>ok</c> outcome.</summary>
    public IMessagingAuditSink For(string virtualHost) => new VirtualHostSink(this, virtualHost);

    public async Task WriteAsync(OperatorAuditEntry entry, CancellationToken cancellationToken)
    {
        var line = JsonSerializer.Serialize(entry, JsonSerializerOptions.Web) + "\n";
        await Gate.WaitAsync(cancellationToken);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            await File.AppendAllTextAsync(FilePath, line, cancellationToken);
        }
        finally
        {
            Gate.Release();
        }

        LogAction(logger, entry.Action, entry.VirtualHost, entry.Queue, entry.MessageId, entry.MessageCount, entry.Actor, entry.Outcome);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Operator action {Action} on {VirtualHost}/{Queue} message {MessageId}: {MessageCount} message(s) by {Actor}, {Outcome}")]
    private static partial void LogAction(ILogger logger, string action, string virtualHost, string queue, string? messageId, int messageCount, string actor, string outcome);

    private sealed class VirtualHostSink(JsonLinesAuditSink sink, string virtualHost) : IMessagingAuditSink
    {
        public Task WriteAsync(MessagingAuditRecord record, CancellationToken cancellationToken) =>
            sink.WriteAsync(
                new OperatorAuditEntry(record.OccurredAt, record.Actor, record.Action, virtualHost, record.Queue, record.MessageId?.ToString(), record.MessageCount, "ok"),
                cancellationToken);
    }
}

/// <summary>One line of the operator audit file: who, when, what, on which messages, with what outcome.</summary>
internal sealed record OperatorAuditEntry(
    DateTimeOffset OccurredAt, string Actor, string Action, string VirtualHost, string Queue, string? MessageId, int MessageCount, string Outcome);

using Microsoft.Extensions.Options;
using Seomin.Messaging;

namespace Seomin.AppHost.Dashboard.Messaging;

/// <summary>
/// The AppHost's audit sink for operator actions on queues: every record is logged (so it reaches the AppHost's
/// log and console) and the latest are kept in memory for the Messaging page.
/// </summary>
public sealed class OperatorAuditLog(IOptions<DashboardOptions> options, ILogger<OperatorAuditLog> logger) : IMessagingAuditSink
{
    private readonly Lock _lock = new();
    private readonly LinkedList<DashboardAuditRecord> _records = new();
    private readonly int _max = Math.Max(1, options.Value.MaxAuditRecords);

    /// <summary>Virtual host of the action being recorded; set by the caller around an operator call.</summary>
    internal static readonly AsyncLocal<string?> CurrentVirtualHost = new();

    public Task WriteAsync(MessagingAuditRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var virtualHost = CurrentVirtualHost.Value ?? "/";
        var entry = new DashboardAuditRecord(record.OccurredAt, record.Actor, record.Action, virtualHost, record.Queue, record.MessageId?.ToString(), record.MessageCount, "ok");
        Add(entry);
        return Task.CompletedTask;
    }

    /// <summary>Records an action that failed before the operator could record it.</summary>
    internal void Failed(DateTimeOffset at, string actor, string action, string virtualHost, string queue, string? messageId, string reason) =>
        Add(new DashboardAuditRecord(at, actor, action, virtualHost, queue, messageId, 0, "failed: " + reason));

    /// <summary>The latest records, newest first.</summary>
    public IReadOnlyList<DashboardAuditRecord> GetRecords()
    {
        lock (_lock)
        {
            return _records.ToList();
        }
    }

    private void Add(DashboardAuditRecord entry)
    {
        DashboardLog.OperatorAction(logger, entry.Action, entry.VirtualHost, entry.Queue, entry.Actor, entry.Outcome, entry.MessageCount);
        lock (_lock)
        {
            _records.AddFirst(entry);
            while (_records.Count > _max)
            {
                _records.RemoveLast();
            }
        }
    }
}

/// <summary>One audited operator action as the Messaging page shows it.</summary>
public sealed record DashboardAuditRecord(
    DateTimeOffset OccurredAt, string Actor, string Action, string VirtualHost, string Queue, string? MessageId, int MessageCount, string Outcome);

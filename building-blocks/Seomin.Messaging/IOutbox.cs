using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace Seomin.Messaging;

/// <summary>
/// Publishes an event through the service database: the row is added to the scoped DbContext and commits
/// with the caller's <c>SaveChangesAsync</c> (or, in a consumer, with the inbox transaction).
/// </summary>
public interface IOutbox
{
    /// <summary>
    /// Stores <paramref name="message"/> for delivery once the surrounding transaction commits, under its
    /// <c>[MessageName]</c> and with its <c>EventId</c> as the message id.
    /// </summary>
    void Publish<T>(T message) where T : class;
}

internal sealed class EfOutbox : IOutbox
{
    private readonly DbContext _db;
    private readonly TimeProvider _timeProvider;
    private readonly OutboxSignal _signal;
    private readonly MessageContracts _contracts;
    private bool _subscribed;

    public EfOutbox(IMessagingDbContext db, TimeProvider timeProvider, OutboxSignal signal, MessageContracts contracts)
    {
        _db = db.DbContext;
        _timeProvider = timeProvider;
        _signal = signal;
        _contracts = contracts;
    }

    public void Publish<T>(T message) where T : class
    {
        ArgumentNullException.ThrowIfNull(message);
        var contract = _contracts.For(message.GetType());
        var headers = new Dictionary<string, string> { [OutboxHeaders.Partition] = contract.PartitionKeyOf(message) };
        var activity = Activity.Current;
        if (activity is not null && activity.IdFormat == ActivityIdFormat.W3C)
        {
            headers[OutboxHeaders.TraceParent] = activity.Id!;
            if (!string.IsNullOrEmpty(activity.TraceStateString))
            {
                headers[OutboxHeaders.TraceState] = activity.TraceStateString;
            }
        }

        _db.Set<OutboxMessage>().Add(new OutboxMessage
        {
            // The event id is the row id and so the MassTransit MessageId: the consumer's inbox and the event agree.
            Id = contract.EventIdOf(message),
            MessageType = contract.Name,
            Body = JsonSerializer.Serialize(message, contract.Type, MessageContracts.JsonOptions),
            Headers = JsonSerializer.Serialize(headers, MessageContracts.JsonOptions),
            CreatedAt = _timeProvider.GetUtcNow(),
        });

        if (!_subscribed)
        {
            // Wakes the relay right after the save instead of at its next poll.
            _db.SavedChanges += (_, _) => _signal.Notify();
            _subscribed = true;
        }
    }
}

internal static class OutboxHeaders
{
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";

    /// <summary>The relay's ordering key (<see cref="MessageContract.PartitionKeyOf"/>); rows written before it share one.</summary>
    public const string Partition = "seomin-partition";
}

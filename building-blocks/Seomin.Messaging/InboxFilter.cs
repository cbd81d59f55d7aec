using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Seomin.Messaging;

/// <summary>
/// Scoped consume filter: records the message id for this endpoint, runs the consumer and saves the scoped
/// DbContext (inbox row, state changes, outbox rows) in one transaction. A message id already recorded for
/// the endpoint is acknowledged without running the consumer. When the attempt fails because the service's database is
/// unreachable (<see cref="TransientFailures"/>), the filter waits and runs it again in a fresh transaction
/// (<see cref="MessagingOptions.TransientRetryIntervals"/>, minutes in all) before the endpoint's quick retries and the
/// error queue see the failure: a message consumed while PostgreSQL restarts is not left for an operator.
/// </summary>
internal sealed class InboxFilter<T> : IFilter<ConsumeContext<T>>
    where T : class
{
    private readonly DbContext _db;
    private readonly MessagingMetrics _metrics;
    private readonly OutboxSignal _signal;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<InboxFilter<T>> _logger;
    private readonly TimeSpan[] _transientWaits;

    public InboxFilter(
        IMessagingDbContext db, MessagingMetrics metrics, OutboxSignal signal, TimeProvider timeProvider,
        IOptions<MessagingOptions> options, ILogger<InboxFilter<T>> logger)
    {
        _transientWaits = options.Value.EffectiveTransientRetryIntervals;
        _db = db.DbContext;
        _metrics = metrics;
        _signal = signal;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        for (var round = 0; ; round++)
        {
            try
            {
                await SendOnceAsync(context, next);
                return;
            }
            catch (Exception ex) when (round < _transientWaits.Length && TransientFailures.IsTransient(ex) && !context.CancellationToken.IsCancellationRequested)
            {
                MessagingLog.WaitingForDatabase(_logger, context.MessageId, _transientWaits[round], round + 1);
                await Task.Delay(_transientWaits[round], _timeProvider, context.CancellationToken);
            }
        }
    }

    private async Task SendOnceAsync(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var endpoint = EndpointName(context.ReceiveContext.InputAddress);
        var messageId = context.MessageId;
        var cancellationToken = context.CancellationToken;
        try
        {
            await using var transaction = await _db.Database.BeginTransactionAsync(cancellationToken);
            // Inserted first: a concurrent copy of the same message blocks here until this transaction ends.
            // Without an id (never from our relay) there is nothing to deduplicate on, but the changes still commit.
            var inserted = messageId is null
                ? 1
                : await _db.Database.ExecuteSqlRawAsync(
                    InsertSql(_db),
                    [messageId.Value, endpoint, _timeProvider.GetUtcNow()],
                    cancellationToken);
            if (inserted == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                _metrics.DuplicateDropped(endpoint);
                MessagingLog.DuplicateDropped(_logger, messageId!.Value, endpoint);
                return;
            }

            await next.Send(context);
            await _db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            // A retry runs in a fresh transaction; nothing from the failed attempt may be saved with it.
            _db.ChangeTracker.Clear();
            _metrics.ConsumerFaulted(endpoint);
            MessagingLog.ConsumerFaulted(_logger, ex, context.MessageId, endpoint);
            throw;
        }

        _signal.Notify();
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("seomin-inbox");

    // The table name comes from the EF model, never from input.
    private static string InsertSql(DbContext db) =>
        $"INSERT INTO {OutboxRelayWorker.TableName(db, typeof(InboxMessage))} (message_id, consumer_endpoint, received_at) " +
        "VALUES ({0}, {1}, {2}) ON CONFLICT DO NOTHING";

    internal static string EndpointName(Uri? inputAddress)
    {
        if (inputAddress is null)
        {
            return "unknown";
        }

        var path = inputAddress.AbsolutePath.TrimEnd('/');
        var slash = path.LastIndexOf('/');
        return slash >= 0 ? path[(slash + 1)..] : path;
    }
}

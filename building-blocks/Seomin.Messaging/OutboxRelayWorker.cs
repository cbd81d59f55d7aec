using System.Data.Common;
using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Seomin.Messaging;

/// <summary>Delivers one batch of committed outbox rows to the broker; the relay service calls it in a loop.</summary>
internal sealed class OutboxRelayWorker
{
    // Per database (PostgreSQL advisory locks are database-scoped): one relay transaction at a time per
    // service, so replicas neither deliver a row twice nor overtake each other's batches.
    private const long RelayLockKey = 0x5E0_3000_0001;

    private static readonly ActivitySource Source = new(MessagingTelemetry.ActivitySourceName);

    private readonly IServiceScopeFactory _scopeFactory;
    private readonly IBus _bus;
    private readonly MessagingOptions _options;
    private readonly MessagingMetrics _metrics;
    private readonly MessageContracts _contracts;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OutboxRelayWorker> _logger;

    public OutboxRelayWorker(
        IServiceScopeFactory scopeFactory,
        IBus bus,
        IOptions<MessagingOptions> options,
        MessagingMetrics metrics,
        MessageContracts contracts,
        TimeProvider timeProvider,
        ILogger<OutboxRelayWorker> logger)
    {
        _scopeFactory = scopeFactory;
        _bus = bus;
        _options = options.Value;
        _metrics = metrics;
        _contracts = contracts;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Test seam: runs after a row was published and confirmed, before it is marked delivered.</summary>
    internal Func<OutboxMessage, Task>? AfterPublish { get; set; }

    /// <summary>Publishes up to one batch in order; returns how many rows were delivered.</summary>
    public async Task<int> DeliverBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMessagingDbContext>().DbContext;
        var table = OutboxTableName(db);
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            if (!await TryLockAsync(connection, transaction, cancellationToken))
            {
                return 0;
            }

            var rows = await ReadBatchAsync(connection, transaction, table, cancellationToken);
            if (rows.Count == 0)
            {
                await transaction.CommitAsync(cancellationToken);
                return 0;
            }

            var delivered = new List<Guid>(rows.Count);
            Exception? failure = null;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(_options.RelayPublishTimeout);
                var window = Math.Max(1, _options.RelayMaxInFlight);
                foreach (var chunk in InFlightChunks(rows, window))
                {
                    // A chunk holds at most one row per aggregate (partition), so rows of one aggregate are confirmed
                    // one after the other in commit order even with many publishes in flight. Only the confirmed
                    // prefix counts: nothing behind a failed row is marked delivered (a later row of another aggregate
                    // may already be on the broker: a duplicate the inbox drops, never a loss, never out of order
                    // within its aggregate).
                    // A row whose name no contract knows fails before anything is sent, so rows behind it are not
                    // started at all: a deterministic failure puts nothing of the chunk after it on the broker.
                    var contracts = chunk.ConvertAll(row => _contracts.TryResolve(row.MessageType, out var contract) ? contract : null);
                    var unknown = contracts.IndexOf(null);
                    var publishes = chunk.Take(unknown < 0 ? chunk.Count : unknown + 1).Select((row, i) => PublishAsync(row, contracts[i], timeout.Token)).ToList();
                    for (var i = 0; i < publishes.Count; i++)
                    {
                        try
                        {
                            await publishes[i];
                        }
                        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                        {
                            failure = ex;
                            await Task.WhenAll(publishes.Skip(i + 1).Select(t => t.ContinueWith(static _ => { }, TaskScheduler.Default)));
                            break;
                        }

                        if (AfterPublish is { } hook)
                        {
                            await hook(chunk[i]);
                        }

                        delivered.Add(chunk[i].Id);
                    }

                    if (failure is not null)
                    {
                        break;
                    }
                }
            }

            if (delivered.Count > 0)
            {
                await MarkDeliveredAsync(connection, transaction, table, delivered, cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            _metrics.Delivered(delivered.Count);
            MessagingLog.RelayDelivered(_logger, delivered.Count);
            if (failure is not null)
            {
                throw new OutboxDeliveryException($"Outbox delivery stopped after {delivered.Count} of {rows.Count} rows.", failure);
            }

            return delivered.Count;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Reads the undelivered row count and the oldest undelivered row's age into the metrics.</summary>
    public async Task RefreshBacklogAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMessagingDbContext>().DbContext;
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT count(*), min(created_at) FROM {OutboxTableName(db)} WHERE delivered_at IS NULL";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            var count = reader.GetInt64(0);
            var oldest = reader.IsDBNull(1) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(1);
            var age = oldest is null ? TimeSpan.Zero : _timeProvider.GetUtcNow() - oldest.Value;
            _metrics.SetBacklog(count, age < TimeSpan.Zero ? TimeSpan.Zero : age);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>Deletes delivered outbox rows and inbox rows older than their retention.</summary>
    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        await using var scope = _scopeFactory.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IMessagingDbContext>().DbContext;
        var now = _timeProvider.GetUtcNow();
        var outbox = await db.Set<OutboxMessage>()
            .Where(m => m.DeliveredAt != null && m.DeliveredAt < now - _options.DeliveredRetention)
            .ExecuteDeleteAsync(cancellationToken);
        var inbox = await db.Set<InboxMessage>()
            .Where(m => m.ReceivedAt < now - _options.InboxRetention)
            .ExecuteDeleteAsync(cancellationToken);
        if (outbox + inbox > 0)
        {
            MessagingLog.Pruned(_logger, outbox, inbox);
        }
    }

    /// <summary>
    /// Splits rows (in commit order) into consecutive chunks of at most <paramref name="window"/> rows, each ending
    /// before the first row whose partition it already holds. Rows written before partitions were recorded share one.
    /// </summary>
    internal static IEnumerable<List<OutboxMessage>> InFlightChunks(IReadOnlyList<OutboxMessage> rows, int window)
    {
        var chunk = new List<OutboxMessage>(Math.Min(window, rows.Count));
        var partitions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var partition = PartitionOf(row);
            if (chunk.Count == window || !partitions.Add(partition))
            {
                yield return chunk;
                chunk = new List<OutboxMessage>(Math.Min(window, rows.Count));
                partitions.Clear();
                partitions.Add(partition);
            }

            chunk.Add(row);
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private static string PartitionOf(OutboxMessage row)
    {
        // The header is written first by IOutbox; reading the whole JSON object per row is not needed to find it.
        using var headers = JsonDocument.Parse(row.Headers);
        return headers.RootElement.TryGetProperty(OutboxHeaders.Partition, out var partition) && partition.GetString() is { } key ? key : "";
    }

    private async Task PublishAsync(OutboxMessage row, MessageContract? contract, CancellationToken cancellationToken)
    {
        // Unknown name (a newer replica's message, a removed contract): stop here, loudly, rather than skip a row
        // and break the order; the relay retries with backoff and a replica that knows the name delivers it.
        if (contract is null)
        {
            MessagingLog.UnknownMessageType(_logger, row.Id, row.MessageType);
            throw new OutboxDeliveryException($"Message name '{row.MessageType}' of outbox row {row.Id} is not a known contract.");
        }

        var message = JsonSerializer.Deserialize(row.Body, contract.Type, MessageContracts.JsonOptions)
            ?? throw new OutboxDeliveryException($"Outbox row {row.Id} has an empty body.");
        var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(row.Headers, MessageContracts.JsonOptions) ?? [];

        using var activity = StartActivity(headers);
        // The row id is the event id (rows written before stable names kept a generated id; it stays theirs, so a
        // copy already on the broker and its redelivery carry the same id).
        await _bus.Publish(message, contract.Type, context => context.MessageId = row.Id, cancellationToken);
    }

    private static Activity? StartActivity(Dictionary<string, string> headers)
    {
        if (!headers.TryGetValue(OutboxHeaders.TraceParent, out var traceParent))
        {
            return null;
        }

        headers.TryGetValue(OutboxHeaders.TraceState, out var traceState);
        if (!ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parent))
        {
            return null;
        }

        // Continue the request's trace so MassTransit's send span (and the consumer) join it; when nothing
        // listens to our source, a bare activity still carries the context.
        var activity = Source.StartActivity("outbox relay", ActivityKind.Producer, parent);
        if (activity is null)
        {
            activity = new Activity("outbox relay").SetParentId(parent.TraceId, parent.SpanId, parent.TraceFlags);
            activity.TraceStateString = traceState;
            activity.Start();
        }

        return activity;
    }

    private static async Task<bool> TryLockAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT pg_try_advisory_xact_lock(@key)";
        command.Parameters.Add(new NpgsqlParameter("key", RelayLockKey));
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<List<OutboxMessage>> ReadBatchAsync(DbConnection connection, DbTransaction transaction, string table, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        // Only rows of transactions older than every running transaction: nothing can commit later with a
        // smaller (transaction_id, sequence), so delivery never skips a row that is still in flight.
        // No FOR UPDATE: the advisory lock already excludes other relays, and a row lock would give this
        // transaction an xid for the whole publish, holding back every relay on the server (ADR 0003).
        command.CommandText = $"""
            SELECT id, sequence, transaction_id, message_type, body, headers, created_at
            FROM {table}
            WHERE delivered_at IS NULL
              AND transaction_id < (pg_snapshot_xmin(pg_current_snapshot())::text)::bigint
            ORDER BY transaction_id, sequence
            LIMIT @limit
            """;
        command.Parameters.Add(new NpgsqlParameter("limit", _options.RelayBatchSize));
        var rows = new List<OutboxMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new OutboxMessage
            {
                Id = reader.GetGuid(0),
                Sequence = reader.GetInt64(1),
                TransactionId = reader.GetInt64(2),
                MessageType = reader.GetString(3),
                Body = reader.GetString(4),
                Headers = reader.GetString(5),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(6),
            });
        }

        return rows;
    }

    private async Task MarkDeliveredAsync(DbConnection connection, DbTransaction transaction, string table, List<Guid> ids, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"UPDATE {table} SET delivered_at = @now WHERE id = ANY(@ids)";
        command.Parameters.Add(new NpgsqlParameter("now", _timeProvider.GetUtcNow()));
        command.Parameters.Add(new NpgsqlParameter("ids", ids.ToArray()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static string OutboxTableName(DbContext db) => TableName(db, typeof(OutboxMessage));

    internal static string TableName(DbContext db, Type entity)
    {
        var entityType = db.Model.FindEntityType(entity)
            ?? throw new InvalidOperationException($"{db.GetType().Name} has no messaging tables: call modelBuilder.AddMessagingTables() in OnModelCreating.");
        var schema = entityType.GetSchema();
        var name = entityType.GetTableName()!;
        return schema is null ? $"\"{name}\"" : $"\"{schema}\".\"{name}\"";
    }
}

/// <summary>The relay could not deliver an outbox row (broker down, unknown type); it retries with backoff.</summary>
public sealed class OutboxDeliveryException : Exception
{
    public OutboxDeliveryException()
    {
    }

    public OutboxDeliveryException(string message)
        : base(message)
    {
    }

    public OutboxDeliveryException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

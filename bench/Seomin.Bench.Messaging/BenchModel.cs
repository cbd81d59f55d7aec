using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Seomin.Contracts;
using Seomin.Messaging;

namespace Seomin.Bench.Messaging;

[MessageName("bench.event-raised")]
public sealed record BenchEventRaised
{
    public required Guid EventId { get; init; }

    /// <summary>The aggregate the event is about: the relay's ordering key (first Guid after EventId).</summary>
    public required Guid AggregateId { get; init; }

    /// <summary>The event's position in its aggregate's stream (0, 1, 2, ...), checked on arrival.</summary>
    public required long Sequence { get; init; }

    public required long Number { get; init; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the event was handed to the outbox.</summary>
    public required long PublishedTimestamp { get; init; }
}

public sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddMessagingTables();
}

/// <summary>
/// Publish-to-consume latencies, recorded when the consumer runs (inside the inbox transaction), and the order check:
/// each aggregate's events must arrive with sequence 0, 1, 2, ... (a redelivered duplicate the inbox drops never
/// reaches the consumer).
/// </summary>
public sealed class LatencyRecorder
{
    private readonly Dictionary<Guid, long> _next = [];
    private readonly Lock _lock = new();
    private int _outOfOrder;

    public ConcurrentQueue<double> Milliseconds { get; } = new();

    public int OutOfOrder => _outOfOrder;

    public int Aggregates
    {
        get
        {
            lock (_lock)
            {
                return _next.Count;
            }
        }
    }

    public void Record(BenchEventRaised message)
    {
        var milliseconds = Stopwatch.GetElapsedTime(message.PublishedTimestamp).TotalMilliseconds;
        lock (_lock)
        {
            var expected = _next.GetValueOrDefault(message.AggregateId);
            if (message.Sequence != expected)
            {
                _outOfOrder++;
            }

            _next[message.AggregateId] = Math.Max(expected, message.Sequence + 1);
        }

        Milliseconds.Enqueue(milliseconds);
    }
}

public sealed class BenchEventRaisedConsumer(LatencyRecorder recorder) : IConsumer<BenchEventRaised>
{
    public Task Consume(ConsumeContext<BenchEventRaised> context)
    {
        recorder.Record(context.Message);
        return Task.CompletedTask;
    }
}

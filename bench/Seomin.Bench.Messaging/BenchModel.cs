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

    public required long Number { get; init; }

    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the event was handed to the outbox.</summary>
    public required long PublishedTimestamp { get; init; }
}

public sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddMessagingTables();
}

/// <summary>Publish-to-consume latencies, recorded when the consumer runs (inside the inbox transaction).</summary>
public sealed class LatencyRecorder
{
    public ConcurrentQueue<double> Milliseconds { get; } = new();

    public void Record(long publishedTimestamp) =>
        Milliseconds.Enqueue(Stopwatch.GetElapsedTime(publishedTimestamp).TotalMilliseconds);
}

public sealed class BenchEventRaisedConsumer(LatencyRecorder recorder) : IConsumer<BenchEventRaised>
{
    public Task Consume(ConsumeContext<BenchEventRaised> context)
    {
        recorder.Record(context.Message.PublishedTimestamp);
        return Task.CompletedTask;
    }
}

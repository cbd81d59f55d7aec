using System.Diagnostics.Metrics;

namespace Seomin.Messaging;

/// <summary>Instruments of the <see cref="MessagingTelemetry.MeterName"/> meter.</summary>
internal sealed class MessagingMetrics
{
    private readonly Counter<long> _delivered;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _consumerFaults;
    private long _backlog;
    private double _oldestAgeSeconds;

    public MessagingMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MessagingTelemetry.MeterName);
        _delivered = meter.CreateCounter<long>("seomin.messaging.outbox.delivered", "{message}", "Outbox rows published and confirmed by the broker.");
        _failed = meter.CreateCounter<long>("seomin.messaging.outbox.failed", "{batch}", "Relay batches that failed (broker or database unavailable).");
        _duplicates = meter.CreateCounter<long>("seomin.messaging.inbox.duplicates", "{message}", "Messages dropped because their id was already in the inbox.");
        _consumerFaults = meter.CreateCounter<long>("seomin.messaging.consumer.faults", "{message}", "Consumer attempts that threw (each retry counts).");
        meter.CreateObservableGauge("seomin.messaging.outbox.backlog", () => Volatile.Read(ref _backlog), "{message}", "Undelivered outbox rows.");
        meter.CreateObservableGauge("seomin.messaging.outbox.oldest_age", () => Volatile.Read(ref _oldestAgeSeconds), "s", "Age of the oldest undelivered outbox row.");
    }

    public long Backlog => Volatile.Read(ref _backlog);

    public void Delivered(int count) => _delivered.Add(count);

    public void DeliveryFailed() => _failed.Add(1);

    public void DuplicateDropped(string endpoint) => _duplicates.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));

    public void ConsumerFaulted(string endpoint) => _consumerFaults.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));

    public void SetBacklog(long count, TimeSpan oldestAge)
    {
        Volatile.Write(ref _backlog, count);
        Volatile.Write(ref _oldestAgeSeconds, oldestAge.TotalSeconds);
    }
}

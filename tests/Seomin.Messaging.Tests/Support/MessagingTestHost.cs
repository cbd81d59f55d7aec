using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Seomin.Messaging;
using Seomin.Testing;

namespace Seomin.Messaging.Tests.Support;

/// <summary>A service host with the test DbContext, the messaging building block and the test consumer.</summary>
public sealed class MessagingTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly MeterListener _listener = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _counters = new();

    private MessagingTestHost(IHost host)
    {
        _host = host;
        var factory = host.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == MessagingTelemetry.MeterName && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => _counters.AddOrUpdate(instrument.Name, value, (_, v) => v + value));
        _listener.Start();
    }

    public IServiceProvider Services => _host.Services;

    public ConsumerBehavior Behavior => _host.Services.GetRequiredService<ConsumerBehavior>();

    /// <summary>What this instance's <see cref="InstanceNoticeConsumer"/> received (only with <c>instanceConsumer: true</c>).</summary>
    public InstanceNotices Notices => _host.Services.GetRequiredService<InstanceNotices>();

    public static async Task<MessagingTestHost> StartAsync(
        string databaseConnectionString, string amqpUri, bool relayEnabled = true, Uri? managementUri = null, bool instanceConsumer = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = amqpUri,
            ["Messaging:RelayEnabled"] = relayEnabled.ToString(),
            ["Messaging:RelayPollInterval"] = "00:00:00.100",
            ["Messaging:RelayInitialBackoff"] = "00:00:00.200",
            ["Messaging:RelayMaxBackoff"] = "00:00:01",
            ["Messaging:RelayPublishTimeout"] = "00:00:05",
            ["Messaging:RetryIntervals:0"] = "00:00:00.050",
            ["Messaging:RetryIntervals:1"] = "00:00:00.100",
            ["Messaging:TransientRetryIntervals:0"] = "00:00:00.500",
            ["Messaging:TransientRetryIntervals:1"] = "00:00:00.500",
            ["Messaging:ManagementUri"] = managementUri?.ToString(),
        });
        builder.Services.AddLogging(logging =>
        {
            if (Environment.GetEnvironmentVariable("SEOMIN_TEST_LOG") is { Length: > 0 } level)
            {
                logging.AddSimpleConsole().SetMinimumLevel(Enum.Parse<LogLevel>(level));
            }
        });
        builder.Services.AddSingleton<ConsumerBehavior>();
        builder.Services.AddSingleton<InstanceNotices>();
        builder.Services.AddDbContext<TestDbContext>(o => o.UseNpgsql(databaseConnectionString));
        builder.AddMessaging<TestDbContext>(m =>
        {
            m.AddContracts(typeof(OrderPlaced).Assembly).AddConsumer<OrderPlacedConsumer, OrderPlacedConsumerDefinition>();
            if (instanceConsumer)
            {
                m.AddInstanceConsumer<InstanceNoticeConsumer>();
            }
        });
        var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().Database.EnsureCreatedAsync();
        }

        var testHost = new MessagingTestHost(host);
        await host.StartAsync();
        // The bus starts in the background (services start while the broker is down); events published
        // before the consumer queue is bound to its exchange would have nowhere to go.
        var health = host.Services.GetRequiredService<HealthCheckService>();
        await Probe.UntilAsync(
            async () => (await health.CheckHealthAsync(c => c.Name == MessagingServiceCollectionExtensions.HealthCheckName)).Status == HealthStatus.Healthy,
            "the bus to be ready");
        return testHost;
    }

    public long Counter(string name) => _counters.TryGetValue(name, out var value) ? value : 0;

    /// <summary>
    /// Places an order and publishes its event through the outbox in one transaction; returns the event id. With
    /// <paramref name="aggregate"/> the order belongs to that customer (the relay's ordering key; several events of one aggregate).
    /// </summary>
    public async Task<Guid> PlaceOrderAsync(long number, Guid? aggregate = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
        var order = new Order { Id = Guid.CreateVersion7(), Number = number };
        db.Orders.Add(order);
        var placed = new OrderPlaced { EventId = MessageIds.NewId(), CustomerId = aggregate ?? order.Id, OrderId = order.Id, Number = number };
        outbox.Publish(placed);
        await db.SaveChangesAsync();
        return placed.EventId;
    }

    public async Task<T> QueryAsync<T>(Func<TestDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TestDbContext>());
    }

    public Task<int> ReceiptCountAsync() => QueryAsync(db => db.Receipts.CountAsync());

    public Task PublishDirectAsync(OrderPlaced message, Guid messageId) =>
        Services.GetRequiredService<IBus>().Publish(message, c => c.MessageId = messageId);

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _host.StopAsync();
        _host.Dispose();
    }
}

/// <summary>Counts the <see cref="OrderPlaced"/> events this process saw on its own instance queue.</summary>
public sealed class InstanceNotices
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Received() => Interlocked.Increment(ref _count);
}

/// <summary>An instance consumer: every process runs it on its own queue, outside the inbox.</summary>
public sealed class InstanceNoticeConsumer(InstanceNotices notices) : IConsumer<OrderPlaced>
{
    public Task Consume(ConsumeContext<OrderPlaced> context)
    {
        notices.Received();
        return Task.CompletedTask;
    }
}

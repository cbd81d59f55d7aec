using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Seomin.Messaging.Tests.Support;
using Seomin.Messaging;
using Seomin.Testing;

namespace Seomin.Messaging.Tests;

public sealed class OutboxTests(PlatformServers servers)
{
    [Fact]
    public async Task Publish_WhenTransactionRollsBack_LeavesNeitherStateNorEvent()
    {
        await using var host = await MessagingTestHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("outbox_rollback"), await servers.RabbitMq.CreateVirtualHostAsync("outbox-rollback"));

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDbContext>();
            var outbox = scope.ServiceProvider.GetRequiredService<IOutbox>();
            await using var transaction = await db.Database.BeginTransactionAsync(TestContext.Current.CancellationToken);
            var order = new Order { Id = Guid.CreateVersion7(), Number = 1 };
            db.Orders.Add(order);
            outbox.Publish(new OrderPlaced { EventId = MessageIds.NewId(), OrderId = order.Id, Number = 1 });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            await transaction.RollbackAsync(TestContext.Current.CancellationToken);
        }

        await host.PlaceOrderAsync(2);

        await Probe.UntilAsync(async () => await host.QueryAsync(db => db.Receipts.AnyAsync(r => r.Number == 2)), "the committed order's event to be consumed");
        Assert.Equal(0, await host.QueryAsync(db => db.Orders.CountAsync(o => o.Number == 1)));
        Assert.Equal(1, await host.QueryAsync(db => db.Outbox.CountAsync()));
        Assert.Equal(0, host.Behavior.Attempts(1));
        Assert.Equal(1, await host.ReceiptCountAsync());
    }

    [Fact]
    public async Task Relay_WhenBrokerIsDownWhileCommitting_DeliversEveryEventOnceInCommitOrderPerAggregate()
    {
        // The default relay (16 publishes in flight, one per aggregate): 1,000 orders of 20 customers.
        const int count = 1_000;
        var aggregates = Enumerable.Range(0, 20).Select(_ => Guid.CreateVersion7()).ToArray();
        await using var rabbit = await RabbitMqServer.StartDedicatedAsync();
        await using var host = await MessagingTestHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("outbox_broker_down"), await rabbit.CreateVirtualHostAsync("outbox-broker-down"));
        await host.PlaceOrderAsync(0, aggregates[0]);
        await Probe.UntilAsync(async () => await host.ReceiptCountAsync() == 1, "the bus to deliver before the outage");

        await rabbit.StopAsync();
        for (var number = 1; number <= count; number++)
        {
            await host.PlaceOrderAsync(number, aggregates[number % aggregates.Length]);
        }

        Assert.Equal(count + 1, await host.QueryAsync(db => db.Orders.CountAsync()));
        await rabbit.StartAsync();
        await Probe.UntilAsync(async () => await host.ReceiptCountAsync() == count + 1, "every event to be consumed after the broker restarted", TimeSpan.FromSeconds(120));
        var consumed = await host.QueryAsync(db => db.Receipts.OrderBy(r => r.Id).Select(r => r.Number).ToListAsync());
        Assert.Equal(Enumerable.Range(0, count + 1).Select(n => (long)n), consumed.Order());
        foreach (var aggregate in consumed.GroupBy(number => number % aggregates.Length))
        {
            var numbers = aggregate.ToList();
            Assert.Equal(numbers.Order(), numbers);
        }

        Assert.All(Enumerable.Range(1, count), n => Assert.Equal(1, host.Behavior.Attempts(n)));
        Assert.Equal(0, await host.QueryAsync(db => db.Outbox.CountAsync(m => m.DeliveredAt == null)));
    }

    [Fact]
    public void InFlightChunks_HoldAtMostOneRowPerAggregateAndKeepCommitOrder()
    {
        static OutboxMessage Row(string partition) => new()
        {
            Id = Guid.NewGuid(), MessageType = "t", Body = "{}", Headers = partition.Length == 0 ? "{}" : $$"""{"seomin-partition":"{{partition}}"}""",
        };
        var rows = new[] { Row("a"), Row("a"), Row("b"), Row("c"), Row("b"), Row("d"), Row("e"), Row(""), Row("") };

        var chunks = OutboxRelayWorker.InFlightChunks(rows, window: 3).ToList();

        Assert.Equal([1, 3, 3, 1, 1], chunks.Select(c => c.Count));
        Assert.Equal(rows.Select(r => r.Id), chunks.SelectMany(c => c).Select(r => r.Id));
        Assert.All(chunks, c => Assert.Equal(c.Count, c.Select(r => r.Headers).Distinct().Count()));
    }

    [Fact]
    public async Task Relay_WhenKilledAfterPublishBeforeMarking_RedeliversSameIdAndInboxDropsCopy()
    {
        await using var host = await MessagingTestHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("outbox_killed"), await servers.RabbitMq.CreateVirtualHostAsync("outbox-killed"), relayEnabled: false);
        await host.PlaceOrderAsync(7);
        var rowId = await host.QueryAsync(db => db.Outbox.Select(m => m.Id).SingleAsync());
        var killed = ActivatorUtilities.CreateInstance<OutboxRelayWorker>(host.Services);
        killed.AfterPublish = _ => throw new InvalidOperationException("relay process killed");

        await Assert.ThrowsAsync<InvalidOperationException>(() => killed.DeliverOncePendingRowsAreVisibleAsync());
        await Probe.UntilAsync(async () => await host.ReceiptCountAsync() == 1, "the first copy to be consumed");
        var restarted = ActivatorUtilities.CreateInstance<OutboxRelayWorker>(host.Services);
        var delivered = await restarted.DeliverOncePendingRowsAreVisibleAsync();

        Assert.Equal(1, delivered);
        await Probe.UntilAsync(() => Task.FromResult(host.Counter("seomin.messaging.inbox.duplicates") == 1), "the inbox to drop the second copy");
        var receipt = await host.QueryAsync(db => db.Receipts.SingleAsync());
        Assert.Equal(rowId, receipt.MessageId);
        Assert.Equal(1, host.Behavior.Attempts(7));
        Assert.Equal(rowId, await host.QueryAsync(db => db.Inbox.Select(i => i.MessageId).SingleAsync()));
    }

    [Fact]
    public async Task Relay_WhenTwoRelaysRunAtOnce_DeliversEachRowOnce()
    {
        const int count = 400;
        await using var host = await MessagingTestHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("outbox_two_relays"), await servers.RabbitMq.CreateVirtualHostAsync("outbox-two-relays"), relayEnabled: false);
        for (var number = 1; number <= count; number++)
        {
            await host.PlaceOrderAsync(number);
        }

        var first = ActivatorUtilities.CreateInstance<OutboxRelayWorker>(host.Services);
        var second = ActivatorUtilities.CreateInstance<OutboxRelayWorker>(host.Services);

        var totals = await Task.WhenAll(DrainAsync(host, first), DrainAsync(host, second));

        Assert.Equal(count, totals.Sum());
        await Probe.UntilAsync(async () => await host.ReceiptCountAsync() == count, "every event to be consumed");
        Assert.Equal(0, host.Counter("seomin.messaging.inbox.duplicates"));
        Assert.All(Enumerable.Range(1, count), n => Assert.Equal(1, host.Behavior.Attempts(n)));
    }

    private static async Task<int> DrainAsync(MessagingTestHost host, OutboxRelayWorker worker)
    {
        var total = 0;
        while (await host.QueryAsync(db => db.Outbox.AnyAsync(m => m.DeliveredAt == null)))
        {
            total += await worker.DeliverBatchAsync(TestContext.Current.CancellationToken);
        }

        return total;
    }
}

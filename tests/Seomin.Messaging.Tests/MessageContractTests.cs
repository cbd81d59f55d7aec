using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Seomin.Contracts.Guarantee;
using Seomin.Messaging.Tests.Support;
using Seomin.Testing;

namespace Seomin.Messaging.Tests;

public sealed class MessageContractTests(PlatformServers servers)
{
    [Fact]
    public async Task Publish_WhenMessageIsAContract_StoresItsContractNameAndEventIdAsRowId()
    {
        await using var host = await MessagingTestHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("contract_names"), await servers.RabbitMq.CreateVirtualHostAsync("contract-names"), relayEnabled: false);
        var lapsed = new GuaranteeLapsed { EventId = MessageIds.NewId(), GuaranteeId = Guid.CreateVersion7(), CustomerId = "C1", OccurredAt = DateTimeOffset.UtcNow };

        await using (var scope = host.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<IOutbox>().Publish(lapsed);
            await scope.ServiceProvider.GetRequiredService<TestDbContext>().SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var eventId = await host.PlaceOrderAsync(1);
        var rows = await host.QueryAsync(db => db.Outbox.OrderBy(m => m.Sequence).Select(m => new { m.Id, m.MessageType }).ToListAsync());
        Assert.Equal(
            [new { Id = lapsed.EventId, MessageType = "guarantee.lapsed" }, new { Id = eventId, MessageType = OrderPlaced.Name }],
            rows);
    }

    [Fact]
    public async Task Relay_WhenEventIsConsumed_ConsumerSeesEventIdAsMessageId()
    {
        await using var host = await MessagingTestHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("contract_message_id"), await servers.RabbitMq.CreateVirtualHostAsync("contract-message-id"));

        var eventId = await host.PlaceOrderAsync(3);

        await Probe.UntilAsync(async () => await host.ReceiptCountAsync() == 1, "the event to be consumed");
        var receipt = await host.QueryAsync(db => db.Receipts.SingleAsync());
        Assert.Equal(eventId, receipt.EventId);
        Assert.Equal(eventId, receipt.MessageId);
    }

    [Fact]
    public async Task Relay_WhenRowHoldsUnknownName_FailsLoudlyAndDeliversNothingBehindIt()
    {
        await using var host = await MessagingTestHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("contract_unknown"), await servers.RabbitMq.CreateVirtualHostAsync("contract-unknown"), relayEnabled: false);
        var unknownId = await InsertRowAsync(host, "test.no-such-message", """{"eventId":"0196d5a0-0000-7000-8000-000000000001"}""");
        await host.PlaceOrderAsync(4);
        var relay = ActivatorUtilities.CreateInstance<OutboxRelayWorker>(host.Services);

        var failure = await Assert.ThrowsAsync<OutboxDeliveryException>(() => relay.DeliverOncePendingRowsAreVisibleAsync());

        var cause = Assert.IsType<OutboxDeliveryException>(failure.InnerException);
        Assert.Contains("test.no-such-message", cause.Message, StringComparison.Ordinal);
        Assert.Contains(unknownId.ToString(), cause.Message, StringComparison.Ordinal);
        Assert.Equal(2, await host.QueryAsync(db => db.Outbox.CountAsync(m => m.DeliveredAt == null)));
        Assert.Equal(0, await host.ReceiptCountAsync());
    }

    [Fact]
    public async Task Relay_WhenRowHoldsLegacyClrName_DeliversItUnderTheRowId()
    {
        await using var host = await MessagingTestHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("contract_legacy"), await servers.RabbitMq.CreateVirtualHostAsync("contract-legacy"));
        var orderId = Guid.CreateVersion7();
        var legacyName = $"{typeof(OrderPlaced).FullName}, {typeof(OrderPlaced).Assembly.GetName().Name}";

        var rowId = await InsertRowAsync(host, legacyName, $$"""{"eventId":"{{Guid.CreateVersion7()}}","orderId":"{{orderId}}","number":9}""");

        await Probe.UntilAsync(async () => await host.ReceiptCountAsync() == 1, "the row stored under its CLR name to be consumed");
        var receipt = await host.QueryAsync(db => db.Receipts.SingleAsync());
        Assert.Equal(orderId, receipt.OrderId);
        Assert.Equal(rowId, receipt.MessageId);
    }

    [Fact]
    public async Task Publish_WhenTypeHasNoMessageName_Throws()
    {
        await using var host = await MessagingTestHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("contract_unnamed"), await servers.RabbitMq.CreateVirtualHostAsync("contract-unnamed"), relayEnabled: false);
        await using var scope = host.Services.CreateAsyncScope();

        var failure = Assert.Throws<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<IOutbox>().Publish(new Unnamed(Guid.CreateVersion7())));

        Assert.Contains("[MessageName]", failure.Message, StringComparison.Ordinal);
    }

    private static async Task<Guid> InsertRowAsync(MessagingTestHost host, string messageType, string body)
    {
        var id = MessageIds.NewId();
        await host.QueryAsync(async db =>
        {
            db.Outbox.Add(new OutboxMessage { Id = id, MessageType = messageType, Body = body, Headers = "{}", CreatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        });
        return id;
    }

    private sealed record Unnamed(Guid EventId);
}

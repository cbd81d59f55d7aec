using Microsoft.EntityFrameworkCore;
using Seomin.Messaging.Tests.Support;
using Seomin.Testing;

namespace Seomin.Messaging.Tests;

public sealed class InboxTests(PlatformServers servers)
{
    [Fact]
    public async Task Consume_WhenSameIdOrSameBusinessKeyArrivesAgain_HasOneEffect()
    {
        await using var host = await MessagingTestHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("inbox_duplicates"), await servers.RabbitMq.CreateVirtualHostAsync("inbox-duplicates"));
        var message = new OrderPlaced { EventId = MessageIds.NewId(), OrderId = Guid.CreateVersion7(), Number = 5 };
        var messageId = Guid.CreateVersion7();

        await host.PublishDirectAsync(message, messageId);
        await host.PublishDirectAsync(message, messageId);
        await host.PublishDirectAsync(message, Guid.CreateVersion7());

        await Probe.UntilAsync(
            async () => host.Counter("seomin.messaging.inbox.duplicates") == 1 && await host.QueryAsync(db => db.Inbox.CountAsync()) == 2,
            "the same-id copy to be dropped and the new-id copy to be recorded");
        Assert.Equal(1, await host.ReceiptCountAsync());
        Assert.Equal(2, host.Behavior.Attempts(5));
        Assert.Equal(messageId, await host.QueryAsync(db => db.Receipts.Select(r => r.MessageId).SingleAsync()));
    }

    [Fact]
    public async Task Consume_WhenConsumerFailsBeforeCommit_RedeliversWithOneEffect()
    {
        await using var host = await MessagingTestHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("inbox_fail_before_commit"), await servers.RabbitMq.CreateVirtualHostAsync("inbox-fail"));
        host.Behavior.FailOnceAfterWork(9);

        await host.PlaceOrderAsync(9);

        await Probe.UntilAsync(async () => await host.ReceiptCountAsync() == 1, "the redelivered message to be consumed");
        Assert.Equal(2, host.Behavior.Attempts(9));
        Assert.Equal(1, await host.QueryAsync(db => db.Inbox.CountAsync()));
        Assert.Equal(1, host.Counter("seomin.messaging.consumer.faults"));
    }

    [Fact]
    public async Task Consume_WhenDatabaseIsUnreachableLongerThanTheQuickRetries_WaitsAndConsumesOnce()
    {
        await using var host = await MessagingTestHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("inbox_transient"), await servers.RabbitMq.CreateVirtualHostAsync("inbox-transient"));
        // The quick retries alone make 3 attempts (the first and two retries): 4 failures outlast them, which used to send
        // the message to the error queue; the inbox filter now waits and consumes again.
        host.Behavior.FailTransiently(11, attempts: 4);

        await host.PlaceOrderAsync(11);

        await Probe.UntilAsync(async () => await host.ReceiptCountAsync() == 1, "the message to be consumed once the database answers");
        Assert.Equal(5, host.Behavior.Attempts(11));
        Assert.Equal(1, await host.QueryAsync(db => db.Inbox.CountAsync()));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void IsTransient_OnlyForAnUnreachableOrSlowDatabase(bool transient)
    {
        Exception failure = transient
            ? new Microsoft.EntityFrameworkCore.DbUpdateException("save failed", new Npgsql.NpgsqlException("gone", new TimeoutException()))
            : new InvalidOperationException("Order 12 is poison.");

        Assert.Equal(transient, TransientFailures.IsTransient(failure));
    }
}

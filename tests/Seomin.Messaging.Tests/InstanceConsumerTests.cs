using Microsoft.EntityFrameworkCore;
using Seomin.Messaging.Tests.Support;
using Seomin.Testing;

namespace Seomin.Messaging.Tests;

public sealed class InstanceConsumerTests(PlatformServers servers)
{
    [Fact]
    public async Task Publish_WhenTwoInstancesRun_EachInstanceConsumerReceivesItAndTheServiceConsumerOnce()
    {
        var amqp = await servers.RabbitMq.CreateVirtualHostAsync("instance-consumers");
        var database = await servers.Postgres.CreateDatabaseAsync("instance_consumers");
        await using var first = await MessagingTestHost.StartAsync(database, amqp, instanceConsumer: true);
        await using var second = await MessagingTestHost.StartAsync(database, amqp, instanceConsumer: true);
        var message = new OrderPlaced { EventId = MessageIds.NewId(), OrderId = Guid.CreateVersion7(), Number = 41 };

        await first.PublishDirectAsync(message, Guid.CreateVersion7());

        await Probe.UntilAsync(
            () => Task.FromResult(first.Notices.Count == 1 && second.Notices.Count == 1),
            "both instances to receive the notice on their own queues");
        await Probe.UntilAsync(async () => await first.ReceiptCountAsync() == 1, "the service consumer to record the order once");
        // Only the service's own consumer went through the inbox.
        Assert.Equal(1, await first.QueryAsync(db => db.Inbox.CountAsync()));
        Assert.Equal(1, first.Behavior.Attempts(41) + second.Behavior.Attempts(41));
    }
}

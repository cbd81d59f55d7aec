using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Seomin.Messaging.Tests.Support;
using Seomin.Messaging;
using Seomin.Testing;

namespace Seomin.Messaging.Tests;

public sealed class ErrorQueueOperatorTests(PlatformServers servers)
{
    [Fact]
    public async Task Replay_WhenPoisonMessageWasFixed_ProcessesItOnceWhileOthersKeptFlowing()
    {
        await using var host = await MessagingTestHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("error_queue_replay"),
            await servers.RabbitMq.CreateVirtualHostAsync("error-queue-replay"),
            managementUri: servers.RabbitMq.ManagementUri);
        var operatorApi = host.Services.GetRequiredService<ErrorQueueOperator>();
        host.Behavior.Poison(13);

        for (var number = 1; number <= 30; number++)
        {
            await host.PlaceOrderAsync(number);
        }

        await Probe.UntilAsync(async () => await host.ReceiptCountAsync() == 29, "the messages behind the poison one to be consumed");
        var faulted = await Probe.UntilAsync(
            () => operatorApi.PeekAsync("order-placed_error", 10, TestContext.Current.CancellationToken),
            messages => messages.Count == 1,
            "the poison message to land in order-placed_error");
        Assert.Contains("poison", faulted[0].FaultMessage, StringComparison.Ordinal);
        Assert.Equal(3, host.Behavior.Attempts(13));
        var queues = await operatorApi.ListErrorQueuesAsync(TestContext.Current.CancellationToken);
        Assert.Contains(queues, q => q.Name == "order-placed_error" && q.SourceQueue == "order-placed");

        host.Behavior.Cure(13);
        int replayed;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var audit = scope.ServiceProvider.GetRequiredService<IMessagingAuditSink>();
            replayed = await operatorApi.ReplayAsync("order-placed_error", faulted[0].MessageId, "operator-kim", audit, TimeProvider.System, TestContext.Current.CancellationToken);
        }

        Assert.Equal(1, replayed);
        await Probe.UntilAsync(async () => await host.ReceiptCountAsync() == 30, "the replayed message to be consumed");
        Assert.Equal(4, host.Behavior.Attempts(13));
        Assert.Empty(await operatorApi.PeekAsync("order-placed_error", 10, TestContext.Current.CancellationToken));
        var entry = await host.QueryAsync(db => db.Audit.SingleAsync());
        Assert.Equal(("operator-kim", "replay", 1), (entry.Actor, entry.Action, entry.MessageCount));
        Assert.Equal(faulted[0].MessageId, entry.MessageId?.ToString());
    }
}

using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;

namespace Seomin.AppHost.Tests.Operations;

/// <summary>
/// The messaging resource's operator commands run from code, as a script or the Aspire CLI would, with the queue and
/// message passed as arguments instead of answered in the dashboard's prompts.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ErrorQueueCommandTests(PlatformFixture platform)
{
    [Fact]
    public async Task ReplayCommand_WhenAPoisonMessageIsReplayedAfterTheFaultIsFixed_ConsumesItOnceAndAuditsIt()
    {
        var poison = new PoisonMessage(platform.App);
        await poison.ProduceAsync();
        var queue = $"{poison.VirtualHost}|{PoisonMessage.TimelineErrorQueue}";

        var listed = await RunAsync("list-error-queues", []);
        var inspected = await RunAsync("inspect-failed-message", [("queue", queue), ("messageId", poison.MessageId.ToString())]);
        var replayed = await RunAsync("replay-failed-message", [("queue", queue), ("messageId", poison.MessageId.ToString()), ("actor", "e2e-operator")]);

        Assert.True(listed.Success, listed.Message);
        Assert.Contains(PoisonMessage.TimelineErrorQueue, listed.Data?.Value, StringComparison.Ordinal);
        Assert.True(inspected.Success, inspected.Message);
        Assert.Contains("42501", inspected.Data?.Value, StringComparison.Ordinal);
        Assert.Contains(poison.Event.CertificateNumber, inspected.Data?.Value, StringComparison.Ordinal);
        Assert.True(replayed.Success, replayed.Message);
        await poison.AssertConsumedOnceAsync();
        var audit = Assert.Single(poison.AuditRecords(platform.DataDirectory));
        Assert.Equal("replay", audit.GetProperty("action").GetString());
        Assert.Equal("e2e-operator", audit.GetProperty("actor").GetString());
        Assert.Equal(1, audit.GetProperty("messageCount").GetInt32());
        Assert.Equal("ok", audit.GetProperty("outcome").GetString());
    }

    private async Task<ExecuteCommandResult> RunAsync(string command, (string Name, string Value)[] arguments)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var inputs = new InteractionInputCollection(
            [.. arguments.Select(a => new InteractionInput { Name = a.Name, InputType = InputType.Text, Value = a.Value })]);
        var messaging = platform.App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == ResourceNames.Messaging);
        return await platform.App.ResourceCommands.ExecuteCommandAsync(messaging, command, inputs, timeout.Token);
    }
}

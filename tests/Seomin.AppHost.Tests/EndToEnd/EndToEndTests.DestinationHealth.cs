using System.Diagnostics;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Seomin.Testing;

namespace Seomin.AppHost.Tests.EndToEnd;

public sealed partial class EndToEndTests
{
    /// <summary>A bound that separates "answers at once" from "hangs until a timeout"; not a benchmark.</summary>
    private static readonly TimeSpan QuickAnswer = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task DestinationHealth_WhenCounselingIsStopped_GatewayAnswers503QuicklyAndRecoversAfterStart()
    {
        using var counselor = await ClientAsync(Counselor);
        var before = await counselor.GetAsync("/api/counseling/sessions?page=1&pageSize=1");
        AssertStatus(HttpStatusCode.OK, before);

        try
        {
            // The dashboard's stop command: an operator's stop, which the restart policy must leave alone.
            var stop = await platform.App.ResourceCommands.ExecuteCommandAsync(
                platform.App.ResourceId(ResourceNames.Counseling), KnownResourceCommands.StopCommand, TestContext.Current.CancellationToken);
            Assert.True(stop.Success, stop.Message);
            await platform.App.ResourceNotifications.WaitForResourceAsync(ResourceNames.Counseling, KnownResourceStates.TerminalStates, TestContext.Current.CancellationToken);
            var watch = Stopwatch.StartNew();
            var stopped = await counselor.GetAsync("/api/counseling/sessions?page=1&pageSize=1");
            watch.Stop();
            TestContext.Current.TestOutputHelper?.WriteLine($"gateway answered {(int)stopped.StatusCode} for the stopped service in {watch.ElapsedMilliseconds} ms");

            AssertStatus(HttpStatusCode.ServiceUnavailable, stopped);
            Assert.True(watch.Elapsed < QuickAnswer, $"the gateway took {watch.Elapsed.TotalSeconds:0.0} s to answer for a stopped service");
            Assert.Equal("application/problem+json", stopped.ContentType);
            Assert.Equal(503, stopped.Json.GetProperty("status").GetInt32());

            // Stopped on purpose: the restart policy has not brought it back behind the operator's back.
            Assert.NotEqual(KnownResourceStates.Running, platform.App.Snapshot(ResourceNames.Counseling).State?.Text);
            Assert.Equal(0, platform.App.Restarts(ResourceNames.Counseling));
        }
        finally
        {
            // Leave the platform as the other tests of the class expect it, whatever happened above.
            await platform.App.ResourceCommands.ExecuteCommandAsync(
                platform.App.ResourceId(ResourceNames.Counseling), KnownResourceCommands.StartCommand, TestContext.Current.CancellationToken);
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Counseling, TestContext.Current.CancellationToken);
        }

        // The gateway's health checks put the destination back in rotation.
        await Probe.UntilAsync(
            async () => (await counselor.GetAsync("/api/counseling/sessions?page=1&pageSize=1")).StatusCode == HttpStatusCode.OK,
            "the gateway to route to counseling again after its restart",
            TimeSpan.FromSeconds(60));
    }
}

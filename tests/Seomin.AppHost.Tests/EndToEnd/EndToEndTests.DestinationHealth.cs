using System.Diagnostics;
using System.Net;
using Seomin.AppHost.Hosting;
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
        using var dashboard = new HttpClient { BaseAddress = platform.App.GetEndpoint("dashboard") };
        var before = await counselor.GetAsync("/api/counseling/sessions?page=1&pageSize=1");
        AssertStatus(HttpStatusCode.OK, before);

        try
        {
            using (var stop = await dashboard.PostAsync($"/api/resources/{ResourceNames.Counseling}/commands/{ResourceCommands.Stop}", null, TestContext.Current.CancellationToken))
            {
                Assert.Equal(HttpStatusCode.Accepted, stop.StatusCode);
            }

            Assert.NotEqual(ResourceStates.Running, platform.App.Resources.GetResource(ResourceNames.Counseling)!.State);
            var watch = Stopwatch.StartNew();
            var stopped = await counselor.GetAsync("/api/counseling/sessions?page=1&pageSize=1");
            watch.Stop();
            TestContext.Current.TestOutputHelper?.WriteLine($"gateway answered {(int)stopped.StatusCode} for the stopped service in {watch.ElapsedMilliseconds} ms");

            AssertStatus(HttpStatusCode.ServiceUnavailable, stopped);
            Assert.True(watch.Elapsed < QuickAnswer, $"the gateway took {watch.Elapsed.TotalSeconds:0.0} s to answer for a stopped service");
            Assert.Equal("application/problem+json", stopped.ContentType);
        }
        finally
        {
            // Leave the platform as the other tests of the class expect it, whatever happened above.
            using var start = await dashboard.PostAsync($"/api/resources/{ResourceNames.Counseling}/commands/{ResourceCommands.Start}", null, TestContext.Current.CancellationToken);
            await platform.App.WaitForResourceHealthyAsync(ResourceNames.Counseling, TimeSpan.FromSeconds(120), TestContext.Current.CancellationToken);
        }

        // The gateway's health checks put the destination back in rotation.
        await Probe.UntilAsync(
            async () => (await counselor.GetAsync("/api/counseling/sessions?page=1&pageSize=1")).StatusCode == HttpStatusCode.OK,
            "the gateway to route to counseling again after its restart",
            TimeSpan.FromSeconds(60));
    }
}

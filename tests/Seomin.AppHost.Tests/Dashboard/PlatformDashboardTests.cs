using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Seomin.AppHost.Hosting;
using Seomin.Testing;

namespace Seomin.AppHost.Tests.Dashboard;

/// <summary>
/// Browser tests of the dashboard the AppHost serves, against the whole platform started by the testing builder
/// (real PostgreSQL, RabbitMQ, services and gateway exporting OTLP to the dashboard).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PlatformDashboardTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private BrowserSession? _browser;

    private Uri Dashboard => platform.App.GetEndpoint("dashboard");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _browser = await BrowserSession.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }

    [Fact]
    public async Task ResourcesPage_WhenPlatformIsUp_ShowsEveryResourceHealthy()
    {
        var expected = platform.App.Resources.GetResources().Count;
        var page = await _browser!.NewPageAsync(Dashboard);

        await page.GotoAsync("/#/resources");

        await Assertions.Expect(page.Locator("#resources-table tr[data-resource]")).ToHaveCountAsync(expected, new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#resources-table tr[data-resource] [data-state='Healthy']")).ToHaveCountAsync(expected, new() { Timeout = (float)Wait.TotalMilliseconds });
        await BrowserSession.ScreenshotAsync(page, "platform-resources");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task GatewayRequest_WhenProxiedToAService_ShowsAsOneTraceWithSpansFromTwoResourcesAndItsLogsByTraceId()
    {
        using var http = new HttpClient();
        var gateway = platform.App.GetEndpoint(ResourceNames.Gateway);
        using (var response = await http.GetAsync(new Uri(gateway, "/openapi/guarantees.json"), Ct))
        {
            response.EnsureSuccessStatusCode();
        }

        string? traceId = null;
        try
        {
            await Probe.UntilAsync(async () =>
            {
                var traces = await http.GetFromJsonAsync<JsonElement>(new Uri(Dashboard, "/api/telemetry/traces?resource=gateway"), Ct);
                traceId = traces.EnumerateArray()
                    .Where(t => t.GetProperty("resources").EnumerateArray().Select(r => r.GetString()).Contains(ResourceNames.Guarantee))
                    .Select(t => t.GetProperty("traceId").GetString())
                    .FirstOrDefault();
                return traceId is not null;
            }, "a trace through the gateway and the guarantee service in the dashboard", Wait);
        }
        catch (TimeoutException ex)
        {
            // Say what the dashboard did receive, so a failure here points at the exporter or the propagation.
            var resources = await http.GetStringAsync(new Uri(Dashboard, "/api/telemetry/resources"), Ct);
            var traces = await http.GetStringAsync(new Uri(Dashboard, "/api/telemetry/traces?limit=10"), Ct);
            Assert.Fail($"{ex.Message}{Environment.NewLine}Telemetry resources: {resources}{Environment.NewLine}Latest traces: {traces}");
        }
        var page = await _browser!.NewPageAsync(Dashboard);

        await page.GotoAsync($"/#/trace/{traceId}");

        await Assertions.Expect(page.Locator("#waterfall .row")).Not.ToHaveCountAsync(0, new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#waterfall")).ToContainTextAsync(ResourceNames.Gateway);
        await Assertions.Expect(page.Locator("#waterfall")).ToContainTextAsync(ResourceNames.Guarantee);
        await BrowserSession.ScreenshotAsync(page, "platform-trace");

        string? loggedTraceId = null;
        await Probe.UntilAsync(async () =>
        {
            var logs = await http.GetFromJsonAsync<JsonElement>(new Uri(Dashboard, "/api/telemetry/logs?limit=2000"), Ct);
            loggedTraceId = logs.EnumerateArray()
                .Select(l => l.TryGetProperty("traceId", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null)
                .FirstOrDefault(id => id is not null);
            return loggedTraceId is not null;
        }, "a structured log line written inside a trace", Wait);
        await page.GotoAsync("/#/logs");
        await page.FillAsync("#log-form input[name='traceId']", loggedTraceId!);
        await page.ClickAsync("#log-form button[type='submit']");
        await Assertions.Expect(page.Locator("#logs-table tr[data-seq]")).Not.ToHaveCountAsync(0, new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#logs-table")).ToContainTextAsync(loggedTraceId![..12]);
        await BrowserSession.ScreenshotAsync(page, "platform-logs-by-trace");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ResourcesPage_WhenRestartClicked_TheServiceRestartsAndIsHealthyAgain()
    {
        var before = platform.App.Resources.GetResource(ResourceNames.Counseling)!;
        var page = await _browser!.NewPageAsync(Dashboard);
        await page.GotoAsync("/#/resources");
        var restart = page.Locator($"tr[data-resource='{ResourceNames.Counseling}'] button[data-cmd='restart']");
        await Assertions.Expect(restart).ToBeVisibleAsync(new() { Timeout = (float)Wait.TotalMilliseconds });

        await restart.ClickAsync();

        await Probe.UntilAsync(() =>
        {
            var now = platform.App.Resources.GetResource(ResourceNames.Counseling)!;
            return Task.FromResult(now.ProcessId != before.ProcessId && now.StartedAt > before.StartedAt
                && now.State == ResourceStates.Running && now.Health == HealthStates.Healthy);
        }, "the counseling service restarted with a new process and healthy", Wait);
        await Assertions.Expect(page.Locator($"tr[data-resource='{ResourceNames.Counseling}'] [data-state='Healthy']")).Not.ToHaveCountAsync(0, new() { Timeout = (float)Wait.TotalMilliseconds });
        await BrowserSession.ScreenshotAsync(page, "platform-restarted");
        await page.Context.CloseAsync();
    }
}

using System.Net;
using Microsoft.Playwright;
using Seomin.AppHost.Tests.EndToEnd;
using Seomin.AppHost.Tests.Operations;
using Seomin.Testing;
using Aspire.Hosting.Testing;

namespace Seomin.AppHost.Tests.Dashboard;

/// <summary>
/// The Aspire dashboard of the shared platform in Chromium with a Korean locale, as an operator uses it: every
/// resource is listed, a request through the gateway shows as one trace across gateway, guarantee and counseling,
/// and a poison message is replayed with the messaging resource's command, answering its prompts.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DashboardBrowserTests(PlatformFixture platform) : IAsyncLifetime
{
    private static readonly float Wait = (float)TimeSpan.FromSeconds(90).TotalMilliseconds;
    private BrowserSession? _browser;

    public async ValueTask InitializeAsync() => _browser = await BrowserSession.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }

    [Fact]
    public async Task Dashboard_WhenOpenedInKorean_ListsEveryResourceAndShowsATraceAcrossGatewayGuaranteeAndCounseling()
    {
        using var staff = await GatewayClient.ForClientAsync(platform.App.GetEndpoint(ResourceNames.Gateway), "dev-guarantee-officer");
        var page = await _browser!.NewPageAsync(platform.DashboardUri);

        await page.GotoAsync("/");
        foreach (var resource in Platform.AllResources)
        {
            // Each row is labelled "<type>: <name>", e.g. "Project: gateway", "PostgresDatabase: guaranteedb".
            // The gateway runs as replicas, listed as gateway-<suffix>.
            var label = resource == ResourceNames.Gateway ? $"[aria-label*=': {resource}']" : $"[aria-label$=': {resource}']";
            await Assertions.Expect(page.Locator(label).First).ToBeVisibleAsync(new() { Timeout = Wait });
        }

        await Assertions.Expect(page.GetByText("RabbitMQ management UI")).ToBeVisibleAsync(new() { Timeout = Wait });
        await BrowserSession.ScreenshotAsync(page, "aspire-dashboard-resources");

        // The submission starts a trace of our choosing (W3C traceparent), so its detail page can be opened directly.
        var traceId = System.Diagnostics.ActivityTraceId.CreateRandom().ToHexString();
        var submitted = await staff.SendAsync(HttpMethod.Post, "/api/guarantees/applications", Applications.WorkerSunshine(SyntheticRrn.Adult(), 3_000_000, 36),
            $"trace-{Guid.NewGuid():N}", $"00-{traceId}-{System.Diagnostics.ActivitySpanId.CreateRandom().ToHexString()}-01");
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);

        // The gateway's request, the guarantee service and, across the outbox and the broker, the counseling consumer
        // (the relay carries the trace context in the message headers) are spans of that one trace.
        await Probe.UntilAsync(async () =>
        {
            await page.GotoAsync($"/traces/detail/{traceId}");
            try
            {
                // The dashboard renders over its Blazor circuit after the load event: wait for the spans, not the page.
                // A substring: after a restart (the destination-health test stops counseling) the dashboard names
                // each instance of a service "counseling-<id>".
                await page.WaitForFunctionAsync("name => document.body.innerText.includes(name)", ResourceNames.Counseling, new() { Timeout = 15_000 });
            }
            catch (Exception ex) when (ex is PlaywrightException or System.TimeoutException)
            {
                // Not there yet (or not rendered yet): the probe navigates again.
            }

            var text = await page.Locator("body").InnerTextAsync();
            return text.Contains(ResourceNames.Gateway, StringComparison.Ordinal)
                && text.Contains(ResourceNames.Guarantee, StringComparison.Ordinal)
                && text.Contains(ResourceNames.Counseling, StringComparison.Ordinal);
        }, $"trace {traceId} on the dashboard with spans of gateway, guarantee and counseling", TimeSpan.FromSeconds(90));
        await BrowserSession.ScreenshotAsync(page, "aspire-dashboard-trace");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ReplayCommand_WhenRunFromTheDashboard_ConsumesThePoisonMessageOnceAndAuditsIt()
    {
        var poison = new PoisonMessage(platform.App);
        await poison.ProduceAsync();
        var page = await _browser!.NewPageAsync(platform.DashboardUri);
        await page.GotoAsync("/");

        var dialog = page.Locator("fluent-dialog");
        await OpenReplayCommandAsync(page, dialog);
        await ChooseAsync(dialog, "Error queue", $"{PoisonMessage.TimelineErrorQueue} (");
        await dialog.Locator("fluent-text-input input").FillAsync("e2e-dashboard-operator");
        await BrowserSession.ScreenshotAsync(page, "aspire-dashboard-replay-queue");
        await OkAsync(dialog);
        await ChooseAsync(dialog, "Message", poison.MessageId.ToString());
        await OkAsync(dialog);
        await Assertions.Expect(dialog).ToContainTextAsync(poison.MessageId.ToString(), new() { Timeout = Wait });
        await OkAsync(dialog);

        await poison.AssertConsumedOnceAsync();
        var audit = await Probe.UntilAsync(() => Task.FromResult(poison.AuditRecords(platform.DataDirectory)), r => r.Count > 0,
            $"the audit record of the replay of {poison.MessageId}", TimeSpan.FromSeconds(30));
        var record = Assert.Single(audit);
        Assert.Equal("replay", record.GetProperty("action").GetString());
        Assert.Equal("e2e-dashboard-operator", record.GetProperty("actor").GetString());
        Assert.Equal(PoisonMessage.TimelineErrorQueue, record.GetProperty("queue").GetString());
        Assert.Equal("ok", record.GetProperty("outcome").GetString());
        await BrowserSession.ScreenshotAsync(page, "aspire-dashboard-replayed");
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// Opens the messaging resource's replay command from its actions menu. On a busy machine a click can land while
    /// the menu is still opening, so the menu is opened again (up to three times) until the command's prompt shows.
    /// </summary>
    private static async Task OpenReplayCommandAsync(IPage page, ILocator dialog)
    {
        for (var attempt = 1; ; attempt++)
        {
            var messagingRow = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.Locator($"[aria-label$=': {ResourceNames.Messaging}']") }).First;
            await messagingRow.Locator("fluent-button[title='작업']").ClickAsync(new() { Timeout = Wait });
            var command = page.GetByText("실패 메시지 재처리 (replay)");
            if (!await command.IsVisibleAsync())
            {
                await page.GetByRole(AriaRole.Menuitem, new() { Name = "명령" }).HoverAsync();
            }

            await command.ClickAsync();
            try
            {
                await dialog.Locator(".interaction-input").Filter(new() { HasText = "Error queue" })
                    .WaitForAsync(new() { Timeout = 20_000 });
                return;
            }
            catch (Exception ex) when (attempt < 3 && ex is PlaywrightException or System.TimeoutException)
            {
                await page.Keyboard.PressAsync("Escape");
            }
        }
    }

    /// <summary>Opens the dropdown under <paramref name="label"/> and picks the option whose text contains <paramref name="option"/>.</summary>
    private static async Task ChooseAsync(ILocator dialog, string label, string option)
    {
        var field = dialog.Locator(".interaction-input").Filter(new() { HasText = label });
        await Assertions.Expect(field).ToBeVisibleAsync(new() { Timeout = Wait });
        await field.Locator("[role=combobox]").ClickAsync();
        await field.Locator("fluent-option").Filter(new() { HasText = option }).First.ClickAsync();
    }

    private static Task OkAsync(ILocator dialog) =>
        dialog.Locator("fluent-button[appearance=primary]").Filter(new() { HasText = "확인" }).ClickAsync(new() { Timeout = Wait });

}

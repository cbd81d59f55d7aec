using System.Text;
using Microsoft.Playwright;
using RabbitMQ.Client;
using Seomin.Testing;

namespace Seomin.AppHost.Tests.Dashboard;

/// <summary>The dashboard UI in Chromium against the dashboard alone, with seeded telemetry and a real broker.</summary>
public sealed class DashboardBrowserTests(DashboardBrowserFixture fixture) : IClassFixture<DashboardBrowserFixture>
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task ResourcesPage_WhenAllResourcesHealthy_ShowsEveryResourceHealthyInKorean()
    {
        var page = await fixture.Browser.NewPageAsync(fixture.Host.BaseUri);

        await page.GotoAsync("/#/resources");
        var rows = page.Locator("#resources-table tr[data-resource]");
        await Assertions.Expect(rows).ToHaveCountAsync(fixture.Registry.GetResources().Count, new() { Timeout = (float)Wait.TotalMilliseconds });

        Assert.Equal(fixture.Registry.GetResources().Count, await page.Locator("#resources-table tr[data-resource] [data-state='Healthy']").CountAsync());
        await Assertions.Expect(page.Locator("#nav a[data-page='resources']")).ToHaveTextAsync("리소스");
        Assert.Equal(1, await page.Locator("tr[data-resource='guarantee'] [data-testid='error-badge']").CountAsync());
        await BrowserSession.ScreenshotAsync(page, "dashboard-resources-ko");

        await page.ClickAsync("#lang");
        await Assertions.Expect(page.Locator("#nav a[data-page='resources']")).ToHaveTextAsync("Resources");
        await page.ClickAsync("tr[data-resource='guarantee'] button[data-details]");
        await Assertions.Expect(page.Locator("tr[data-details-for='guarantee']")).ToContainTextAsync("Password=****");
        await BrowserSession.ScreenshotAsync(page, "dashboard-resources-en");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ResourcesPage_WhenRestartClicked_RestartCountGoesUp()
    {
        var page = await fixture.Browser.NewPageAsync(fixture.Host.BaseUri);
        await page.GotoAsync("/#/resources");
        var count = page.Locator("tr[data-resource='gateway'] [data-testid='restart-count']");
        await Assertions.Expect(count).ToBeVisibleAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        var before = int.Parse(await count.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture);

        await page.ClickAsync("tr[data-resource='gateway'] button[data-cmd='restart']");

        await Assertions.Expect(count).ToHaveTextAsync((before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = (float)Wait.TotalMilliseconds });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TracePage_WhenTraceSpansTwoResources_ShowsWaterfallSpanDetailsAndItsLogs()
    {
        var page = await fixture.Browser.NewPageAsync(fixture.Host.BaseUri);
        await page.GotoAsync("/#/traces");
        var row = page.Locator($"tr[data-trace='{fixture.TraceId}']");
        await Assertions.Expect(row).ToContainTextAsync("gateway", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(row).ToContainTextAsync("guarantee");
        await BrowserSession.ScreenshotAsync(page, "dashboard-traces");

        await row.ClickAsync();

        await Assertions.Expect(page.Locator("#waterfall .row")).ToHaveCountAsync(3, new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#waterfall .bar.error")).ToHaveCountAsync(1);
        await page.Locator("#waterfall .row").Nth(1).ClickAsync();
        await Assertions.Expect(page.Locator("#span-details")).ToContainTextAsync("POST /guarantees");
        await Assertions.Expect(page.Locator("#trace-logs")).ToContainTextAsync(fixture.TracedLogMessage);
        await BrowserSession.ScreenshotAsync(page, "dashboard-trace-waterfall");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LogsPage_WhenFilteredByTraceId_FindsTheLogLineAndLinksToTheTrace()
    {
        var page = await fixture.Browser.NewPageAsync(fixture.Host.BaseUri);
        await page.GotoAsync("/#/logs");
        await page.FillAsync("#log-form input[name='traceId']", fixture.TraceId);

        await page.ClickAsync("#log-form button[type='submit']");

        var rows = page.Locator("#logs-table tr[data-seq]");
        await Assertions.Expect(rows).ToHaveCountAsync(2, new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#logs-table")).ToContainTextAsync(fixture.TracedLogMessage);
        await BrowserSession.ScreenshotAsync(page, "dashboard-logs-by-trace");
        await rows.First.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator("#trace-id")).ToHaveTextAsync(fixture.TraceId, new() { Timeout = (float)Wait.TotalMilliseconds });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ConsolePage_WhenTwoResourcesSelected_ShowsBothLivePausesAndFilters()
    {
        var page = await fixture.Browser.NewPageAsync(fixture.Host.BaseUri);

        await page.GotoAsync("/#/console?resources=gateway,guarantee");

        await Assertions.Expect(page.Locator("#console")).ToContainTextAsync("Now listening on", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("#console")).ToContainTextAsync("outbox relay retry");
        fixture.Registry.Write("guarantee", "stdout", "live line after open");
        await Assertions.Expect(page.Locator("#console")).ToContainTextAsync("live line after open", new() { Timeout = (float)Wait.TotalMilliseconds });
        await page.FillAsync("#con-filter", "listening");
        await Assertions.Expect(page.Locator("#console")).Not.ToContainTextAsync("outbox relay retry");
        await BrowserSession.ScreenshotAsync(page, "dashboard-console");
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#con-download"));
        Assert.StartsWith("console-gateway+guarantee", download.SuggestedFilename, StringComparison.Ordinal);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MetricsPage_WhenHttpHistogramAndBacklogReported_DrawsKeyCharts()
    {
        var page = await fixture.Browser.NewPageAsync(fixture.Host.BaseUri);

        await page.GotoAsync("/#/metrics?resource=gateway");

        await Assertions.Expect(page.Locator("[data-chart='request-rate'] polyline")).ToHaveCountAsync(1, new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator("[data-chart='latency'] polyline")).ToHaveCountAsync(3);
        await BrowserSession.ScreenshotAsync(page, "dashboard-metrics-gateway");
        await page.GotoAsync("/#/metrics?resource=guarantee");
        await Assertions.Expect(page.Locator("[data-chart='outbox-backlog'] polyline")).ToHaveCountAsync(1, new() { Timeout = (float)Wait.TotalMilliseconds });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MessagingPage_WhenPoisonMessageReplayed_ItReachesTheSourceQueueOnceMaskedAndAudited()
    {
        var vhostUri = await fixture.Rabbit.CreateVirtualHostAsync("dashboard");
        var vhost = Uri.UnescapeDataString(new Uri(vhostUri).AbsolutePath.TrimStart('/'));
        const string source = "guarantee-issued";
        var rrn = SyntheticRrn.Adult();
        var messageId = Guid.NewGuid().ToString();
        var factory = new ConnectionFactory { Uri = new Uri(vhostUri) };
        await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        await channel.QueueDeclareAsync(source, durable: true, exclusive: false, autoDelete: false, cancellationToken: TestContext.Current.CancellationToken);
        await channel.ExchangeDeclareAsync(source, ExchangeType.Fanout, durable: true, cancellationToken: TestContext.Current.CancellationToken);
        await channel.QueueBindAsync(source, source, string.Empty, cancellationToken: TestContext.Current.CancellationToken);
        await channel.QueueDeclareAsync(source + "_error", durable: true, exclusive: false, autoDelete: false, cancellationToken: TestContext.Current.CancellationToken);
        var properties = new BasicProperties
        {
            MessageId = messageId,
            ContentType = "application/vnd.masstransit+json",
            Headers = new Dictionary<string, object?>
            {
                ["MT-Fault-ExceptionType"] = "System.InvalidOperationException",
                ["MT-Fault-Message"] = "Applicant " + rrn + " not found",
                ["MT-Fault-StackTrace"] = "at Seomin.Guarantee.Consumers.Handle()",
                ["MT-Reason"] = "fault",
            },
        };
        var body = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new { messageId, message = new { applicantRrn = rrn, amount = 5_000_000L } }));
        await channel.BasicPublishAsync(string.Empty, source + "_error", mandatory: true, properties, body, TestContext.Current.CancellationToken);
        var page = await fixture.Browser.NewPageAsync(fixture.Host.BaseUri);

        await page.GotoAsync($"/#/messaging?vhost={Uri.EscapeDataString(vhost)}&queue={source}_error");

        var message = page.Locator($".error-message[data-message-id='{messageId}']");
        await Assertions.Expect(message).ToContainTextAsync("InvalidOperationException", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(message).ToContainTextAsync("[RRN-REDACTED]");
        Assert.DoesNotContain(rrn, await page.ContentAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator($"#queues-table tr[data-queue='{source}_error']")).ToBeVisibleAsync(new() { Timeout = (float)Wait.TotalMilliseconds });
        await BrowserSession.ScreenshotAsync(page, "dashboard-messaging-error-queue");

        await message.Locator("button[data-act='replay']").ClickAsync();

        await Probe.UntilAsync(async () => (await channel.MessageCountAsync(source, TestContext.Current.CancellationToken)) == 1
            && (await channel.MessageCountAsync(source + "_error", TestContext.Current.CancellationToken)) == 0, "the message moved from the error queue to its source queue");
        var replayed = await channel.BasicGetAsync(source, autoAck: true, TestContext.Current.CancellationToken);
        Assert.NotNull(replayed);
        Assert.Equal(messageId, replayed.BasicProperties.MessageId);
        Assert.False(replayed.BasicProperties.Headers?.ContainsKey("MT-Fault-Message") ?? false);
        Assert.Null(await channel.BasicGetAsync(source, autoAck: true, TestContext.Current.CancellationToken));
        await Assertions.Expect(page.Locator("#audit-table")).ToContainTextAsync("replay", new() { Timeout = (float)Wait.TotalMilliseconds });
        await BrowserSession.ScreenshotAsync(page, "dashboard-messaging-replayed");
        await page.Context.CloseAsync();
    }
}

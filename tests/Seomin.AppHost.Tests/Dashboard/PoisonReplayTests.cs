using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Playwright;
using Npgsql;
using Seomin.AppHost.Hosting;
using Seomin.Contracts.Guarantee;
using Seomin.Messaging;
using Seomin.Testing;

namespace Seomin.AppHost.Tests.Dashboard;

/// <summary>
/// Issue #9: a poison message shows in its <c>_error</c> queue on the dashboard's Messaging page, and replaying it
/// from the UI after the fault is fixed processes it exactly once. Runs against the whole platform started by the
/// testing builder (real PostgreSQL, RabbitMQ and services), in the same collection as <see cref="PlatformDashboardTests"/>.
/// </summary>
/// <remarks>
/// The fault is environmental, not a test hook: the counseling service's database role loses its INSERT privilege
/// on <c>counseling.timeline_entries</c> (the role owns the table but is not a superuser, so an owner's revoke of its
/// own privilege holds; the test checks <c>has_table_privilege</c> to prove it). Every delivery of a
/// <see cref="GuaranteeIssued"/> event then fails in <c>SaveChanges</c> with <c>42501 permission denied</c>, the
/// in-memory retries run out and MassTransit moves the message to <c>guarantee-timeline_error</c>. The fix is the
/// matching GRANT, always restored in a finally so the shared platform is left working.
/// </remarks>
[Collection(PlatformCollection.Name)]
public sealed class PoisonReplayTests(PlatformFixture platform) : IAsyncLifetime
{
    // The counseling service's GuaranteeTimelineConsumer, named by MassTransit's kebab-case endpoint formatter.
    private const string TimelineQueue = "guarantee-timeline";
    private const string TimelineErrorQueue = TimelineQueue + "_error";
    private const string TimelineTable = "counseling.timeline_entries";

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);
    private BrowserSession? _browser;

    private Uri Dashboard => platform.App.GetEndpoint("dashboard");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static LocatorAssertionsToBeVisibleOptions Visible => new() { Timeout = (float)Wait.TotalMilliseconds };

    public async ValueTask InitializeAsync() => _browser = await BrowserSession.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }

    [Fact]
    public async Task MessagingPage_WhenPoisonMessageReplayedAfterFaultFixed_ShowsItInErrorQueueThenProcessesItOnce()
    {
        var counselingDb = await platform.App.GetConnectionStringAsync(ResourceNames.CounselingDb, Ct)
            ?? throw new InvalidOperationException("The counseling database has no connection string.");
        var broker = BrokerAddress.Parse(await platform.App.GetConnectionStringAsync(ResourceNames.Messaging, Ct)
            ?? throw new InvalidOperationException("The broker has no connection string."));
        using var http = new HttpClient();

        // The consumer's queue is declared and consumed before anything is published, or the event would be unrouted.
        string? vhost = null;
        await Probe.UntilAsync(async () =>
        {
            var queue = await FindQueueAsync(http, TimelineQueue);
            vhost = queue?.GetProperty("virtualHost").GetString();
            return queue is { } q && q.GetProperty("consumers").GetInt32() > 0;
        }, $"the counseling consumer on queue {TimelineQueue}", Wait);

        var messageId = NewId.NextGuid();
        var issued = NewGuaranteeIssued();
        var page = await _browser!.NewPageAsync(Dashboard);

        await SetTimelineInsertAsync(counselingDb, grant: false);
        try
        {
            Assert.False(await CanInsertTimelineAsync(counselingDb), "Revoking INSERT must take effect (the app role is no superuser).");
            await PublishAsync(broker, issued, messageId);

            await Probe.UntilAsync(async () => (await PeekErrorQueueAsync(http, vhost!)).Contains(messageId.ToString()),
                $"message {messageId} in {TimelineErrorQueue}", Wait);
            Assert.Equal(0, await CountTimelineAsync(counselingDb, issued.EventId));

            await page.GotoAsync("/#/messaging");
            var errorQueueRow = page.Locator($"#queues-table tr[data-queue='{TimelineErrorQueue}']");
            await Assertions.Expect(errorQueueRow).ToBeVisibleAsync(Visible);
            await Assertions.Expect(errorQueueRow.Locator("[data-testid='depth']")).Not.ToHaveTextAsync("0", new() { Timeout = (float)Wait.TotalMilliseconds });
            await errorQueueRow.Locator($"button[data-view='{TimelineErrorQueue}']").ClickAsync();
            var poisoned = page.Locator($"#error-messages .error-message[data-message-id='{messageId}']");
            await Assertions.Expect(poisoned).ToBeVisibleAsync(Visible);
            await Assertions.Expect(poisoned).ToContainTextAsync(nameof(GuaranteeIssued));
            await Assertions.Expect(poisoned).ToContainTextAsync(issued.CertificateNumber);
            // The fault recorded with the message is the one this test caused, not some other failure.
            await Assertions.Expect(poisoned).ToContainTextAsync("42501");
            await BrowserSession.ScreenshotAsync(page, "platform-poison-error-queue");
        }
        finally
        {
            // The fix: the role gets its privilege back, whatever happened above.
            await SetTimelineInsertAsync(counselingDb, grant: true);
        }

        Assert.True(await CanInsertTimelineAsync(counselingDb));
        await page.Locator($"#error-messages .error-message[data-message-id='{messageId}'] button[data-act='replay']").ClickAsync();

        await Probe.UntilAsync(async () => await CountTimelineAsync(counselingDb, issued.EventId) == 1,
            $"the timeline row of event {issued.EventId} after the replay", Wait);
        await Probe.UntilAsync(async () =>
        {
            var error = await FindQueueAsync(http, TimelineErrorQueue);
            var source = await FindQueueAsync(http, TimelineQueue);
            return error?.GetProperty("messages").GetInt32() == 0 && source?.GetProperty("messages").GetInt32() == 0
                && (await PeekErrorQueueAsync(http, vhost!)).Count == 0;
        }, $"{TimelineErrorQueue} and {TimelineQueue} drained", Wait);
        Assert.Equal(1, await CountTimelineAsync(counselingDb, issued.EventId));
        Assert.Equal(1, await CountInboxAsync(counselingDb, messageId));

        var audited = page.Locator("#audit-table tbody tr").Filter(new() { HasText = messageId.ToString() });
        await Assertions.Expect(audited).ToHaveCountAsync(1, new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(audited).ToContainTextAsync("replay");
        await Assertions.Expect(audited).ToContainTextAsync(TimelineErrorQueue);
        await Assertions.Expect(audited.Locator("td").Last).ToHaveTextAsync("ok");
        // The queue table follows the broker's statistics, which lag a few seconds behind.
        await Assertions.Expect(page.Locator($"#queues-table tr[data-queue='{TimelineErrorQueue}'] [data-testid='depth']"))
            .ToHaveTextAsync("0", new() { Timeout = (float)Wait.TotalMilliseconds });
        await Assertions.Expect(page.Locator($"#error-messages .error-message[data-message-id='{messageId}']")).ToHaveCountAsync(0, new() { Timeout = (float)Wait.TotalMilliseconds });
        await BrowserSession.ScreenshotAsync(page, "platform-poison-replayed");
        await page.Context.CloseAsync();
    }

    private static GuaranteeIssued NewGuaranteeIssued()
    {
        var startDate = DateOnly.FromDateTime(DateTime.UtcNow);
        var suffix = Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        return new GuaranteeIssued
        {
            EventId = Guid.CreateVersion7(),
            GuaranteeId = Guid.CreateVersion7(),
            ApplicationId = Guid.CreateVersion7(),
            CertificateNumber = "POISON-" + suffix,
            CustomerId = "poison-" + suffix.ToLowerInvariant(),
            ProductCode = "SAETDOL",
            LenderCode = "LENDER01",
            GuaranteedAmount = 10_000_000,
            GuaranteeRatio = 0.9m,
            StartDate = startDate,
            EndDate = startDate.AddYears(3),
            OccurredAt = DateTimeOffset.UtcNow,
        };
    }

    /// <summary>Publishes the event as the guarantee service's outbox relay does: MassTransit to the message type's exchange.</summary>
    private static async Task PublishAsync(BrokerAddress broker, GuaranteeIssued message, Guid messageId)
    {
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg => cfg.Host(broker.Host, broker.Port, broker.VirtualHost, h =>
        {
            h.Username(broker.UserName);
            h.Password(broker.Password);
            h.PublisherConfirmation = true;
        }));
        await bus.StartAsync(Ct);
        try
        {
            await bus.Publish(message, context => context.MessageId = messageId, Ct);
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }

    private async Task<JsonElement?> FindQueueAsync(HttpClient http, string name)
    {
        var list = await http.GetFromJsonAsync<JsonElement>(new Uri(Dashboard, "/api/messaging/queues"), Ct);
        if (!list.GetProperty("available").GetBoolean())
        {
            return null;
        }

        foreach (var queue in list.GetProperty("queues").EnumerateArray())
        {
            if (queue.GetProperty("name").GetString() == name)
            {
                return queue;
            }
        }

        return null;
    }

    private async Task<IReadOnlyList<string>> PeekErrorQueueAsync(HttpClient http, string vhost)
    {
        using var response = await http.GetAsync(
            new Uri(Dashboard, $"/api/messaging/error-queues/{TimelineErrorQueue}/messages?vhost={Uri.EscapeDataString(vhost)}&max=50"), Ct);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            // MassTransit declares the error queue with the first fault.
            return [];
        }

        response.EnsureSuccessStatusCode();
        var messages = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return [.. messages.EnumerateArray().Select(m => m.GetProperty("messageId").GetString() ?? string.Empty)];
    }

    private static async Task SetTimelineInsertAsync(string connectionString, bool grant)
    {
        // The table name is a constant; CURRENT_USER is the app role the counseling service connects as.
        var sql = grant
            ? $"GRANT INSERT ON TABLE {TimelineTable} TO CURRENT_USER"
            : $"REVOKE INSERT ON TABLE {TimelineTable} FROM CURRENT_USER";
        await ExecuteScalarAsync(connectionString, sql);
    }

    private static async Task<bool> CanInsertTimelineAsync(string connectionString) =>
        (bool)(await ExecuteScalarAsync(connectionString, $"SELECT has_table_privilege('{TimelineTable}', 'INSERT')"))!;

    private static async Task<long> CountTimelineAsync(string connectionString, Guid eventId) =>
        (long)(await ExecuteScalarAsync(connectionString, $"SELECT count(*) FROM {TimelineTable} WHERE \"SourceEventId\" = @id", eventId))!;

    private static async Task<long> CountInboxAsync(string connectionString, Guid messageId) =>
        (long)(await ExecuteScalarAsync(connectionString,
            $"SELECT count(*) FROM counseling.inbox_messages WHERE message_id = @id AND consumer_endpoint = '{TimelineQueue}'", messageId))!;

    private static async Task<object?> ExecuteScalarAsync(string connectionString, string sql, Guid? id = null)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand(sql, connection);
        if (id is { } value)
        {
            command.Parameters.AddWithValue("id", value);
        }

        return await command.ExecuteScalarAsync(Ct);
    }
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using MassTransit;
using Npgsql;
using Seomin.Contracts.Guarantee;
using Seomin.Messaging;
using Seomin.Testing;

namespace Seomin.AppHost.Tests.Operations;

/// <summary>
/// A poison message in its <c>_error</c> queue, produced by a real fault, for the tests of the messaging resource's
/// operator commands (run from code, and from the dashboard in the browser test).
/// </summary>
/// <remarks>
/// The fault is environmental, not a test hook: the counseling service's database role loses its INSERT privilege
/// on <c>counseling.timeline_entries</c> (the role owns the table but is not a superuser, so an owner's revoke of its
/// own privilege holds; <c>has_table_privilege</c> proves it). Every delivery of a <see cref="GuaranteeIssued"/> event
/// then fails with <c>42501 permission denied</c>, the retries run out and MassTransit moves the message to
/// <c>guarantee-timeline_error</c>. The fix is the matching GRANT, always restored.
/// </remarks>
internal sealed class PoisonMessage(DistributedApplication app)
{
    // The counseling service's GuaranteeTimelineConsumer, named by MassTransit's kebab-case endpoint formatter.
    public const string TimelineQueue = "guarantee-timeline";
    public const string TimelineErrorQueue = TimelineQueue + "_error";
    private const string TimelineTable = "counseling.timeline_entries";

    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(90);

    public Guid MessageId { get; } = NewId.NextGuid();

    public GuaranteeIssued Event { get; } = NewGuaranteeIssued();

    public string VirtualHost { get; private set; } = "/";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Publishes the event while the consumer cannot store it, waits for it in the error queue, then fixes the fault.</summary>
    public async Task ProduceAsync()
    {
        var counselingDb = await CounselingDbAsync();
        var broker = BrokerAddress.Parse(await app.GetConnectionStringAsync(ResourceNames.Messaging, Ct) ?? throw new InvalidOperationException("no broker"));

        // The consumer's queue is declared and consumed before anything is published, or the event would be unrouted.
        await Probe.UntilAsync(async () =>
        {
            var queue = await FindQueueAsync(TimelineQueue);
            VirtualHost = queue?.GetProperty("vhost").GetString() ?? "/";
            return queue is { } q && q.GetProperty("consumers").GetInt32() > 0;
        }, $"the counseling consumer on queue {TimelineQueue}", Wait);

        await SetTimelineInsertAsync(counselingDb, grant: false);
        try
        {
            Assert.False(await CanInsertTimelineAsync(counselingDb), "Revoking INSERT must take effect (the app role is no superuser).");
            await PublishAsync(broker with { VirtualHost = VirtualHost }, Event, MessageId);
            await Probe.UntilAsync(async () => (await FindQueueAsync(TimelineErrorQueue))?.GetProperty("messages").GetInt32() > 0,
                $"message {MessageId} in {TimelineErrorQueue}", Wait);
            Assert.Equal(0, await CountTimelineAsync(counselingDb, Event.EventId));
        }
        finally
        {
            await SetTimelineInsertAsync(counselingDb, grant: true);
        }

        Assert.True(await CanInsertTimelineAsync(counselingDb));
    }

    /// <summary>After a replay: the event is on the timeline once, through the inbox once, and both queues are empty.</summary>
    public async Task AssertConsumedOnceAsync()
    {
        var counselingDb = await CounselingDbAsync();
        await Probe.UntilAsync(async () => await CountTimelineAsync(counselingDb, Event.EventId) == 1,
            $"the timeline row of event {Event.EventId} after the replay", Wait);
        await Probe.UntilAsync(async () =>
            (await FindQueueAsync(TimelineErrorQueue))?.GetProperty("messages").GetInt32() == 0
            && (await FindQueueAsync(TimelineQueue))?.GetProperty("messages").GetInt32() == 0,
            $"{TimelineErrorQueue} and {TimelineQueue} drained", Wait);
        Assert.Equal(1, await CountTimelineAsync(counselingDb, Event.EventId));
        Assert.Equal(1, await CountInboxAsync(counselingDb, MessageId));
    }

    /// <summary>The audit lines that name this message.</summary>
    public IReadOnlyList<JsonElement> AuditRecords(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, "audit", "messaging-operator.jsonl");
        return File.Exists(file)
            ? [.. File.ReadAllLines(file).Where(l => l.Contains(MessageId.ToString(), StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l).RootElement.Clone())]
            : [];
    }

    private async Task<string> CounselingDbAsync() =>
        await app.GetConnectionStringAsync(ResourceNames.CounselingDb, Ct) ?? throw new InvalidOperationException("no counseling database");

    /// <summary>A queue as the broker's management API reports it (statistics lag a few seconds).</summary>
    private async Task<JsonElement?> FindQueueAsync(string name)
    {
        var broker = BrokerAddress.Parse((await app.GetConnectionStringAsync(ResourceNames.Messaging, Ct))!);
        using var http = new HttpClient { BaseAddress = app.GetEndpoint(ResourceNames.Messaging, "management") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{broker.UserName}:{broker.Password}")));
        var queues = await http.GetFromJsonAsync<JsonElement>("/api/queues?columns=name,vhost,messages,consumers", Ct);
        foreach (var queue in queues.EnumerateArray())
        {
            if (queue.GetProperty("name").GetString() == name)
            {
                return queue;
            }
        }

        return null;
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

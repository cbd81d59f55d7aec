using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Serialization;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Seomin.Messaging;

/// <summary>Where the operator finds the broker: the management API for listing, AMQP for moving messages.</summary>
public sealed record ErrorQueueOperatorSettings(Uri ManagementUri, string UserName, string Password, BrokerAddress Broker)
{
    /// <summary>Management API from <paramref name="options"/>, defaulting to port 15672 and the amqp credentials.</summary>
    public static ErrorQueueOperatorSettings From(BrokerAddress broker, MessagingOptions options)
    {
        ArgumentNullException.ThrowIfNull(broker);
        ArgumentNullException.ThrowIfNull(options);
        return new ErrorQueueOperatorSettings(
            options.ManagementUri ?? new Uri($"http://{broker.Host}:15672/"),
            options.ManagementUserName ?? broker.UserName,
            options.ManagementPassword ?? broker.Password,
            broker);
    }

    /// <inheritdoc />
    public override string ToString() => $"{ManagementUri} {Broker}";
}

/// <summary>An error queue and the queue its messages came from.</summary>
public sealed record ErrorQueueSummary(string Name, string SourceQueue, long MessageCount);

/// <summary>A faulted message as it sits in an error queue.</summary>
public sealed record ErrorQueueMessage(
    string? MessageId,
    string? MessageType,
    string? FaultMessage,
    string? FaultExceptionType,
    string? FaultTimestamp,
    IReadOnlyDictionary<string, string> Headers,
    string Body);

/// <summary>The named error queue does not exist on the broker.</summary>
public sealed class ErrorQueueNotFoundException(string queue) : Exception($"Error queue '{queue}' does not exist.");

/// <summary>
/// Lists <c>_error</c> queues and their messages, moves messages back to their source queue and purges, each
/// action recorded through an <see cref="IMessagingAuditSink"/>. Usable from a service or from the AppHost.
/// </summary>
public sealed class ErrorQueueOperator
{
    private const string ErrorSuffix = "_error";
    private const int MaxMessagesPerCall = 10_000;
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

    private readonly ErrorQueueOperatorSettings _settings;

    public ErrorQueueOperator(ErrorQueueOperatorSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
    }

    /// <summary>Every queue of the virtual host whose name ends in <c>_error</c>, with its message count.</summary>
    public async Task<IReadOnlyList<ErrorQueueSummary>> ListErrorQueuesAsync(CancellationToken cancellationToken)
    {
        var vhost = Uri.EscapeDataString(_settings.Broker.VirtualHost);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_settings.ManagementUri, $"api/queues/{vhost}?columns=name,messages"));
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_settings.UserName}:{_settings.Password}")));
        using var response = await Http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var queues = await response.Content.ReadFromJsonAsync<List<ManagementQueue>>(cancellationToken) ?? [];
        return [.. queues
            .Where(q => q.Name.EndsWith(ErrorSuffix, StringComparison.Ordinal))
            .OrderBy(q => q.Name, StringComparer.Ordinal)
            .Select(q => new ErrorQueueSummary(q.Name, SourceQueueOf(q.Name), q.Messages ?? 0))];
    }

    /// <summary>Up to <paramref name="max"/> messages of <paramref name="errorQueue"/>, left in place and in order.</summary>
    public async Task<IReadOnlyList<ErrorQueueMessage>> PeekAsync(string errorQueue, int max, CancellationToken cancellationToken)
    {
        ValidateName(errorQueue);
        await using var connection = await ConnectAsync(cancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
        await EnsureExistsAsync(channel, errorQueue, cancellationToken);
        var messages = new List<ErrorQueueMessage>();
        ulong lastTag = 0;
        while (messages.Count < Math.Clamp(max, 1, MaxMessagesPerCall))
        {
            var result = await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken);
            if (result is null)
            {
                break;
            }

            lastTag = result.DeliveryTag;
            messages.Add(ToMessage(result));
        }

        if (lastTag > 0)
        {
            await channel.BasicNackAsync(lastTag, multiple: true, requeue: true, cancellationToken);
        }

        return messages;
    }

    /// <summary>
    /// Moves the message with <paramref name="messageId"/> (or every message when null) from
    /// <paramref name="errorQueue"/> back to its source queue, without the fault headers. A message is
    /// removed from the error queue only after the broker confirmed its copy.
    /// </summary>
    public async Task<int> ReplayAsync(string errorQueue, string? messageId, string actor, IMessagingAuditSink audit, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ValidateName(errorQueue);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var source = SourceQueueOf(errorQueue);
        var replayed = 0;
        await using (var connection = await ConnectAsync(cancellationToken))
        {
            var options = new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true);
            await using var channel = await connection.CreateChannelAsync(options, cancellationToken);
            await EnsureExistsAsync(channel, errorQueue, cancellationToken);
            var kept = new List<ulong>();
            for (var taken = 0; taken < MaxMessagesPerCall; taken++)
            {
                var result = await channel.BasicGetAsync(errorQueue, autoAck: false, cancellationToken);
                if (result is null)
                {
                    break;
                }

                if (messageId is not null && !string.Equals(result.BasicProperties.MessageId, messageId, StringComparison.OrdinalIgnoreCase))
                {
                    kept.Add(result.DeliveryTag);
                    continue;
                }

                var properties = new BasicProperties(result.BasicProperties);
                if (properties.Headers is not null)
                {
                    foreach (var key in properties.Headers.Keys.Where(IsFaultHeader).ToList())
                    {
                        properties.Headers.Remove(key);
                    }
                }

                // MassTransit binds an exchange of the queue's name to each queue: publishing there reaches it.
                await channel.BasicPublishAsync(source, string.Empty, mandatory: false, properties, result.Body, cancellationToken);
                await channel.BasicAckAsync(result.DeliveryTag, multiple: false, cancellationToken);
                replayed++;
                if (messageId is not null)
                {
                    break;
                }
            }

            foreach (var tag in kept)
            {
                await channel.BasicNackAsync(tag, multiple: false, requeue: true, cancellationToken);
            }
        }

        var action = messageId is null ? "replay-all" : "replay";
        await audit.WriteAsync(new MessagingAuditRecord(actor, action, errorQueue, Guid.TryParse(messageId, out var id) ? id : null, replayed, timeProvider.GetUtcNow()), cancellationToken);
        return replayed;
    }

    /// <summary>Deletes every message of <paramref name="errorQueue"/>.</summary>
    public async Task<int> PurgeAsync(string errorQueue, string actor, IMessagingAuditSink audit, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ValidateName(errorQueue);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(timeProvider);
        uint purged;
        await using (var connection = await ConnectAsync(cancellationToken))
        {
            await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken);
            await EnsureExistsAsync(channel, errorQueue, cancellationToken);
            purged = await channel.QueuePurgeAsync(errorQueue, cancellationToken);
        }

        await audit.WriteAsync(new MessagingAuditRecord(actor, "purge", errorQueue, null, (int)purged, timeProvider.GetUtcNow()), cancellationToken);
        return (int)purged;
    }

    internal static string SourceQueueOf(string errorQueue) =>
        errorQueue.EndsWith(ErrorSuffix, StringComparison.Ordinal) ? errorQueue[..^ErrorSuffix.Length] : errorQueue;

    private static bool IsFaultHeader(string key) =>
        key.StartsWith("MT-Fault-", StringComparison.OrdinalIgnoreCase)
        || key.Equals("MT-Reason", StringComparison.OrdinalIgnoreCase);

    private static void ValidateName(string errorQueue)
    {
        if (string.IsNullOrWhiteSpace(errorQueue) || !errorQueue.EndsWith(ErrorSuffix, StringComparison.Ordinal))
        {
            throw new ErrorQueueNotFoundException(errorQueue ?? string.Empty);
        }
    }

    private static async Task EnsureExistsAsync(IChannel channel, string queue, CancellationToken cancellationToken)
    {
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
        }
        catch (OperationInterruptedException)
        {
            throw new ErrorQueueNotFoundException(queue);
        }
    }

    private Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = _settings.Broker.ToAmqpUri(), ClientProvidedName = "seomin-error-queue-operator" };
        return factory.CreateConnectionAsync(cancellationToken);
    }

    private static ErrorQueueMessage ToMessage(BasicGetResult result)
    {
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (result.BasicProperties.Headers is { } raw)
        {
            foreach (var (key, value) in raw)
            {
                headers[key] = HeaderText(value);
            }
        }

        headers.TryGetValue("MT-Fault-Message", out var faultMessage);
        headers.TryGetValue("MT-Fault-ExceptionType", out var exceptionType);
        headers.TryGetValue("MT-Fault-Timestamp", out var timestamp);
        headers.TryGetValue("MT-MessageType", out var messageType);
        return new ErrorQueueMessage(
            result.BasicProperties.MessageId,
            messageType ?? result.BasicProperties.Type,
            faultMessage,
            exceptionType,
            timestamp,
            headers,
            Encoding.UTF8.GetString(result.Body.Span));
    }

    private static string HeaderText(object? value) => value switch
    {
        null => string.Empty,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        AmqpTimestamp ts => DateTimeOffset.FromUnixTimeSeconds(ts.UnixTime).ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        System.Collections.IEnumerable list and not string => string.Join(", ", list.Cast<object?>().Select(HeaderText)),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private sealed record ManagementQueue(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("messages")] long? Messages);
}

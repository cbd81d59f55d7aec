using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Seomin.Messaging;
using Seomin.PersonalData;

namespace Seomin.AppHost.Dashboard.Messaging;

/// <summary>A queue as the Messaging page lists it.</summary>
public sealed record QueueView(
    string VirtualHost, string Name, long Messages, long Ready, long Unacknowledged, int Consumers,
    double PublishRate, double DeliverRate, double AckRate, bool IsErrorQueue, string? SourceQueue);

/// <summary>The queue list, or why it is not available.</summary>
public sealed record QueueListView(bool Available, string? Error, string? ManagementUrl, IReadOnlyList<QueueView> Queues);

/// <summary>A faulted message with personal data masked.</summary>
public sealed record ErrorMessageView(
    string? MessageId, string? MessageType, string? ExceptionType, string? ExceptionMessage, string? StackTrace,
    string? FaultTimestamp, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>Result of a replay or purge.</summary>
public sealed record QueueActionResult(string VirtualHost, string Queue, string Action, int MessageCount);

/// <summary>
/// The Messaging page's broker access: queue statistics from the management API; peek, replay and purge of
/// <c>_error</c> queues through <see cref="ErrorQueueOperator"/> (shared with the services), each action audited.
/// Headers, exception text and bodies pass <see cref="RrnPattern.Redact"/> before they leave the AppHost.
/// </summary>
public sealed class DashboardMessaging(
    IRabbitMqEndpointSource endpointSource, IHttpClientFactory httpClientFactory, OperatorAuditLog audit, TimeProvider timeProvider, ILogger<DashboardMessaging> logger)
{
    internal const string HttpClientName = "seomin-dashboard-rabbitmq";
    private const string ErrorSuffix = "_error";

    public async Task<QueueListView> ListQueuesAsync(CancellationToken cancellationToken)
    {
        var endpoint = endpointSource.GetEndpoint();
        if (endpoint is null)
        {
            return new QueueListView(false, "RabbitMQ is not configured.", null, []);
        }

        try
        {
            var client = httpClientFactory.CreateClient(HttpClientName);
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint.ManagementUri, "api/queues"));
            request.Headers.Authorization = BasicAuth(endpoint);
            using var response = await client.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            var queues = await response.Content.ReadFromJsonAsync<List<ManagementQueue>>(cancellationToken) ?? [];
            var views = queues.Select(q => new QueueView(
                    q.VirtualHost ?? "/",
                    q.Name,
                    q.Messages ?? 0,
                    q.MessagesReady ?? 0,
                    q.MessagesUnacknowledged ?? 0,
                    q.Consumers ?? 0,
                    q.MessageStats?.PublishDetails?.Rate ?? 0,
                    q.MessageStats?.DeliverGetDetails?.Rate ?? 0,
                    q.MessageStats?.AckDetails?.Rate ?? 0,
                    q.Name.EndsWith(ErrorSuffix, StringComparison.Ordinal),
                    q.Name.EndsWith(ErrorSuffix, StringComparison.Ordinal) ? q.Name[..^ErrorSuffix.Length] : null))
                .OrderBy(q => q.VirtualHost, StringComparer.Ordinal).ThenBy(q => q.Name, StringComparer.Ordinal)
                .ToList();
            return new QueueListView(true, null, endpoint.ManagementUri.ToString(), views);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or TaskCanceledException)
        {
            DashboardLog.ManagementCallFailed(logger, ex.Message);
            return new QueueListView(false, ex.Message, endpoint.ManagementUri.ToString(), []);
        }
    }

    public async Task<IReadOnlyList<ErrorMessageView>> PeekAsync(string virtualHost, string queue, int max, CancellationToken cancellationToken)
    {
        var messages = await OperatorFor(virtualHost).PeekAsync(queue, max, cancellationToken);
        return messages.Select(m =>
        {
            var headers = m.Headers.ToDictionary(h => h.Key, h => RrnPattern.Redact(h.Value), StringComparer.Ordinal);
            headers.TryGetValue("MT-Fault-StackTrace", out var stack);
            return new ErrorMessageView(
                m.MessageId,
                m.MessageType,
                m.FaultExceptionType,
                m.FaultMessage is null ? null : RrnPattern.Redact(m.FaultMessage),
                stack is null ? null : RrnPattern.Redact(stack),
                m.FaultTimestamp,
                headers,
                RrnPattern.Redact(PrettyJson(m.Body)));
        }).ToList();
    }

    public async Task<QueueActionResult> ReplayAsync(string virtualHost, string queue, string? messageId, string actor, CancellationToken cancellationToken)
    {
        var action = messageId is null ? "replay-all" : "replay";
        try
        {
            OperatorAuditLog.CurrentVirtualHost.Value = virtualHost;
            var count = await OperatorFor(virtualHost).ReplayAsync(queue, messageId, actor, audit, timeProvider, cancellationToken);
            return new QueueActionResult(virtualHost, queue, action, count);
        }
        catch (Exception ex) when (ex is not ErrorQueueNotFoundException and not OperationCanceledException)
        {
            audit.Failed(timeProvider.GetUtcNow(), actor, action, virtualHost, queue, messageId, ex.GetType().Name);
            throw;
        }
    }

    public async Task<QueueActionResult> PurgeAsync(string virtualHost, string queue, string actor, CancellationToken cancellationToken)
    {
        try
        {
            OperatorAuditLog.CurrentVirtualHost.Value = virtualHost;
            var count = await OperatorFor(virtualHost).PurgeAsync(queue, actor, audit, timeProvider, cancellationToken);
            return new QueueActionResult(virtualHost, queue, "purge", count);
        }
        catch (Exception ex) when (ex is not ErrorQueueNotFoundException and not OperationCanceledException)
        {
            audit.Failed(timeProvider.GetUtcNow(), actor, "purge", virtualHost, queue, null, ex.GetType().Name);
            throw;
        }
    }

    private ErrorQueueOperator OperatorFor(string virtualHost)
    {
        var endpoint = endpointSource.GetEndpoint() ?? throw new InvalidOperationException("RabbitMQ is not configured.");
        var broker = new BrokerAddress(endpoint.AmqpHost, endpoint.AmqpPort, virtualHost, endpoint.UserName, endpoint.Password);
        return new ErrorQueueOperator(new ErrorQueueOperatorSettings(endpoint.ManagementUri, endpoint.UserName, endpoint.Password, broker));
    }

    private static AuthenticationHeaderValue BasicAuth(RabbitMqEndpoint endpoint) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{endpoint.UserName}:{endpoint.Password}")));

    private static string PrettyJson(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return JsonSerializer.Serialize(document.RootElement, PrettyOptions);
        }
        catch (JsonException)
        {
            return body;
        }
    }

    private static readonly JsonSerializerOptions PrettyOptions = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private sealed record ManagementQueue(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("vhost")] string? VirtualHost,
        [property: JsonPropertyName("messages")] long? Messages,
        [property: JsonPropertyName("messages_ready")] long? MessagesReady,
        [property: JsonPropertyName("messages_unacknowledged")] long? MessagesUnacknowledged,
        [property: JsonPropertyName("consumers")] int? Consumers,
        [property: JsonPropertyName("message_stats")] ManagementStats? MessageStats);

    private sealed record ManagementStats(
        [property: JsonPropertyName("publish_details")] ManagementRate? PublishDetails,
        [property: JsonPropertyName("deliver_get_details")] ManagementRate? DeliverGetDetails,
        [property: JsonPropertyName("ack_details")] ManagementRate? AckDetails);

    private sealed record ManagementRate([property: JsonPropertyName("rate")] double Rate);
}

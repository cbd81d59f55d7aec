using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Seomin.Messaging;
using Seomin.PersonalData;

namespace Seomin.AppHost.Operations;

/// <summary>
/// Operator commands on the messaging resource, for what the dashboard lacks: list the <c>_error</c> queues of every
/// virtual host, inspect a failed message (personal data masked), replay it to its source queue with the same message
/// id, purge a queue. The queue and message are chosen and the action confirmed through the dashboard's prompts; a
/// caller without a dashboard (tests, scripts) passes them as command arguments instead. Every replay and purge is
/// audited by <see cref="JsonLinesAuditSink"/>. The broker work is <see cref="ErrorQueueOperator"/>, shared with the services.
/// </summary>
internal static class ErrorQueueCommands
{
    public const string List = "list-error-queues";
    public const string Inspect = "inspect-failed-message";
    public const string Replay = "replay-failed-message";
    public const string Purge = "purge-error-queue";

    /// <summary>Argument names for callers without a dashboard: <c>queue</c> is <c>vhost|queue</c>.</summary>
    public const string QueueArgument = "queue";
    public const string MessageArgument = "messageId";
    public const string ActorArgument = "actor";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(15) };

    public static IResourceBuilder<T> WithErrorQueueCommands<T>(this IResourceBuilder<T> messaging, Func<CancellationToken, Task<BrokerEndpoint>> broker, string dataDirectory)
        where T : IResource
    {
        var options = new CommandOptions { UpdateState = ctx => ctx.ResourceSnapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy ? ResourceCommandState.Enabled : ResourceCommandState.Disabled };
        return messaging
            .WithCommand(List, "오류 큐 목록 (error queues)", ctx => ListAsync(ctx, broker), Describe(options, "List every *_error queue of every virtual host with its message count", "List"))
            .WithCommand(Inspect, "실패 메시지 보기 (inspect)", ctx => InspectAsync(ctx, broker), Describe(options, "Show a failed message: exception, headers, body (personal data masked)", "DocumentSearch"))
            .WithCommand(Replay, "실패 메시지 재처리 (replay)", ctx => ReplayAsync(ctx, broker, dataDirectory), Describe(options, "Move a failed message back to its source queue with the same message id (audited)", "ArrowRepeatAll"))
            .WithCommand(Purge, "오류 큐 비우기 (purge)", ctx => PurgeAsync(ctx, broker, dataDirectory), Describe(options, "Delete every message of an error queue (audited)", "Delete"));
    }

    private static CommandOptions Describe(CommandOptions template, string description, string icon) => new()
    {
        UpdateState = template.UpdateState,
        Description = description,
        IconName = icon,
    };

    private static async Task<ExecuteCommandResult> ListAsync(ExecuteCommandContext context, Func<CancellationToken, Task<BrokerEndpoint>> broker)
    {
        var endpoint = await broker(context.CancellationToken);
        var queues = await ListErrorQueuesAsync(endpoint, context.CancellationToken);
        var text = new StringBuilder("| virtual host | error queue | source queue | messages |\n|---|---|---|---|\n");
        foreach (var (vhost, queue) in queues)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"| {vhost} | {queue.Name} | {queue.SourceQueue} | {queue.MessageCount} |\n");
        }

        var summary = queues.Count == 0 ? "No error queues." : $"{queues.Count} error queue(s), {queues.Sum(q => q.Queue.MessageCount)} message(s).";
        return CommandResults.Success(summary, text.ToString(), CommandResultFormat.Markdown);
    }

    private static async Task<ExecuteCommandResult> InspectAsync(ExecuteCommandContext context, Func<CancellationToken, Task<BrokerEndpoint>> broker)
    {
        var endpoint = await broker(context.CancellationToken);
        var choice = await ChooseAsync(context, endpoint, "실패 메시지 보기", needsMessage: true, confirm: null);
        if (choice is null)
        {
            return CommandResults.Canceled();
        }

        var messages = await OperatorFor(endpoint, choice.VirtualHost).PeekAsync(choice.Queue, 100, context.CancellationToken);
        var message = messages.FirstOrDefault(m => string.Equals(m.MessageId, choice.MessageId, StringComparison.OrdinalIgnoreCase));
        if (message is null)
        {
            return CommandResults.Failure($"Message {choice.MessageId} is not in {choice.Queue}.");
        }

        return CommandResults.Success($"{message.MessageType} in {choice.Queue}", Masked(message), CommandResultFormat.Json);
    }

    private static async Task<ExecuteCommandResult> ReplayAsync(ExecuteCommandContext context, Func<CancellationToken, Task<BrokerEndpoint>> broker, string dataDirectory)
    {
        var endpoint = await broker(context.CancellationToken);
        var choice = await ChooseAsync(context, endpoint, "실패 메시지 재처리", needsMessage: true,
            confirm: c => $"Replay message {c.MessageId} from {c.Queue} to {c.SourceQueue} on virtual host {c.VirtualHost}?");
        if (choice is null)
        {
            return CommandResults.Canceled();
        }

        var audit = new JsonLinesAuditSink(dataDirectory, context.Logger);
        try
        {
            var count = await OperatorFor(endpoint, choice.VirtualHost)
                .ReplayAsync(choice.Queue, choice.MessageId, choice.Actor, audit.For(choice.VirtualHost), TimeProvider.System, context.CancellationToken);
            return count == 1
                ? CommandResults.Success($"Replayed {choice.MessageId} to {choice.SourceQueue}.")
                : CommandResults.Failure($"Message {choice.MessageId} was not found in {choice.Queue}.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await audit.WriteAsync(Failed(choice, "replay", ex), CancellationToken.None);
            return CommandResults.Failure($"Replay failed: {ex.Message}");
        }
    }

    private static async Task<ExecuteCommandResult> PurgeAsync(ExecuteCommandContext context, Func<CancellationToken, Task<BrokerEndpoint>> broker, string dataDirectory)
    {
        var endpoint = await broker(context.CancellationToken);
        var choice = await ChooseAsync(context, endpoint, "오류 큐 비우기", needsMessage: false,
            confirm: c => $"Delete every message of {c.Queue} on virtual host {c.VirtualHost}? This cannot be undone.");
        if (choice is null)
        {
            return CommandResults.Canceled();
        }

        var audit = new JsonLinesAuditSink(dataDirectory, context.Logger);
        try
        {
            var count = await OperatorFor(endpoint, choice.VirtualHost)
                .PurgeAsync(choice.Queue, choice.Actor, audit.For(choice.VirtualHost), TimeProvider.System, context.CancellationToken);
            return CommandResults.Success($"Purged {count} message(s) from {choice.Queue}.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await audit.WriteAsync(Failed(choice, "purge", ex), CancellationToken.None);
            return CommandResults.Failure($"Purge failed: {ex.Message}");
        }
    }

    /// <summary>The queue (and message) to act on, from the arguments or from the dashboard's prompts; null when cancelled.</summary>
    private static async Task<Choice?> ChooseAsync(ExecuteCommandContext context, BrokerEndpoint endpoint, string title, bool needsMessage, Func<Choice, string>? confirm)
    {
        var ct = context.CancellationToken;
        if (context.Arguments is { } args && args.TryGetByName(QueueArgument, out var given) && given.Value is { Length: > 0 } queueValue)
        {
            var (vhost, queue) = SplitQueue(queueValue);
            var messageId = args.TryGetByName(MessageArgument, out var m) ? m.Value : null;
            var actor = args.TryGetByName(ActorArgument, out var a) && a.Value is { Length: > 0 } who ? who : DefaultActor;
            return new Choice(vhost, queue, messageId, actor);
        }

        var interaction = context.Services.GetRequiredService<IInteractionService>();
        if (!interaction.IsAvailable)
        {
            throw new InvalidOperationException($"No dashboard to prompt in: pass the '{QueueArgument}' argument.");
        }

        var queues = await ListErrorQueuesAsync(endpoint, ct);
        if (queues.Count == 0)
        {
            await interaction.PromptNotificationAsync(title, "There are no error queues.", cancellationToken: ct);
            return null;
        }

        var queueInput = new InteractionInput
        {
            Name = QueueArgument,
            Label = "Error queue",
            InputType = InputType.Choice,
            Required = true,
            Options = [.. queues.Select(q => new KeyValuePair<string, string>($"{q.VirtualHost}|{q.Queue.Name}", $"{q.Queue.Name} ({q.VirtualHost}, {q.Queue.MessageCount})"))],
        };
        var actorInput = new InteractionInput { Name = ActorArgument, Label = "Operator (for the audit record)", InputType = InputType.Text, Required = true, Value = DefaultActor };
        var picked = await interaction.PromptInputsAsync(title, "Choose the error queue.", [queueInput, actorInput], cancellationToken: ct);
        if (picked.Canceled)
        {
            return null;
        }

        var (chosenHost, chosenQueue) = SplitQueue(picked.Data[QueueArgument].Value!);
        var operatorName = picked.Data[ActorArgument].Value is { Length: > 0 } name ? name : DefaultActor;
        string? chosenMessage = null;
        if (needsMessage)
        {
            var messages = await OperatorFor(endpoint, chosenHost).PeekAsync(chosenQueue, 50, ct);
            if (messages.Count == 0)
            {
                await interaction.PromptNotificationAsync(title, $"{chosenQueue} is empty.", cancellationToken: ct);
                return null;
            }

            var messageInput = new InteractionInput
            {
                Name = MessageArgument,
                Label = "Message",
                InputType = InputType.Choice,
                Required = true,
                Options = [.. messages.Where(m => m.MessageId is not null).Select(m => new KeyValuePair<string, string>(m.MessageId!, $"{m.MessageId} · {ShortType(m.MessageType)} · {RrnPattern.Redact(m.FaultMessage ?? string.Empty)}"))],
            };
            var message = await interaction.PromptInputAsync(title, $"Choose the message of {chosenQueue}.", messageInput, cancellationToken: ct);
            if (message.Canceled)
            {
                return null;
            }

            chosenMessage = message.Data.Value;
        }

        var choice = new Choice(chosenHost, chosenQueue, chosenMessage, operatorName);
        if (confirm is not null)
        {
            var confirmed = await interaction.PromptConfirmationAsync(title, confirm(choice), cancellationToken: ct);
            if (confirmed.Canceled || !confirmed.Data)
            {
                return null;
            }
        }

        return choice;
    }

    private static async Task<List<(string VirtualHost, ErrorQueueSummary Queue)>> ListErrorQueuesAsync(BrokerEndpoint endpoint, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(endpoint.ManagementUri, "api/vhosts?columns=name"));
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{endpoint.Broker.UserName}:{endpoint.Broker.Password}")));
        using var response = await Http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var vhosts = await response.Content.ReadFromJsonAsync<List<VirtualHostName>>(cancellationToken) ?? [];
        var result = new List<(string, ErrorQueueSummary)>();
        foreach (var vhost in vhosts.Select(v => v.Name).Order(StringComparer.Ordinal))
        {
            foreach (var queue in await OperatorFor(endpoint, vhost).ListErrorQueuesAsync(cancellationToken))
            {
                result.Add((vhost, queue));
            }
        }

        return result;
    }

    private static ErrorQueueOperator OperatorFor(BrokerEndpoint endpoint, string virtualHost) =>
        new(new ErrorQueueOperatorSettings(endpoint.ManagementUri, endpoint.Broker.UserName, endpoint.Broker.Password, endpoint.Broker with { VirtualHost = virtualHost }));

    private static string Masked(ErrorQueueMessage message)
    {
        var headers = message.Headers.ToDictionary(h => h.Key, h => RrnPattern.Redact(h.Value), StringComparer.Ordinal);
        object? body;
        try
        {
            body = JsonSerializer.Deserialize<JsonElement>(RrnPattern.Redact(message.Body));
        }
        catch (JsonException)
        {
            body = RrnPattern.Redact(message.Body);
        }

        headers.TryGetValue("MT-Fault-StackTrace", out var stack);
        return JsonSerializer.Serialize(new
        {
            message.MessageId,
            message.MessageType,
            Exception = new { Type = message.FaultExceptionType, Message = message.FaultMessage is null ? null : RrnPattern.Redact(message.FaultMessage), StackTrace = stack, At = message.FaultTimestamp },
            Headers = headers,
            Body = body,
        }, IndentedJson);
    }

    private static OperatorAuditEntry Failed(Choice choice, string action, Exception ex) =>
        new(DateTimeOffset.UtcNow, choice.Actor, action, choice.VirtualHost, choice.Queue, choice.MessageId, 0, "failed: " + ex.GetType().Name);

    private static (string VirtualHost, string Queue) SplitQueue(string value)
    {
        var bar = value.LastIndexOf('|');
        return bar < 0 ? ("/", value) : (value[..bar], value[(bar + 1)..]);
    }

    private static string ShortType(string? messageType) =>
        messageType?.Split(';')[0].Split(':').LastOrDefault() ?? "?";

    private static string DefaultActor => $"{Environment.UserName}@dashboard";

    private static readonly JsonSerializerOptions IndentedJson = new(JsonSerializerOptions.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private sealed record Choice(string VirtualHost, string Queue, string? MessageId, string Actor)
    {
        public string SourceQueue => Queue.EndsWith("_error", StringComparison.Ordinal) ? Queue[..^"_error".Length] : Queue;
    }

    private sealed record VirtualHostName([property: JsonPropertyName("name")] string Name);
}

/// <summary>Where the operator commands reach the broker: AMQP address with credentials and the management API.</summary>
internal sealed record BrokerEndpoint(BrokerAddress Broker, Uri ManagementUri);

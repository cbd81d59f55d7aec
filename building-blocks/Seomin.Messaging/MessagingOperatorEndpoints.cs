using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Seomin.Messaging;

/// <summary>Operator endpoints over the service's error queues: <c>/ops/messaging/error-queues</c>.</summary>
public static class MessagingOperatorEndpoints
{
    /// <summary>
    /// Maps list, peek, replay and purge. Returns the group so the caller adds its authorization policy;
    /// the signed-in user's name is the audit record's actor.
    /// </summary>
    public static RouteGroupBuilder MapMessagingOperatorEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/ops/messaging/error-queues").WithTags("Messaging operations");
        group.MapGet("/", ListErrorQueues)
            .WithName("ListErrorQueues").WithSummary("Lists the _error queues and their message counts.");
        group.MapGet("/{queue}/messages", PeekErrorMessages)
            .WithName("PeekErrorMessages").WithSummary("Shows the faulted messages of an error queue without removing them.");
        group.MapPost("/{queue}/replay", ReplayErrorMessages)
            .WithName("ReplayErrorMessages").WithSummary("Moves one message (messageId) or all messages back to the source queue.");
        group.MapDelete("/{queue}/messages", PurgeErrorQueue)
            .WithName("PurgeErrorQueue").WithSummary("Deletes every message of an error queue.");
        return group;
    }

    /// <summary>Result of a replay or purge.</summary>
    public sealed record ErrorQueueActionResult(string Queue, string Action, int MessageCount);

    private static async Task<Ok<IReadOnlyList<ErrorQueueSummary>>> ListErrorQueues(ErrorQueueOperator queues, CancellationToken cancellationToken) =>
        TypedResults.Ok(await queues.ListErrorQueuesAsync(cancellationToken));

    private static async Task<Results<Ok<IReadOnlyList<ErrorQueueMessage>>, ProblemHttpResult>> PeekErrorMessages(
        string queue, int? max, ErrorQueueOperator queues, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await queues.PeekAsync(queue, max ?? 50, cancellationToken));
        }
        catch (ErrorQueueNotFoundException ex)
        {
            return NotFound(ex);
        }
    }

    private static async Task<Results<Ok<ErrorQueueActionResult>, ProblemHttpResult>> ReplayErrorMessages(
        string queue, string? messageId, HttpContext http, ErrorQueueOperator queues, IMessagingAuditSink audit, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            var count = await queues.ReplayAsync(queue, messageId, ActorOf(http), audit, timeProvider, cancellationToken);
            return TypedResults.Ok(new ErrorQueueActionResult(queue, messageId is null ? "replay-all" : "replay", count));
        }
        catch (ErrorQueueNotFoundException ex)
        {
            return NotFound(ex);
        }
    }

    private static async Task<Results<Ok<ErrorQueueActionResult>, ProblemHttpResult>> PurgeErrorQueue(
        string queue, HttpContext http, ErrorQueueOperator queues, IMessagingAuditSink audit, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        try
        {
            var count = await queues.PurgeAsync(queue, ActorOf(http), audit, timeProvider, cancellationToken);
            return TypedResults.Ok(new ErrorQueueActionResult(queue, "purge", count));
        }
        catch (ErrorQueueNotFoundException ex)
        {
            return NotFound(ex);
        }
    }

    private static ProblemHttpResult NotFound(ErrorQueueNotFoundException ex) =>
        TypedResults.Problem(title: "Error queue not found", detail: ex.Message, statusCode: StatusCodes.Status404NotFound);

    private static string ActorOf(HttpContext http) => http.User.Identity?.Name ?? "anonymous";
}

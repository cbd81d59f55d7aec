using Microsoft.AspNetCore.Http.HttpResults;
using Seomin.Messaging;

namespace Seomin.AppHost.Dashboard.Messaging;

/// <summary>
/// JSON API of the Messaging page: <c>/api/messaging/...</c>. Actions (replay, purge) need the
/// <c>X-Seomin-Dashboard</c> header, which a cross-site form cannot send, and are audited.
/// </summary>
public static class MessagingEndpoints
{
    /// <summary>Header every state-changing call from the dashboard UI carries.</summary>
    public const string ActionHeader = "X-Seomin-Dashboard";

    public static RouteGroupBuilder MapMessagingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/messaging").WithTags("Dashboard messaging");
        group.MapGet("/queues", ListQueuesAsync).WithName("DashboardQueues").WithSummary("Queues with depth, consumers and rates.");
        group.MapGet("/error-queues/{queue}/messages", PeekAsync).WithName("DashboardErrorMessages").WithSummary("Faulted messages of an _error queue (masked).");
        group.MapPost("/error-queues/{queue}/replay", ReplayAsync).WithName("DashboardReplay").WithSummary("Replays one message (messageId) or all to the source queue.")
            .AddEndpointFilter(RequireActionHeader);
        group.MapPost("/error-queues/{queue}/purge", PurgeAsync).WithName("DashboardPurge").WithSummary("Deletes every message of an _error queue.")
            .AddEndpointFilter(RequireActionHeader);
        group.MapGet("/audit", GetAudit).WithName("DashboardAudit").WithSummary("Audited operator actions, newest first.");
        return group;
    }

    public static async Task<Ok<QueueListView>> ListQueuesAsync(DashboardMessaging messaging, CancellationToken cancellationToken) =>
        TypedResults.Ok(await messaging.ListQueuesAsync(cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<ErrorMessageView>>, ProblemHttpResult>> PeekAsync(
        DashboardMessaging messaging, string queue, string? vhost, int? max, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await messaging.PeekAsync(vhost ?? "/", queue, max ?? 50, cancellationToken));
        }
        catch (ErrorQueueNotFoundException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (Exception ex) when (IsBrokerFailure(ex))
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    public static async Task<Results<Ok<QueueActionResult>, ProblemHttpResult>> ReplayAsync(
        DashboardMessaging messaging, HttpContext context, string queue, string? vhost, string? messageId, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await messaging.ReplayAsync(vhost ?? "/", queue, string.IsNullOrWhiteSpace(messageId) ? null : messageId, ActorOf(context), cancellationToken));
        }
        catch (ErrorQueueNotFoundException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (Exception ex) when (IsBrokerFailure(ex))
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    public static async Task<Results<Ok<QueueActionResult>, ProblemHttpResult>> PurgeAsync(
        DashboardMessaging messaging, HttpContext context, string queue, string? vhost, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await messaging.PurgeAsync(vhost ?? "/", queue, ActorOf(context), cancellationToken));
        }
        catch (ErrorQueueNotFoundException ex)
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status404NotFound);
        }
        catch (Exception ex) when (IsBrokerFailure(ex))
        {
            return TypedResults.Problem(ex.Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    public static Ok<IReadOnlyList<DashboardAuditRecord>> GetAudit(OperatorAuditLog audit) => TypedResults.Ok(audit.GetRecords());

    /// <summary>The operator as far as the dashboard knows: the signed-in name, else the browser's address.</summary>
    internal static string ActorOf(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true && context.User.Identity.Name is { } name
            ? name
            : "dashboard@" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static bool IsBrokerFailure(Exception ex) =>
        ex is HttpRequestException or InvalidOperationException or RabbitMQ.Client.Exceptions.BrokerUnreachableException
            or RabbitMQ.Client.Exceptions.OperationInterruptedException;

    private static async ValueTask<object?> RequireActionHeader(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (!context.HttpContext.Request.Headers.ContainsKey(ActionHeader))
        {
            return TypedResults.Problem($"Operator actions need the {ActionHeader} header.", statusCode: StatusCodes.Status403Forbidden);
        }

        return await next(context);
    }
}

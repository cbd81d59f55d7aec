using System.Globalization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Options;
using Seomin.Gateway.Security;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Seomin.Gateway.Routing;

/// <summary>
/// Turns YARP's empty error responses into Problem Details: an unreachable service is 503, a slow one 504. The token
/// service's routes answer every failure to reach it as 503 <c>token_service_unavailable</c> with Retry-After, so a
/// sign-in or token request says clearly that it can be retried.
/// </summary>
public static partial class ProxyErrors
{
    public static async Task HandleAsync(HttpContext context, Func<Task> next)
    {
        await next();
        var error = context.GetForwarderErrorFeature();
        if (context.Response.HasStarted)
        {
            return;
        }

        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Seomin.Gateway.Proxy");
        if (IsIdentityRoute(context) && (error is not null || context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable))
        {
            if (error is not null)
            {
                LogForwardFailed(logger, error.Error.ToString(), context.Request.Path);
            }

            if (error is null || FindBadRequest(error.Exception) is not { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                var retryAfter = context.RequestServices.GetRequiredService<IOptions<GatewayOptions>>().Value.Identity.RetryAfter;
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await GatewayProblems.WriteAsync(context, 503, ErrorCodes.TokenServiceUnavailable, "Token service unavailable",
                    "Sign-in and tokens are unavailable for a moment; retry after the Retry-After delay. Tokens already issued keep working.");
                return;
            }
        }

        if (error is null)
        {
            if (context.Response.StatusCode == StatusCodes.Status503ServiceUnavailable)
            {
                await GatewayProblems.WriteAsync(context, 503, ErrorCodes.UpstreamUnavailable, "Service unavailable",
                    "No healthy instance of the service is available.");
            }

            return;
        }

        LogForwardFailed(logger, error.Error.ToString(), context.Request.Path);
        if (FindBadRequest(error.Exception) is { StatusCode: StatusCodes.Status413PayloadTooLarge })
        {
            await GatewayProblems.WriteAsync(context, 413, ErrorCodes.BodyTooLarge, "Request body too large");
            return;
        }

        var routeTimedOut = context.Features.Get<IHttpRequestTimeoutFeature>()?.RequestTimeoutToken.IsCancellationRequested == true;
        if (routeTimedOut)
        {
            await GatewayProblems.WriteAsync(context, 504, ErrorCodes.UpstreamTimeout, "Service timed out",
                "The service did not answer within the route's timeout.");
            return;
        }

        switch (error.Error)
        {
            case ForwarderError.RequestTimedOut:
            case ForwarderError.RequestBodyCanceled when context.RequestAborted.IsCancellationRequested is false:
                await GatewayProblems.WriteAsync(context, 504, ErrorCodes.UpstreamTimeout, "Service timed out",
                    "The service did not answer in time.");
                break;
            case ForwarderError.Request:
            case ForwarderError.NoAvailableDestinations:
                await GatewayProblems.WriteAsync(context, 503, ErrorCodes.UpstreamUnavailable, "Service unavailable",
                    "The service cannot be reached.");
                break;
            case ForwarderError.RequestBodyClient:
                await GatewayProblems.WriteAsync(context, 400, ErrorCodes.ValidationFailed, "Bad request body");
                break;
            default:
                await GatewayProblems.WriteAsync(context, 502, ErrorCodes.UpstreamError, "Bad gateway");
                break;
        }
    }

    private static bool IsIdentityRoute(HttpContext context) =>
        context.Features.Get<IReverseProxyFeature>()?.Route.Config.Metadata?.ContainsKey(ServiceProxyConfigProvider.IdentityMetadataKey) == true;

    private static BadHttpRequestException? FindBadRequest(Exception? exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is BadHttpRequestException bad)
            {
                return bad;
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 8401, Level = LogLevel.Warning, Message = "Forwarding failed ({Error}) for {Path}")]
    private static partial void LogForwardFailed(ILogger logger, string error, PathString path);
}

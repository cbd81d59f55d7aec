using System.Data.Common;
using System.Net.Sockets;

namespace Seomin.Identity.Api.Endpoints;

/// <summary>
/// When the database cannot be reached, nobody can sign in or get a token: say so with a 503 Problem Details and
/// <c>Retry-After</c> (errorCode <c>token_service_unavailable</c>) instead of a bare 500. Tokens already issued keep
/// validating at the services from their cached keys.
/// </summary>
public sealed partial class UnavailableDatabase(RequestDelegate next, ILogger<UnavailableDatabase> logger)
{
    public async Task InvokeAsync(HttpContext context, IProblemDetailsService problems)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (IsDatabaseUnavailable(e) && !context.Response.HasStarted)
        {
            LogUnavailable(logger, e.GetType().Name, context.Request.Path);
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "5";
            await problems.WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context,
                ProblemDetails = new Microsoft.AspNetCore.Mvc.ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "Token service unavailable",
                    Detail = "Sign-in and token requests cannot be served right now. Try again shortly.",
                    Extensions = { ["errorCode"] = "token_service_unavailable" },
                },
            });
        }
    }

    private static bool IsDatabaseUnavailable(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is DbException or SocketException or TimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(EventId = 1310, Level = LogLevel.Error, Message = "The token service's database is unavailable ({ExceptionType}) on {Path}")]
    private static partial void LogUnavailable(ILogger logger, string exceptionType, string path);
}

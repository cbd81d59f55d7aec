using Microsoft.AspNetCore.Http;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.ServiceDefaults.Http;

/// <summary>
/// Echoes the partner transaction id (<c>x-api-tran-id</c>) on the response when the caller sent one. W3C trace
/// context and the request span are ASP.NET Core's and its OpenTelemetry instrumentation's.
/// </summary>
internal sealed class CorrelationMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (CorrelationHeaders.TryGetApiTransactionId(context.Request, out var tranId))
        {
            // OnStarting, because the exception handler clears headers set earlier.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[CorrelationHeaders.ApiTransactionId] = tranId;
                return Task.CompletedTask;
            });
        }

        return next(context);
    }
}

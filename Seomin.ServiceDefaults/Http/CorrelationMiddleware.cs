using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Seomin.ServiceDefaults.Problems;
using Seomin.ServiceDefaults.Telemetry;

namespace Seomin.ServiceDefaults.Http;

/// <summary>
/// Echoes the partner transaction id (<c>x-api-tran-id</c>) on the response when the caller sent one, and
/// keeps health probes out of traces. W3C trace context itself is handled by ASP.NET Core.
/// </summary>
internal sealed class CorrelationMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // ASP.NET Core's own span carries no HTTP attributes without the instrumentation package
        // (not available here, ADR 0001); add the semantic-convention ones operators filter on.
        HttpServerSpan.OnRequest(context);
        var path = context.Request.Path;
        if (path.StartsWithSegments(SeominServiceDefaultsExtensions.HealthPath) || path.StartsWithSegments(SeominServiceDefaultsExtensions.AlivePath))
        {
            TelemetryExtensions.SuppressCurrentTrace();
        }

        if (CorrelationHeaders.TryGetApiTransactionId(context.Request, out var tranId))
        {
            // OnStarting, because the exception handler clears headers set earlier.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers[CorrelationHeaders.ApiTransactionId] = tranId;
                return Task.CompletedTask;
            });
        }

        try
        {
            await next(context);
        }
        finally
        {
            HttpServerSpan.OnResponse(context);
        }
    }
}

using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Seomin.ServiceDefaults.Telemetry;

/// <summary>
/// Names the request span <c>{method} {route}</c> and adds the OpenTelemetry HTTP server attributes, as the
/// ASP.NET Core instrumentation package would. The query string is never recorded (it may carry tokens).
/// </summary>
internal static class HttpServerSpan
{
    public static void OnRequest(HttpContext context)
    {
        if (Activity.Current is not { IsAllDataRequested: true } activity)
        {
            return;
        }

        var request = context.Request;
        activity.SetTag("http.request.method", request.Method);
        activity.SetTag("url.scheme", request.Scheme);
        activity.SetTag("url.path", request.Path.Value);
        activity.SetTag("server.address", request.Host.Host);
        if (request.Host.Port is { } port)
        {
            activity.SetTag("server.port", port);
        }

        activity.SetTag("network.protocol.version", request.Protocol.Replace("HTTP/", string.Empty, StringComparison.Ordinal));
        activity.DisplayName = request.Method;
    }

    /// <summary>Called once routing has chosen the endpoint (the exception handler clears it later).</summary>
    public static void OnRouted(HttpContext context)
    {
        if (Activity.Current is { IsAllDataRequested: true } activity
            && context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route })
        {
            activity.SetTag("http.route", route);
            activity.DisplayName = $"{context.Request.Method} {route}";
        }
    }

    public static void OnResponse(HttpContext context)
    {
        if (Activity.Current is not { IsAllDataRequested: true } activity)
        {
            return;
        }

        var status = context.Response.StatusCode;
        activity.SetTag("http.response.status_code", status);

        if (status >= 500)
        {
            activity.SetStatus(ActivityStatusCode.Error);
            activity.SetTag("error.type", status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

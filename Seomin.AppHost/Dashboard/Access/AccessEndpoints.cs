using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Seomin.AppHost.Dashboard.Ui;

namespace Seomin.AppHost.Dashboard.Access;

/// <summary>The token login page and the middleware that asks for it when the dashboard is not on loopback.</summary>
public static class AccessEndpoints
{
    public static IEndpointRouteBuilder MapDashboardLogin(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/login", GetLogin).WithName("DashboardLoginPage").ExcludeFromDescription();
        endpoints.MapPost("/login", PostLoginAsync).WithName("DashboardLogin").ExcludeFromDescription().DisableAntiforgery();
        return endpoints;
    }

    /// <summary>Opening <c>/login?t=token</c> signs in at once (the URL the AppHost prints); otherwise shows the form.</summary>
    public static Results<RedirectHttpResult, ContentHttpResult> GetLogin(HttpContext context, DashboardAccess access, string? t)
    {
        if (!access.RequiresToken)
        {
            return TypedResults.Redirect("/");
        }

        if (t is not null && access.IsValidToken(t))
        {
            access.SignIn(context);
            return TypedResults.Redirect("/");
        }

        return TypedResults.Content(DashboardAssets.LoginHtml(failed: t is not null), "text/html; charset=utf-8");
    }

    public static async Task<Results<RedirectHttpResult, ContentHttpResult>> PostLoginAsync(HttpContext context, DashboardAccess access, ILogger<DashboardAccess> logger)
    {
        var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted) : null;
        var token = form?["token"].ToString();
        if (access.IsValidToken(token))
        {
            access.SignIn(context);
            return TypedResults.Redirect("/");
        }

        DashboardLog.LoginRefused(logger, context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        return TypedResults.Content(DashboardAssets.LoginHtml(failed: true), "text/html; charset=utf-8", statusCode: (int)HttpStatusCode.Unauthorized);
    }

    /// <summary>
    /// Separates the two listeners and guards the UI: on the OTLP port only <c>/v1/*</c> is served; on the UI port
    /// <c>/v1/*</c> is not; and when a token is required every UI and API request needs the session cookie.
    /// </summary>
    internal static IApplicationBuilder UseDashboardAccess(this IApplicationBuilder app, DashboardAccess access, int? otlpPort)
    {
        return app.Use(async (context, next) =>
        {
            var isOtlpPath = context.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase);
            if (otlpPort is not null)
            {
                var onOtlpPort = context.Connection.LocalPort == otlpPort;
                if (onOtlpPort != isOtlpPath)
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return;
                }
            }

            if (isOtlpPath || !access.RequiresToken || access.HasValidSession(context)
                || context.Request.Path.StartsWithSegments("/login", StringComparison.OrdinalIgnoreCase)
                || context.Request.Path.Equals("/dashboard/app.css", StringComparison.OrdinalIgnoreCase))
            {
                await next(context);
                return;
            }

            if (context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            context.Response.Redirect("/login");
        });
    }
}

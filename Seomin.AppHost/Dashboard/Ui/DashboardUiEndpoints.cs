using Microsoft.AspNetCore.Http.HttpResults;

namespace Seomin.AppHost.Dashboard.Ui;

/// <summary>Serves the dashboard's single page (HTML, script, styles); no build step, no files on disk.</summary>
public static class DashboardUiEndpoints
{
    public static IEndpointRouteBuilder MapDashboardUi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/", GetIndex).WithName("DashboardIndex").ExcludeFromDescription();
        endpoints.MapGet("/dashboard/app.js", GetScript).WithName("DashboardScript").ExcludeFromDescription();
        endpoints.MapGet("/dashboard/app.css", GetStyles).WithName("DashboardStyles").ExcludeFromDescription();
        endpoints.MapGet("/favicon.ico", GetFavicon).WithName("DashboardFavicon").ExcludeFromDescription();
        return endpoints;
    }

    public static ContentHttpResult GetIndex(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Content-Security-Policy"] = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Content(DashboardAssets.IndexHtml, "text/html; charset=utf-8");
    }

    public static ContentHttpResult GetScript(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Content(DashboardAssets.Script, "text/javascript; charset=utf-8");
    }

    public static ContentHttpResult GetStyles(HttpContext context)
    {
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Content(DashboardAssets.Styles, "text/css; charset=utf-8");
    }

    public static NoContent GetFavicon() => TypedResults.NoContent();
}

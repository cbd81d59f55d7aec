using Microsoft.AspNetCore.Http.HttpResults;

namespace Seomin.Gateway.Portal;

/// <summary>The API portal's guide page; Swagger UI itself is middleware at <c>/docs</c>.</summary>
public static class PortalEndpoints
{
    private const string GuideResource = "Seomin.Gateway.Portal.partner-guide.md";

    public static IEndpointRouteBuilder MapPortalEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/docs/guide", GetGuide)
            .AllowAnonymous()
            .ExcludeFromDescription()
            .WithName("GetPartnerGuide");
        return app;
    }

    public static Results<FileStreamHttpResult, NotFound> GetGuide()
    {
        var stream = typeof(PortalEndpoints).Assembly.GetManifestResourceStream(GuideResource);
        return stream is null ? TypedResults.NotFound() : TypedResults.Stream(stream, "text/markdown; charset=utf-8");
    }
}

namespace Seomin.Identity.Api.Endpoints;

public static class TokenServicePipeline
{
    /// <summary>
    /// The token service's middleware, in order: Problem Details for its own 401/403, 503 when its database is down,
    /// then authentication, authorization and antiforgery (the sign-in forms).
    /// </summary>
    public static WebApplication UseTokenServicePipeline(this WebApplication app)
    {
        app.UseStatusCodePages(AdminProblems.WriteAuthenticationProblemAsync);
        app.UseMiddleware<UnavailableDatabase>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Seomin.ServiceDefaults.Health;
using Seomin.ServiceDefaults.Http;
using Seomin.ServiceDefaults.Problems;
using Seomin.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Seomin service shares, named as in Aspire's ServiceDefaults template so services read
/// familiarly: telemetry, health, Problem Details, JSON defaults, HTTP resilience, correlation, OpenAPI.
/// </summary>
public static class SeominServiceDefaultsExtensions
{
    /// <summary>Health-check tag for checks that must pass before the service takes traffic.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Path of the readiness endpoint: every registered check.</summary>
    public const string HealthPath = "/health";

    /// <summary>Path of the liveness endpoint: the process only.</summary>
    public const string AlivePath = "/alive";

    /// <summary>Adds telemetry, health checks, Problem Details, JSON defaults, HTTP resilience and OpenAPI.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddSeominProblemDetails();
        builder.Services.Configure<JsonOptions>(options => SeominJson.Configure(options.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddTransient<IStartupFilter, ServiceDefaultsStartupFilter>();

        builder.Services.ConfigureHttpClientDefaults(http => http.AddSeominResilienceHandler());
        return builder;
    }

    /// <summary>Adds the liveness check; services add their dependency checks with <see cref="ReadyTag"/>.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), ["live"]);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check) and <c>/alive</c> (liveness only) in every environment, the
    /// OpenAPI document at <c>/openapi/v1.json</c>. Error handling and correlation middleware are placed
    /// first in the pipeline by a startup filter registered in <see cref="AddServiceDefaults{TBuilder}"/>.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // In Development, WebApplication puts its developer exception page in front of the app's own
        // middleware, inside the startup filter's handler; this inner handler keeps domain exceptions
        // mapped to their Problem Details (404, 409, 422, 400) in every environment.
        app.UseExceptionHandler();
        app.Use((context, next) =>
        {
            HttpServerSpan.OnRouted(context);
            return next(context);
        });

        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync })
            .DisableHttpMetrics();
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains("live"),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).DisableHttpMetrics();
        app.MapOpenApi();
        return app;
    }
}

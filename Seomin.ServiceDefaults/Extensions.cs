using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Http.Resilience;
using Seomin.ServiceDefaults.Health;
using Seomin.ServiceDefaults.Http;
using Seomin.ServiceDefaults.Problems;
using Seomin.ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What every Seomin service shares for hosting, shaped like Aspire's ServiceDefaults template: OpenTelemetry,
/// health checks, the standard HTTP resilience handler, service discovery, Problem Details, JSON defaults,
/// correlation and OpenAPI.
/// </summary>
public static class SeominServiceDefaultsExtensions
{
    /// <summary>Health-check tag for checks that must pass before the service takes traffic.</summary>
    public const string ReadyTag = "ready";

    /// <summary>Health-check tag of the liveness check.</summary>
    public const string LiveTag = "live";

    /// <summary>Path of the readiness endpoint: every registered check.</summary>
    public const string HealthPath = "/health";

    /// <summary>Path of the liveness endpoint: the process only.</summary>
    public const string AlivePath = "/alive";

    /// <summary>
    /// Log levels applied unless configuration says otherwise (they sit below every other configuration source):
    /// no per-request hosting, routing or HttpClient lines, and no per-probe health-check error with a stack trace
    /// (<see cref="MapDefaultEndpoints"/> logs one line when a check changes status instead).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string?> DefaultLogLevels = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore.Routing"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
        ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService"] = "None",
    };

    /// <summary>Adds telemetry, health checks, resilience, service discovery, Problem Details, JSON defaults and OpenAPI.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = DefaultLogLevels });
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            // A client that must fail fast opts out with RemoveAllResilienceHandlers(). Unsafe methods (POST, PUT,
            // PATCH, DELETE) are not retried: a timed-out attempt may have taken effect.
            http.AddStandardResilienceHandler(options => options.Retry.DisableForUnsafeHttpMethods());
            http.AddServiceDiscovery();
        });

        builder.Services.AddSeominProblemDetails();
        builder.Services.Configure<JsonOptions>(options => SeominJson.Configure(options.SerializerOptions));
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddTransient<IStartupFilter, ServiceDefaultsStartupFilter>();
        return builder;
    }

    /// <summary>Adds the liveness check; services add their dependency checks with <see cref="ReadyTag"/>.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks().AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.AddSingleton<HealthStatusMemory>();
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check) and <c>/alive</c> (liveness only) in every environment (Kubernetes probes
    /// need them), and the OpenAPI document at <c>/openapi/v1.json</c>: the only anonymous routes of a service whose
    /// fallback authorization policy (Seomin.Access) requires a token everywhere else. Error handling and correlation middleware
    /// are placed first in the pipeline by a startup filter registered in <see cref="AddServiceDefaults{TBuilder}"/>.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // In Development, WebApplication puts its developer exception page in front of the app's own
        // middleware, inside the startup filter's handler; this inner handler keeps domain exceptions
        // mapped to their Problem Details (404, 409, 422, 400) in every environment.
        app.UseExceptionHandler();

        app.MapHealthChecks(HealthPath, new HealthCheckOptions { ResponseWriter = HealthResponseWriter.WriteAsync })
            .DisableHttpMetrics()
            .AllowAnonymous();
        app.MapHealthChecks(AlivePath, new HealthCheckOptions
        {
            Predicate = r => r.Tags.Contains(LiveTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        }).DisableHttpMetrics().AllowAnonymous();
        app.MapOpenApi().AllowAnonymous();
        return app;
    }
}

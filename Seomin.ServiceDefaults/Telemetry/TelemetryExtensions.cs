using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Seomin.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry traces, metrics and logs on the hosting package and the standard instrumentation (docs/adr/0010).
/// OTLP export is on only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>
/// chooses gRPC (the default, as Aspire's dashboard expects) or <c>http/protobuf</c>.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Activity sources and meters of the services' own code: every name under <c>Seomin.</c>.</summary>
    public const string SeominSources = "Seomin.*";

    /// <summary>Meters that the platform's libraries emit natively and no instrumentation package adds.</summary>
    private static readonly string[] LibraryMeters = ["Npgsql", "Microsoft.EntityFrameworkCore"];

    /// <summary>Registers the tracer, meter and logger providers, and the OTLP exporter when it is configured.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            // Without the formatted message the dashboard shows raw templates.
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"] ?? builder.Environment.ApplicationName;
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(LibraryMeters)
                .AddMeter(SeominSources))
            .WithTracing(tracing => tracing
                // Children follow their parent's decision; roots are kept unless they are background polling.
                .SetSampler(new ParentBasedSampler(new BackgroundClientSpanSampler()))
                .AddAspNetCoreInstrumentation(options =>
                {
                    // Probes every few seconds would drown the traces; the query string is never recorded.
                    options.Filter = context => !IsProbe(context.Request.Path);
                })
                // Nor the other side of a probe (the gateway's active health checks of each service's /alive).
                .AddHttpClientInstrumentation(options => options.FilterHttpRequestMessage = request =>
                    request.RequestUri is not { } uri || !IsProbe(new PathString(uri.AbsolutePath)))
                .AddNpgsql()
                .AddSource(SeominSources));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            // Exporters run at the end of each signal's pipeline, after every processor a building block adds
            // (RRN redaction among them), whatever the order of registration: docs/adr/0010.
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    internal static bool IsProbe(PathString path) =>
        path.StartsWithSegments(SeominServiceDefaultsExtensions.HealthPath) || path.StartsWithSegments(SeominServiceDefaultsExtensions.AlivePath);
}

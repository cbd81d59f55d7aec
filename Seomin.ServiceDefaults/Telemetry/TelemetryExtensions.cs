using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Seomin.ServiceDefaults.Security;

namespace Seomin.ServiceDefaults.Telemetry;

/// <summary>
/// OpenTelemetry traces, metrics and logs on the core SDK (the hosting package is not available here,
/// docs/adr/0001). The resource comes from <c>OTEL_SERVICE_NAME</c> and <c>OTEL_RESOURCE_ATTRIBUTES</c>;
/// OTLP export (HTTP/protobuf) is on only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>Activity sources that the platform's libraries emit natively, plus our own.</summary>
    public static readonly IReadOnlyList<string> ActivitySources =
    [
        "Microsoft.AspNetCore",
        "System.Net.Http",
        "Npgsql",
        "MassTransit",
        "Yarp.ReverseProxy",
        "Seomin.*",
    ];

    /// <summary>Meters that the platform's libraries emit natively, plus our own.</summary>
    public static readonly IReadOnlyList<string> Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "Microsoft.AspNetCore.RateLimiting",
        "System.Net.Http",
        "System.Runtime",
        "Npgsql",
        "Microsoft.EntityFrameworkCore",
        "MassTransit",
        "Seomin.*",
    ];

    /// <summary>Registers tracer and meter providers and the OpenTelemetry logger provider.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var serviceName = Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME") ?? builder.Environment.ApplicationName;
        var export = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var endpoint = builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"];

        // CreateDefault reads OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES from the environment.
        ResourceBuilder Resource() => ResourceBuilder.CreateDefault().AddService(serviceName);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.SetResourceBuilder(Resource());
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
            if (export)
            {
                logging.AddOtlpExporter(o => Configure(o, endpoint, "logs"));
            }
        });

        builder.Services.AddSingleton(_ =>
        {
            var tracing = Sdk.CreateTracerProviderBuilder()
                .SetResourceBuilder(Resource())
                .AddSource([.. ActivitySources])
                // Before any exporter: no resident registration number leaves the process in a span.
                .AddProcessor(new RrnRedactingActivityProcessor());
            if (export)
            {
                tracing.AddOtlpExporter(o => Configure(o, endpoint, "traces"));
            }

            return tracing.Build();
        });
        builder.Services.AddSingleton(_ =>
        {
            var metrics = Sdk.CreateMeterProviderBuilder()
                .SetResourceBuilder(Resource())
                .AddMeter([.. Meters]);
            if (export)
            {
                metrics.AddOtlpExporter((o, reader) =>
                {
                    Configure(o, endpoint, "metrics");
                    if (int.TryParse(Environment.GetEnvironmentVariable("OTEL_METRIC_EXPORT_INTERVAL"), out var interval))
                    {
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                    }
                });
            }

            return metrics.Build();
        });
        builder.Services.AddHostedService<TelemetryStarter>();
        return builder;
    }

    private static void Configure(OtlpExporterOptions options, string? endpoint, string signal)
    {
        // Signal paths are appended here because the options object is built outside the hosting
        // package, which would otherwise do it for the base endpoint.
        options.Protocol = OtlpExportProtocol.HttpProtobuf;
        options.Endpoint = new Uri(endpoint!.TrimEnd('/') + "/v1/" + signal);
    }

    /// <summary>Creates the providers at start so listeners exist before the first request.</summary>
    private sealed class TelemetryStarter(TracerProvider tracerProvider, MeterProvider meterProvider) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = tracerProvider;
            _ = meterProvider;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            tracerProvider.ForceFlush(2000);
            meterProvider.ForceFlush(2000);
            return Task.CompletedTask;
        }
    }

    /// <summary>Marks the current request's span as not recorded, so health probes are not traced.</summary>
    internal static void SuppressCurrentTrace()
    {
        if (Activity.Current is { } activity)
        {
            activity.IsAllDataRequested = false;
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        }
    }
}

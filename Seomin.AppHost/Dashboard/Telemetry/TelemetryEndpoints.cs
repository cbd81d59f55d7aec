using Microsoft.AspNetCore.Http.HttpResults;

namespace Seomin.AppHost.Dashboard.Telemetry;

/// <summary>JSON read API over the received telemetry, used by the dashboard UI: <c>/api/telemetry/...</c>.</summary>
public static class TelemetryEndpoints
{
    public static RouteGroupBuilder MapTelemetryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/telemetry").WithTags("Dashboard telemetry");
        group.MapGet("/resources", GetResources).WithName("TelemetryResources").WithSummary("Resources that sent telemetry, with error-log counts.");
        group.MapGet("/stats", GetStats).WithName("TelemetryStats").WithSummary("Stored and dropped counts of the bounded stores.");
        group.MapGet("/logs", GetLogs).WithName("TelemetryLogs").WithSummary("Structured logs, newest first.");
        group.MapGet("/traces", GetTraces).WithName("TelemetryTraces").WithSummary("Traces, newest first.");
        group.MapGet("/traces/{traceId}", GetTrace).WithName("TelemetryTrace").WithSummary("One trace: spans and logs.");
        group.MapGet("/metrics", GetInstruments).WithName("TelemetryInstruments").WithSummary("Instruments of a resource by meter.");
        group.MapGet("/metrics/series", GetSeries).WithName("TelemetrySeries").WithSummary("Chart points of one instrument.");
        return group;
    }

    public static Ok<IReadOnlyList<TelemetryResourceSummary>> GetResources(TelemetryStore store) => TypedResults.Ok(store.GetResources());

    public static Ok<TelemetryStoreStats> GetStats(TelemetryStore store) => TypedResults.Ok(store.GetStats());

    public static Ok<IReadOnlyList<LogData>> GetLogs(
        TelemetryStore store, string? resource, string? level, string? text, string? traceId, string? attribute, int? limit) =>
        TypedResults.Ok(store.QueryLogs(new LogQuery(resource, level, text, traceId, attribute, limit ?? 500)));

    public static Ok<IReadOnlyList<TraceSummary>> GetTraces(
        TelemetryStore store, string? resource, double? minDurationMs, double? maxDurationMs, string? attribute, string? text, int? limit) =>
        TypedResults.Ok(store.QueryTraces(new TraceQuery(resource, minDurationMs, maxDurationMs, attribute, text, limit ?? 200)));

    public static Results<Ok<TraceDetail>, NotFound> GetTrace(TelemetryStore store, string traceId)
    {
        var trace = store.GetTrace(traceId);
        return trace is null ? TypedResults.NotFound() : TypedResults.Ok(trace);
    }

    public static Ok<IReadOnlyList<InstrumentSummary>> GetInstruments(TelemetryStore store, string? resource) =>
        TypedResults.Ok(store.GetInstruments(resource));

    public static Results<Ok<MetricSeries>, ValidationProblem> GetSeries(TelemetryStore store, string? resource, string? meter, string? name, int? step)
    {
        if (string.IsNullOrWhiteSpace(resource) || string.IsNullOrWhiteSpace(name))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["resource"] = ["resource and name are required"],
            });
        }

        return TypedResults.Ok(store.GetSeries(resource, meter ?? string.Empty, name, step ?? 5));
    }
}

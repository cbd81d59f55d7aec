using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Seomin.ServiceDefaults.Health;

/// <summary>
/// Writes a health report as JSON with each check's status, so an operator sees what failed, and logs one line
/// when a check changes status. The health-check service's own per-probe error (with a stack trace every few
/// seconds) is filtered out by the logging defaults.
/// </summary>
internal static partial class HealthResponseWriter
{
    public const string LogCategory = "Seomin.ServiceDefaults.Health";

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        LogChanges(context.RequestServices, report);
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            totalDurationMs = (long)report.TotalDuration.TotalMilliseconds,
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString(),
                    description = e.Value.Description ?? e.Value.Exception?.GetType().Name,
                    durationMs = (long)e.Value.Duration.TotalMilliseconds,
                }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJson.Options, context.RequestAborted);
    }

    private static void LogChanges(IServiceProvider services, HealthReport report)
    {
        var lastStatus = services.GetRequiredService<HealthStatusMemory>().LastStatus;
        ILogger? logger = null;
        foreach (var (name, entry) in report.Entries)
        {
            var previous = lastStatus.GetValueOrDefault(name, HealthStatus.Healthy);
            lastStatus[name] = entry.Status;
            if (previous == entry.Status)
            {
                continue;
            }

            logger ??= services.GetRequiredService<ILoggerFactory>().CreateLogger(LogCategory);
            if (entry.Status == HealthStatus.Healthy)
            {
                LogRecovered(logger, name, previous);
            }
            else
            {
                LogFailing(logger, name, entry.Status, Describe(entry));
            }
        }
    }

    private static string? Describe(HealthReportEntry entry) =>
        entry.Description ?? (entry.Exception is { } ex ? $"{ex.GetType().Name}: {ex.Message}" : null);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health check {HealthCheck} is {Status}: {Reason}")]
    private static partial void LogFailing(ILogger logger, string healthCheck, HealthStatus status, string? reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Health check {HealthCheck} is healthy again (was {Previous})")]
    private static partial void LogRecovered(ILogger logger, string healthCheck, HealthStatus previous);

    private static class HealthJson
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
    }
}

/// <summary>Each check's status at the previous probe of this host, so a change is logged once.</summary>
internal sealed class HealthStatusMemory
{
    public ConcurrentDictionary<string, HealthStatus> LastStatus { get; } = new(StringComparer.Ordinal);
}

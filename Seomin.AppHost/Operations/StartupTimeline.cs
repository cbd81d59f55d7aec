using System.Collections.Concurrent;
using System.Diagnostics;

namespace Seomin.AppHost.Operations;

/// <summary>
/// Logs, for every resource, the seconds since the AppHost's process started at which it reached each state and
/// health (<c>Seomin:StartupTimeline=true</c>, as <c>bench/apphost-cold-start.sh</c> sets it): where a cold start
/// spends its time. One line per change, then one line once every resource is healthy. Names and states only.
/// </summary>
internal static partial class StartupTimeline
{
    private const string Dashboard = "aspire-dashboard";

    /// <summary>Starts watching before the orchestrator creates the first resource.</summary>
    public static void AddStartupTimeline(this IDistributedApplicationBuilder builder)
    {
        var started = Process.GetCurrentProcess().StartTime.ToUniversalTime();
        builder.Eventing.Subscribe<BeforeStartEvent>((e, ct) =>
        {
            var notifications = e.Services.GetRequiredService<ResourceNotificationService>();
            var logger = e.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StartupTimeline).FullName!);
            var stopping = e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var expected = e.Model.Resources.Count(r => r is not ParameterResource && r.Name != Dashboard && !IsHelper(r.Name));
            _ = WatchAsync(notifications, logger, expected, started, stopping);
            return Task.CompletedTask;
        });
    }

    private static async Task WatchAsync(ResourceNotificationService notifications, ILogger logger, int expected, DateTime started, CancellationToken stoppingToken)
    {
        var last = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var reported = false;
        try
        {
            await foreach (var update in notifications.WatchAsync(stoppingToken))
            {
                if (update.Resource is ParameterResource || update.Resource.Name == Dashboard || IsHelper(update.Resource.Name))
                {
                    continue;
                }

                var state = update.Snapshot.State?.Text ?? "-";
                var health = update.Snapshot.HealthStatus?.ToString() ?? "-";
                var now = $"{state}/{health}";
                if (last.TryGetValue(update.ResourceId, out var previous) && previous == now)
                {
                    continue;
                }

                last[update.ResourceId] = now;
                var seconds = (DateTime.UtcNow - started).TotalSeconds;
                LogChange(logger, seconds, update.ResourceId, state, health);
                if (!reported && last.Count >= expected && last.Values.All(v => v == $"{KnownResourceStates.Running}/Healthy"))
                {
                    reported = true;
                    LogAllHealthy(logger, seconds, last.Count);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
    }

    /// <summary>Aspire's own per-project helpers (the rebuilder), never started in a plain run.</summary>
    private static bool IsHelper(string name) => name.EndsWith("-rebuilder", StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "timeline {Seconds:F1} s {Resource} {State} {Health}")]
    private static partial void LogChange(ILogger logger, double seconds, string resource, string state, string health);

    [LoggerMessage(Level = LogLevel.Information, Message = "timeline {Seconds:F1} s all {Count} resources healthy")]
    private static partial void LogAllHealthy(ILogger logger, double seconds, int count);
}

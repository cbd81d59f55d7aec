using System.Collections.Concurrent;

namespace Seomin.AppHost.Operations;

/// <summary>Marks a resource that is started again when it exits without anyone asking it to.</summary>
internal sealed class RestartOnCrashAnnotation : IResourceAnnotation;

internal static class RestartPolicyExtensions
{
    /// <summary>Restart on crash with exponential backoff (1 s, 2 s, 4 s … 30 s); see <see cref="RestartPolicy"/>.</summary>
    public static IResourceBuilder<T> WithRestartOnCrash<T>(this IResourceBuilder<T> builder) where T : IResource =>
        builder.WithAnnotation(new RestartOnCrashAnnotation());
}

/// <summary>
/// Aspire has no restart policy: an executable or project that exits stays exited. This one watches the resource
/// notifications; when a marked resource goes from running to a terminal state without passing through
/// <c>Stopping</c> (which the dashboard's stop command and the AppHost's shutdown go through) it runs the resource's
/// own start command after a backoff. Exit code 0 counts as a crash too: RabbitMQ's script exits 0 when its VM is killed.
/// The count shows in the dashboard as the <c>seomin.restarts</c> property and as a line in the resource's log.
/// </summary>
internal sealed partial class RestartPolicy(
    ResourceNotificationService notifications,
    ResourceCommandService commands,
    ResourceLoggerService resourceLogs,
    IHostApplicationLifetime lifetime,
    ILogger<RestartPolicy> logger) : BackgroundService
{
    internal const string RestartsProperty = "seomin.restarts";
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan StableAfter = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Tracked> _tracked = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var update in notifications.WatchAsync(stoppingToken))
        {
            if (!update.Resource.HasAnnotationOfType<RestartOnCrashAnnotation>())
            {
                continue;
            }

            var tracked = _tracked.GetOrAdd(update.ResourceId, _ => new Tracked());
            var state = update.Snapshot.State?.Text;
            var previous = tracked.LastState;
            tracked.LastState = state;
            if (state == KnownResourceStates.Running && previous != KnownResourceStates.Running)
            {
                tracked.RunningSince = DateTime.UtcNow;
            }

            if (state == KnownResourceStates.Stopping)
            {
                tracked.StopRequested = true;
                continue;
            }

            if (state == KnownResourceStates.Starting)
            {
                tracked.StopRequested = false;
                continue;
            }

            var crashed = state is not null && KnownResourceStates.TerminalStates.Contains(state)
                && previous == KnownResourceStates.Running
                && !tracked.StopRequested
                && !lifetime.ApplicationStopping.IsCancellationRequested;
            if (crashed)
            {
                _ = RestartAsync(update.Resource, update.ResourceId, tracked, update.Snapshot.ExitCode, stoppingToken);
            }
        }
    }

    private async Task RestartAsync(IResource resource, string resourceId, Tracked tracked, int? exitCode, CancellationToken stoppingToken)
    {
        if (DateTime.UtcNow - tracked.RunningSince > StableAfter)
        {
            tracked.ConsecutiveCrashes = 0;
        }

        var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, tracked.ConsecutiveCrashes)));
        tracked.ConsecutiveCrashes++;
        var restarts = Interlocked.Increment(ref tracked.Restarts);
        var resourceLog = resourceLogs.GetLogger(resourceId);
        LogCrash(resourceLog, resourceId, exitCode, backoff.TotalSeconds, restarts);
        LogCrash(logger, resourceId, exitCode, backoff.TotalSeconds, restarts);
        try
        {
            await Task.Delay(backoff, stoppingToken);
            if (lifetime.ApplicationStopping.IsCancellationRequested || tracked.StopRequested)
            {
                return;
            }

            await notifications.PublishUpdateAsync(resource, resourceId, s => s with
            {
                Properties = [.. s.Properties.Where(p => p.Name != RestartsProperty), new ResourcePropertySnapshot(RestartsProperty, restarts)],
            });
            var result = await commands.ExecuteCommandAsync(resourceId, KnownResourceCommands.StartCommand, stoppingToken);
            if (!result.Success)
            {
                LogRestartFailed(logger, resourceId, result.Message ?? "unknown");
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The AppHost is shutting down: nothing to restart.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resource {Resource} exited on its own (exit code {ExitCode}); restarting in {Backoff} s (restart {Restarts})")]
    private static partial void LogCrash(ILogger logger, string resource, int? exitCode, double backoff, int restarts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Restart of {Resource} failed: {Reason}")]
    private static partial void LogRestartFailed(ILogger logger, string resource, string reason);

    private sealed class Tracked
    {
        public int Restarts;

        public string? LastState { get; set; }

        public bool StopRequested { get; set; }

        public DateTime RunningSince { get; set; } = DateTime.UtcNow;

        public int ConsecutiveCrashes { get; set; }
    }
}

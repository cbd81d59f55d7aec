using System.Collections.Concurrent;

namespace Seomin.Bench.DormantAssets;

/// <summary>
/// Collects the per-step timings <c>AssetLookup</c> logs at Debug (blind index + query, view + audit entry, the insert
/// batch), in memory: the profile of every lookup of a series without console logging. Only this provider gets the
/// Debug level for that one category; every other provider keeps the bench's Warning.
/// </summary>
internal sealed class StepTimings : ILoggerProvider
{
    public const string Category = "Seomin.DormantAssets.Api.Features.Lookup.AssetLookup";

    private readonly ConcurrentQueue<(double Query, double View, double Save)> _steps = new();

    public ILogger CreateLogger(string categoryName) => categoryName == Category ? new Collector(_steps) : NullLogger.Instance;

    /// <summary>The steps recorded since the last call, emptied.</summary>
    public List<(double Query, double View, double Save)> Drain()
    {
        var drained = new List<(double, double, double)>();
        while (_steps.TryDequeue(out var step))
        {
            drained.Add(step);
        }

        return drained;
    }

    public void Dispose()
    {
    }

    private sealed class Collector(ConcurrentQueue<(double, double, double)> steps) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (state is not IEnumerable<KeyValuePair<string, object?>> values)
            {
                return;
            }

            double query = double.NaN, view = double.NaN, save = double.NaN;
            foreach (var (key, value) in values)
            {
                switch (key)
                {
                    case "QueryMs": query = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "ViewMs": view = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case "SaveMs": save = Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    default: break;
                }
            }

            if (!double.IsNaN(query) && !double.IsNaN(save))
            {
                steps.Enqueue((query, view, save));
            }
        }
    }

    private sealed class NullLogger : ILogger
    {
        public static readonly NullLogger Instance = new();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => false;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
        }
    }
}

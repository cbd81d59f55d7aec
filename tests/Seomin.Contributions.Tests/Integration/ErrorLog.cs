using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Seomin.Contributions.Tests.Integration;

/// <summary>Keeps the app's error logs with their exceptions, for a failing test to show why the service answered 500.</summary>
public sealed class ErrorLog : ILoggerProvider
{
    public ConcurrentQueue<string> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(ErrorLog owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Entries.Enqueue($"{category}: {formatter(state, exception)} {exception}");
                File.AppendAllText(Path.Combine(Path.GetTempPath(), "contributions-tests-errors.log"), $"{category}: {formatter(state, exception)} {exception}\n");
            }
        }
    }
}

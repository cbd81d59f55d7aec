using System.Collections;
using Microsoft.Extensions.Logging;

namespace Seomin.PersonalData;

/// <summary>
/// Wraps the application's <see cref="ILoggerFactory"/> so every logger, whatever its providers
/// (console, OpenTelemetry, test capture), sees log state, messages, scopes and exceptions with
/// RRN-shaped substrings replaced by <see cref="RrnPattern.Mask"/>. A last line of defence: code must
/// still never log personal data.
/// </summary>
internal sealed class RedactingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new RedactingLogger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    public void Dispose() => inner.Dispose();

    private sealed class RedactingLogger(ILogger logger) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull =>
            state switch
            {
                string text => logger.BeginScope(RrnPattern.Redact(text)),
                IEnumerable<KeyValuePair<string, object?>> pairs => logger.BeginScope(new RedactedState(pairs, RrnPattern.Redact(state.ToString() ?? string.Empty))),
                _ => logger.BeginScope(state),
            };

        public bool IsEnabled(LogLevel logLevel) => logger.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!logger.IsEnabled(logLevel))
            {
                return;
            }

            var message = RrnPattern.Redact(formatter(state, exception) ?? string.Empty);
            var scrubbed = exception is null ? null : ScrubbedException.From(exception);
            var redacted = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? new RedactedState(pairs, message)
                : new RedactedState([], message);
            logger.Log(logLevel, eventId, redacted, scrubbed, static (s, _) => s.Message);
        }
    }

    /// <summary>Structured state with string values redacted; the original template is kept.</summary>
    private sealed class RedactedState : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> _values;

        public RedactedState(IEnumerable<KeyValuePair<string, object?>> values, string message)
        {
            Message = message;
            _values = values.Select(p => new KeyValuePair<string, object?>(p.Key, Redact(p.Key, p.Value))).ToList();
        }

        public string Message { get; }

        public int Count => _values.Count;

        public KeyValuePair<string, object?> this[int index] => _values[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _values.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;

        private static object? Redact(string key, object? value) => value switch
        {
            null => null,
            string text when key == "{OriginalFormat}" => text,
            string text => RrnPattern.Redact(text),
            ResidentRegistrationNumber => ResidentRegistrationNumber.Redacted,
            bool or char or byte or short or int or long or float or double or decimal or Guid or DateTime or DateTimeOffset or TimeSpan or Enum => value,
            _ => RrnPattern.Redact(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty),
        };
    }
}

/// <summary>
/// An exception standing in for another in logs: same type name, message and stack trace text, with
/// RRN-shaped substrings replaced (exception messages are a common leak: parsers echo their input).
/// </summary>
public sealed class ScrubbedException : Exception
{
    private readonly string _text;

    private ScrubbedException(Exception original)
        : base(RrnPattern.Redact(original.Message), original.InnerException is null ? null : From(original.InnerException))
    {
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        _text = RrnPattern.Redact(original.ToString());
        HResult = original.HResult;
    }

    /// <summary>The type of the exception this one replaces.</summary>
    public string OriginalType { get; }

    public override string? StackTrace => null;

    /// <summary>Returns <paramref name="exception"/> itself when nothing needs scrubbing.</summary>
    public static Exception From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception is ScrubbedException || !RrnPattern.ContainsRrn(exception.ToString()) ? exception : new ScrubbedException(exception);
    }

    public override string ToString() => _text;
}

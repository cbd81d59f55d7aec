using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Seomin.Bench.Platform.Http;

/// <summary>
/// What the driver sent and what came back, per request kind: every status counted. A response is "expected" when
/// it is 2xx, or 429/503/504 carrying Problem Details (<c>application/problem+json</c>); anything else is a client
/// error and its first occurrences are kept to print.
/// </summary>
internal sealed class Tally
{
    private const int KeptErrors = 60;
    private const int KeptPerKind = 3;
    private readonly ConcurrentDictionary<string, int> _keptPerKind = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, long>> _byKind = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _errors = new();
    private long _sent;
    private long _accepted;
    private long _throttled;
    private long _unavailable;
    private long _clientErrors;
    private long _transportFailures;

    public long Sent => Interlocked.Read(ref _sent);

    public long Accepted => Interlocked.Read(ref _accepted);

    public long ClientErrors => Interlocked.Read(ref _clientErrors);

    public long Throttled => Interlocked.Read(ref _throttled);

    public long Unavailable => Interlocked.Read(ref _unavailable);

    public long TransportFailures => Interlocked.Read(ref _transportFailures);

    public void Record(string kind, int status, bool problemDetails, string body)
    {
        Interlocked.Increment(ref _sent);
        _byKind.GetOrAdd(kind, _ => new ConcurrentDictionary<int, long>()).AddOrUpdate(status, 1, (_, n) => n + 1);
        if (status is >= 200 and < 300)
        {
            Interlocked.Increment(ref _accepted);
            return;
        }

        // A poll for an event's projection answers 404 until the event is consumed: expected, not a client error.
        if (status == 404 && kind.EndsWith("(poll)", StringComparison.Ordinal))
        {
            return;
        }

        if (status is 429 or 503 or 504 && problemDetails)
        {
            Interlocked.Increment(ref (status == 429 ? ref _throttled : ref _unavailable));
            return;
        }

        Interlocked.Increment(ref _clientErrors);
        if (_errors.Count < KeptErrors && _keptPerKind.AddOrUpdate(kind, 1, (_, n) => n + 1) <= KeptPerKind)
        {
            _errors.Enqueue($"{kind} → {status}{(problemDetails ? "" : " (no Problem Details)")}: {Shorten(body)}");
        }
    }

    /// <summary>No answer at all (connection refused or reset, client timeout): counted apart from any status.</summary>
    public void RecordTransportFailure(string kind, string what)
    {
        Interlocked.Increment(ref _sent);
        Interlocked.Increment(ref _transportFailures);
        _byKind.GetOrAdd(kind, _ => new ConcurrentDictionary<int, long>()).AddOrUpdate(0, 1, (_, n) => n + 1);
        if (_errors.Count < KeptErrors)
        {
            _errors.Enqueue($"{kind} → no response: {what}");
        }
    }

    public string Render()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"requests sent {Sent:N0}: accepted (2xx) {Accepted:N0}, 429 {Throttled:N0}, 503/504 {Unavailable:N0}, client errors {ClientErrors:N0}, no response {TransportFailures:N0}");
        text.AppendLine("| request | statuses (count) |");
        text.AppendLine("|---|---|");
        foreach (var (kind, statuses) in _byKind.OrderBy(k => k.Key, StringComparer.Ordinal))
        {
            var parts = statuses.OrderBy(s => s.Key).Select(s => string.Create(CultureInfo.InvariantCulture, $"{(s.Key == 0 ? "none" : s.Key)}: {s.Value:N0}"));
            text.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {string.Join(", ", parts)} |");
        }

        if (!_errors.IsEmpty)
        {
            text.AppendLine().AppendLine("client errors (first ones):");
            foreach (var error in _errors)
            {
                text.AppendLine("  " + error);
            }
        }

        return text.ToString();
    }

    private static string Shorten(string body) => body.Length <= 300 ? body : body[..300] + "…";
}

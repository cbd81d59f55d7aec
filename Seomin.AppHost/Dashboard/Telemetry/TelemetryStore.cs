using Microsoft.Extensions.Options;

namespace Seomin.AppHost.Dashboard.Telemetry;

/// <summary>Filters of the structured log list.</summary>
public sealed record LogQuery(string? Resource = null, string? Level = null, string? Text = null, string? TraceId = null, string? Attribute = null, int Limit = 500);

/// <summary>Filters of the trace list.</summary>
public sealed record TraceQuery(string? Resource = null, double? MinDurationMs = null, double? MaxDurationMs = null, string? Attribute = null, string? Text = null, int Limit = 200);

/// <summary>
/// Bounded, thread-safe in-memory store of received spans, logs and metric points.
/// Each kind has its own maximum count; the oldest entries are dropped first.
/// </summary>
public sealed class TelemetryStore
{
    private static readonly string[] LevelOrder = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];

    private readonly Lock _lock = new();
    private readonly Queue<SpanData> _spans = new();
    private readonly Dictionary<string, List<SpanData>> _traces = new(StringComparer.Ordinal);
    private readonly Queue<LogData> _logs = new();
    private readonly Queue<MetricPointData> _metrics = new();
    private readonly int _maxSpans;
    private readonly int _maxLogs;
    private readonly int _maxMetricPoints;
    private long _logSequence;
    private long _droppedSpans;
    private long _droppedLogs;
    private long _droppedMetricPoints;

    public TelemetryStore(IOptions<DashboardOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _maxSpans = Math.Max(1, options.Value.MaxSpans);
        _maxLogs = Math.Max(1, options.Value.MaxLogs);
        _maxMetricPoints = Math.Max(1, options.Value.MaxMetricPoints);
    }

    /// <summary>Adds spans, dropping the oldest beyond the limit.</summary>
    public void AddSpans(IEnumerable<SpanData> spans)
    {
        ArgumentNullException.ThrowIfNull(spans);
        lock (_lock)
        {
            foreach (var span in spans)
            {
                _spans.Enqueue(span);
                if (!_traces.TryGetValue(span.TraceId, out var list))
                {
                    list = [];
                    _traces[span.TraceId] = list;
                }

                list.Add(span);
                while (_spans.Count > _maxSpans)
                {
                    var old = _spans.Dequeue();
                    _droppedSpans++;
                    if (_traces.TryGetValue(old.TraceId, out var oldList))
                    {
                        oldList.Remove(old);
                        if (oldList.Count == 0)
                        {
                            _traces.Remove(old.TraceId);
                        }
                    }
                }
            }
        }
    }

    /// <summary>Adds log records (the sequence number is assigned here), dropping the oldest beyond the limit.</summary>
    public void AddLogs(IEnumerable<LogData> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        lock (_lock)
        {
            foreach (var log in logs)
            {
                _logs.Enqueue(log with { Sequence = ++_logSequence });
                while (_logs.Count > _maxLogs)
                {
                    _logs.Dequeue();
                    _droppedLogs++;
                }
            }
        }
    }

    /// <summary>Adds metric points, dropping the oldest beyond the limit.</summary>
    public void AddMetricPoints(IEnumerable<MetricPointData> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        lock (_lock)
        {
            foreach (var point in points)
            {
                _metrics.Enqueue(point);
                while (_metrics.Count > _maxMetricPoints)
                {
                    _metrics.Dequeue();
                    _droppedMetricPoints++;
                }
            }
        }
    }

    public TelemetryStoreStats GetStats()
    {
        lock (_lock)
        {
            return new TelemetryStoreStats(_spans.Count, _logs.Count, _metrics.Count, _droppedSpans, _droppedLogs, _droppedMetricPoints);
        }
    }

    /// <summary>Every resource that sent telemetry, with counts (error logs are Error and Critical).</summary>
    public IReadOnlyList<TelemetryResourceSummary> GetResources()
    {
        lock (_lock)
        {
            var names = _spans.Select(s => s.Resource).Concat(_logs.Select(l => l.Resource)).Concat(_metrics.Select(m => m.Resource))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            return names.Select(name => new TelemetryResourceSummary(
                name,
                _spans.Count(s => s.Resource == name),
                _logs.Count(l => l.Resource == name),
                _logs.Count(l => l.Resource == name && l.SeverityNumber >= 17),
                _metrics.Count(m => m.Resource == name))).ToList();
        }
    }

    /// <summary>Log records matching every given filter, newest first.</summary>
    public IReadOnlyList<LogData> QueryLogs(LogQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var minLevel = LevelIndex(query.Level);
        lock (_lock)
        {
            return _logs.Reverse()
                .Where(l => Matches(query.Resource, l.Resource))
                .Where(l => minLevel < 0 || LevelIndex(l.Level) >= minLevel)
                .Where(l => string.IsNullOrWhiteSpace(query.TraceId) || string.Equals(l.TraceId, query.TraceId.Trim(), StringComparison.OrdinalIgnoreCase))
                .Where(l => string.IsNullOrWhiteSpace(query.Text) || l.Message.Contains(query.Text, StringComparison.OrdinalIgnoreCase)
                    || l.Attributes.Any(a => a.Value.Contains(query.Text, StringComparison.OrdinalIgnoreCase)))
                .Where(l => AttributeMatches(query.Attribute, l.Attributes))
                .Take(Math.Clamp(query.Limit, 1, 5_000))
                .ToList();
        }
    }

    /// <summary>Traces matching every given filter, newest first.</summary>
    public IReadOnlyList<TraceSummary> QueryTraces(TraceQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (_lock)
        {
            return _traces.Values
                .Where(spans => spans.Count > 0)
                .Where(spans => string.IsNullOrWhiteSpace(query.Resource) || spans.Any(s => Matches(query.Resource, s.Resource)))
                .Where(spans => AttributeMatchesAny(query.Attribute, spans))
                .Where(spans => string.IsNullOrWhiteSpace(query.Text) || spans.Any(s => s.Name.Contains(query.Text, StringComparison.OrdinalIgnoreCase)))
                .Select(Summarize)
                .Where(t => query.MinDurationMs is null || t.DurationMs >= query.MinDurationMs)
                .Where(t => query.MaxDurationMs is null || t.DurationMs <= query.MaxDurationMs)
                .OrderByDescending(t => t.StartTime)
                .Take(Math.Clamp(query.Limit, 1, 2_000))
                .ToList();
        }
    }

    /// <summary>One trace with its spans and logs, or null when it is unknown (or already dropped).</summary>
    public TraceDetail? GetTrace(string traceId)
    {
        ArgumentNullException.ThrowIfNull(traceId);
        lock (_lock)
        {
            if (!_traces.TryGetValue(traceId.Trim().ToLowerInvariant(), out var spans) || spans.Count == 0)
            {
                return null;
            }

            var logs = _logs.Where(l => string.Equals(l.TraceId, traceId, StringComparison.OrdinalIgnoreCase)).OrderBy(l => l.Timestamp).ToList();
            return new TraceDetail(Summarize(spans), spans.OrderBy(s => s.StartTime).ToList(), logs);
        }
    }

    /// <summary>The instruments a resource reported, by meter and name.</summary>
    public IReadOnlyList<InstrumentSummary> GetInstruments(string? resource)
    {
        lock (_lock)
        {
            return _metrics.Where(m => Matches(resource, m.Resource))
                .GroupBy(m => (m.Meter, m.Name))
                .Select(g =>
                {
                    var last = g.Last();
                    return new InstrumentSummary(g.Key.Meter, g.Key.Name, last.Unit, last.Description, last.Kind, g.Count());
                })
                .OrderBy(i => i.Meter, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal)
                .ToList();
        }
    }

    /// <summary>The points of one instrument of one resource, oldest first.</summary>
    public IReadOnlyList<MetricPointData> GetMetricPoints(string resource, string meter, string name)
    {
        lock (_lock)
        {
            return _metrics.Where(m => m.Resource == resource && m.Name == name && (string.IsNullOrEmpty(meter) || m.Meter == meter)).ToList();
        }
    }

    /// <summary>A chart-ready series of one instrument (see <see cref="MetricSeriesBuilder"/>).</summary>
    public MetricSeries GetSeries(string resource, string meter, string name, int stepSeconds)
    {
        var points = GetMetricPoints(resource, meter, name);
        return MetricSeriesBuilder.Build(resource, meter, name, points, stepSeconds);
    }

    internal static string LevelOf(int severityNumber, string? severityText)
    {
        return severityNumber switch
        {
            >= 21 => "Critical",
            >= 17 => "Error",
            >= 13 => "Warning",
            >= 9 => "Information",
            >= 5 => "Debug",
            >= 1 => "Trace",
            _ => NormalizeLevelText(severityText),
        };
    }

    private static string NormalizeLevelText(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return "Information";
        }

        var match = LevelOrder.FirstOrDefault(l => l.StartsWith(text.Trim(), StringComparison.OrdinalIgnoreCase)
            || text.Trim().StartsWith(l[..3], StringComparison.OrdinalIgnoreCase));
        return match ?? "Information";
    }

    private static int LevelIndex(string? level) =>
        string.IsNullOrWhiteSpace(level) ? -1 : Array.FindIndex(LevelOrder, l => string.Equals(l, level.Trim(), StringComparison.OrdinalIgnoreCase));

    private static bool Matches(string? filter, string value) =>
        string.IsNullOrWhiteSpace(filter) || filter.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Contains(value, StringComparer.Ordinal);

    private static bool AttributeMatchesAny(string? filter, List<SpanData> spans) =>
        string.IsNullOrWhiteSpace(filter) || spans.Any(s => AttributeMatches(filter, s.Attributes));

    /// <summary><c>key=value</c> (key exact, value contained), or a bare word matching a key or a value.</summary>
    internal static bool AttributeMatches(string? filter, IReadOnlyList<TelemetryAttribute> attributes)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return true;
        }

        var separator = filter.IndexOf('=', StringComparison.Ordinal);
        if (separator > 0)
        {
            var key = filter[..separator].Trim();
            var value = filter[(separator + 1)..].Trim();
            return attributes.Any(a => string.Equals(a.Key, key, StringComparison.OrdinalIgnoreCase)
                && a.Value.Contains(value, StringComparison.OrdinalIgnoreCase));
        }

        var word = filter.Trim();
        return attributes.Any(a => string.Equals(a.Key, word, StringComparison.OrdinalIgnoreCase)
            || a.Value.Contains(word, StringComparison.OrdinalIgnoreCase));
    }

    private static TraceSummary Summarize(List<SpanData> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var root = spans.Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId))
            .OrderBy(s => s.ParentSpanId is null ? 0 : 1).ThenBy(s => s.StartTime).FirstOrDefault() ?? spans[0];
        var start = spans.Min(s => s.StartTime);
        var end = spans.Max(s => s.EndTime);
        return new TraceSummary(
            root.TraceId,
            start,
            Math.Max(0, (end - start).TotalMilliseconds),
            root.Name,
            root.Resource,
            spans.Select(s => s.Resource).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            spans.Count,
            spans.Count(s => s.Status == "Error"));
    }
}

namespace Seomin.AppHost.Dashboard.Telemetry;

/// <summary>An attribute flattened to text for display and filtering.</summary>
public sealed record TelemetryAttribute(string Key, string Value);

/// <summary>One received span.</summary>
public sealed record SpanData
{
    public required string TraceId { get; init; }
    public required string SpanId { get; init; }
    public string? ParentSpanId { get; init; }
    public required string Name { get; init; }
    public required string Kind { get; init; }
    public required string Resource { get; init; }
    public string? InstanceId { get; init; }
    public string? Scope { get; init; }
    public required DateTimeOffset StartTime { get; init; }
    public required DateTimeOffset EndTime { get; init; }
    public double DurationMs => Math.Max(0, (EndTime - StartTime).TotalMilliseconds);
    public required string Status { get; init; }
    public string? StatusMessage { get; init; }
    public required IReadOnlyList<TelemetryAttribute> Attributes { get; init; }
    public required IReadOnlyList<SpanEventData> Events { get; init; }
}

/// <summary>An event recorded on a span (e.g. an exception).</summary>
public sealed record SpanEventData(string Name, DateTimeOffset Time, IReadOnlyList<TelemetryAttribute> Attributes);

/// <summary>One received structured log record.</summary>
public sealed record LogData
{
    public required long Sequence { get; init; }
    public required DateTimeOffset Timestamp { get; init; }
    public required string Resource { get; init; }
    public string? InstanceId { get; init; }
    public string? Scope { get; init; }
    public required string Level { get; init; }
    public required int SeverityNumber { get; init; }
    public required string Message { get; init; }
    public string? TraceId { get; init; }
    public string? SpanId { get; init; }
    public string? EventName { get; init; }
    public required IReadOnlyList<TelemetryAttribute> Attributes { get; init; }
}

/// <summary>One received metric data point (gauge, sum or histogram).</summary>
public sealed record MetricPointData
{
    public required string Resource { get; init; }
    public string? InstanceId { get; init; }
    public required string Meter { get; init; }
    public required string Name { get; init; }
    public string? Unit { get; init; }
    public string? Description { get; init; }
    public required string Kind { get; init; }
    public bool IsMonotonic { get; init; }
    public bool IsDelta { get; init; }
    public required DateTimeOffset Time { get; init; }
    public required IReadOnlyList<TelemetryAttribute> Attributes { get; init; }
    public double? Value { get; init; }
    public ulong Count { get; init; }
    public double? Sum { get; init; }
    public IReadOnlyList<double> Bounds { get; init; } = [];
    public IReadOnlyList<ulong> BucketCounts { get; init; } = [];
}

/// <summary>A trace in the trace list.</summary>
public sealed record TraceSummary(
    string TraceId,
    DateTimeOffset StartTime,
    double DurationMs,
    string RootName,
    string RootResource,
    IReadOnlyList<string> Resources,
    int SpanCount,
    int ErrorCount);

/// <summary>One trace with its spans (by start time) and the logs written inside it.</summary>
public sealed record TraceDetail(TraceSummary Summary, IReadOnlyList<SpanData> Spans, IReadOnlyList<LogData> Logs);

/// <summary>A resource that sent telemetry, with its counts.</summary>
public sealed record TelemetryResourceSummary(string Name, int Spans, int Logs, int ErrorLogs, int MetricPoints);

/// <summary>An instrument seen for a resource.</summary>
public sealed record InstrumentSummary(string Meter, string Name, string? Unit, string? Description, string Kind, int Points);

/// <summary>A point of a metric chart: a level (gauges), a rate (counters) or rates and percentiles (histograms).</summary>
public sealed record MetricSeriesPoint(DateTimeOffset Time, double? Value, double? Rate, double? ErrorRate, double? P50, double? P90, double? P99);

/// <summary>A chart-ready series of one instrument of one resource.</summary>
public sealed record MetricSeries(string Resource, string Meter, string Name, string? Unit, string Kind, int StepSeconds, IReadOnlyList<MetricSeriesPoint> Points);

/// <summary>Counts kept and dropped by the bounded stores.</summary>
public sealed record TelemetryStoreStats(int Spans, int Logs, int MetricPoints, long DroppedSpans, long DroppedLogs, long DroppedMetricPoints);

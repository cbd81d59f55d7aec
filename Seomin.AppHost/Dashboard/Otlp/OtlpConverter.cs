using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Trace.V1;
using Seomin.AppHost.Dashboard.Telemetry;
using Seomin.PersonalData;

namespace Seomin.AppHost.Dashboard.Otlp;

/// <summary>Maps OTLP export requests onto the dashboard's stored records.</summary>
internal static class OtlpConverter
{
    private const int MaxAttributeValueLength = 8_192;

    public static (List<SpanData> Spans, int Rejected) ToSpans(ExportTraceServiceRequest request, DateTimeOffset now)
    {
        var spans = new List<SpanData>();
        var rejected = 0;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var (resource, instance) = ResourceName(resourceSpans.Resource?.Attributes);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    // OTLP: a span without a valid 16-byte trace id and 8-byte span id is invalid.
                    if (span.TraceId.Length != 16 || span.SpanId.Length != 8 || IsZero(span.TraceId) || IsZero(span.SpanId))
                    {
                        rejected++;
                        continue;
                    }

                    var attributes = Attributes(span.Attributes);
                    var start = ToTime(span.StartTimeUnixNano, now);
                    var end = span.EndTimeUnixNano == 0 ? start : ToTime(span.EndTimeUnixNano, now);
                    spans.Add(new SpanData
                    {
                        TraceId = Hex(span.TraceId),
                        SpanId = Hex(span.SpanId),
                        ParentSpanId = span.ParentSpanId.Length == 8 && !IsZero(span.ParentSpanId) ? Hex(span.ParentSpanId) : null,
                        Name = DisplayName(span.Name, attributes),
                        Kind = KindName(span.Kind),
                        Resource = resource,
                        InstanceId = instance,
                        Scope = scopeSpans.Scope?.Name,
                        StartTime = start,
                        EndTime = end < start ? start : end,
                        Status = span.Status?.Code switch
                        {
                            Status.Types.StatusCode.Error => "Error",
                            Status.Types.StatusCode.Ok => "Ok",
                            _ => "Unset",
                        },
                        StatusMessage = string.IsNullOrEmpty(span.Status?.Message) ? null : RrnPattern.Redact(span.Status.Message),
                        Attributes = attributes,
                        Events = span.Events.Select(e => new SpanEventData(e.Name, ToTime(e.TimeUnixNano, now), Attributes(e.Attributes))).ToList(),
                    });
                }
            }
        }

        return (spans, rejected);
    }

    public static List<LogData> ToLogs(ExportLogsServiceRequest request, DateTimeOffset now)
    {
        var logs = new List<LogData>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var (resource, instance) = ResourceName(resourceLogs.Resource?.Attributes);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                foreach (var record in scopeLogs.LogRecords)
                {
                    var attributes = Attributes(record.Attributes);
                    var message = record.Body is null ? string.Empty : AnyValueText(record.Body, 0);
                    if (message.Length == 0)
                    {
                        message = attributes.FirstOrDefault(a => a.Key == "{OriginalFormat}")?.Value ?? string.Empty;
                    }

                    var time = record.TimeUnixNano != 0 ? record.TimeUnixNano : record.ObservedTimeUnixNano;
                    logs.Add(new LogData
                    {
                        Sequence = 0,
                        Timestamp = ToTime(time, now),
                        Resource = resource,
                        InstanceId = instance,
                        Scope = scopeLogs.Scope?.Name,
                        Level = TelemetryStore.LevelOf((int)record.SeverityNumber, record.SeverityText),
                        SeverityNumber = (int)record.SeverityNumber != 0 ? (int)record.SeverityNumber : SeverityFromText(record.SeverityText),
                        Message = message,
                        TraceId = record.TraceId.Length == 16 && !IsZero(record.TraceId) ? Hex(record.TraceId) : null,
                        SpanId = record.SpanId.Length == 8 && !IsZero(record.SpanId) ? Hex(record.SpanId) : null,
                        EventName = string.IsNullOrEmpty(record.EventName) ? null : record.EventName,
                        Attributes = attributes,
                    });
                }
            }
        }

        return logs;
    }

    public static List<MetricPointData> ToMetricPoints(ExportMetricsServiceRequest request, DateTimeOffset now)
    {
        var points = new List<MetricPointData>();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var (resource, instance) = ResourceName(resourceMetrics.Resource?.Attributes);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var meter = scopeMetrics.Scope?.Name ?? string.Empty;
                foreach (var metric in scopeMetrics.Metrics)
                {
                    MetricPointData Base(string kind, ulong time, RepeatedField<KeyValue> attributes) => new()
                    {
                        Resource = resource,
                        InstanceId = instance,
                        Meter = meter,
                        Name = metric.Name,
                        Unit = string.IsNullOrEmpty(metric.Unit) ? null : metric.Unit,
                        Description = string.IsNullOrEmpty(metric.Description) ? null : metric.Description,
                        Kind = kind,
                        Time = ToTime(time, now),
                        Attributes = Attributes(attributes),
                    };

                    switch (metric.DataCase)
                    {
                        case Metric.DataOneofCase.Gauge:
                            points.AddRange(metric.Gauge.DataPoints.Select(p => Base("gauge", p.TimeUnixNano, p.Attributes) with { Value = NumberValue(p) }));
                            break;
                        case Metric.DataOneofCase.Sum:
                            points.AddRange(metric.Sum.DataPoints.Select(p => Base("sum", p.TimeUnixNano, p.Attributes) with
                            {
                                Value = NumberValue(p),
                                IsMonotonic = metric.Sum.IsMonotonic,
                                IsDelta = metric.Sum.AggregationTemporality == AggregationTemporality.Delta,
                            }));
                            break;
                        case Metric.DataOneofCase.Histogram:
                            points.AddRange(metric.Histogram.DataPoints.Select(p => Base("histogram", p.TimeUnixNano, p.Attributes) with
                            {
                                Count = p.Count,
                                Sum = p.HasSum && double.IsFinite(p.Sum) ? p.Sum : null,
                                Bounds = p.ExplicitBounds.All(double.IsFinite) ? p.ExplicitBounds.ToList() : [],
                                BucketCounts = p.BucketCounts.ToList(),
                                IsDelta = metric.Histogram.AggregationTemporality == AggregationTemporality.Delta,
                            }));
                            break;
                        case Metric.DataOneofCase.ExponentialHistogram:
                            points.AddRange(metric.ExponentialHistogram.DataPoints.Select(p => Base("exponentialHistogram", p.TimeUnixNano, p.Attributes) with
                            {
                                Count = p.Count,
                                Sum = p.HasSum && double.IsFinite(p.Sum) ? p.Sum : null,
                                IsDelta = metric.ExponentialHistogram.AggregationTemporality == AggregationTemporality.Delta,
                            }));
                            break;
                        case Metric.DataOneofCase.Summary:
                            points.AddRange(metric.Summary.DataPoints.Select(p => Base("summary", p.TimeUnixNano, p.Attributes) with
                            {
                                Count = p.Count,
                                Sum = double.IsFinite(p.Sum) ? p.Sum : null,
                                Value = p.Count == 0 || !double.IsFinite(p.Sum) ? null : p.Sum / p.Count,
                            }));
                            break;
                        default:
                            break;
                    }
                }
            }
        }

        return points;
    }

    /// <summary>
    /// Without the instrumentation packages, ASP.NET Core and HttpClient spans carry their operation names
    /// (<c>Microsoft.AspNetCore.Hosting.HttpRequestIn</c>); show <c>GET /route</c> instead, as Aspire does.
    /// </summary>
    internal static string DisplayName(string name, IReadOnlyList<TelemetryAttribute> attributes)
    {
        if (name is not ("Microsoft.AspNetCore.Hosting.HttpRequestIn" or "System.Net.Http.HttpRequestOut"))
        {
            return name;
        }

        string? Find(params string[] keys) => keys.Select(k => attributes.FirstOrDefault(a => a.Key == k)?.Value).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var method = Find("http.request.method", "http.method");
        var target = Find("http.route", "url.path", "http.target", "url.full", "server.address");
        return method is null ? name : target is null ? method : method + " " + target;
    }

    internal static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    internal static DateTimeOffset ToTime(ulong unixNano, DateTimeOffset fallback)
    {
        // Any ulong of nanoseconds / 100 fits in DateTimeOffset ticks after the epoch (year ≤ 7815).
        if (unixNano == 0)
        {
            return fallback;
        }

        return DateTimeOffset.UnixEpoch.AddTicks((long)(unixNano / 100));
    }

    internal static string AnyValueText(AnyValue value, int depth)
    {
        if (depth > 8)
        {
            return "…";
        }

        var text = value.ValueCase switch
        {
            AnyValue.ValueOneofCase.StringValue => value.StringValue,
            AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
            AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.BytesValue => Convert.ToBase64String(value.BytesValue.Span),
            AnyValue.ValueOneofCase.ArrayValue => "[" + string.Join(", ", value.ArrayValue.Values.Select(v => AnyValueText(v, depth + 1))) + "]",
            AnyValue.ValueOneofCase.KvlistValue => "{" + string.Join(", ", value.KvlistValue.Values.Select(kv => kv.Key + ": " + (kv.Value is null ? string.Empty : AnyValueText(kv.Value, depth + 1)))) + "}",
            _ => string.Empty,
        };
        // Defence in depth: services redact resident registration numbers; whatever slips through is masked here.
        text = RrnPattern.Redact(text);
        return text.Length > MaxAttributeValueLength ? text[..MaxAttributeValueLength] + "…" : text;
    }

    private static List<TelemetryAttribute> Attributes(RepeatedField<KeyValue>? attributes)
    {
        if (attributes is null || attributes.Count == 0)
        {
            return [];
        }

        return attributes.Select(kv => new TelemetryAttribute(kv.Key, kv.Value is null ? string.Empty : AnyValueText(kv.Value, 0))).ToList();
    }

    private static (string Name, string? Instance) ResourceName(RepeatedField<KeyValue>? attributes)
    {
        string? name = null;
        string? instance = null;
        if (attributes is not null)
        {
            foreach (var kv in attributes)
            {
                if (kv.Key == "service.name" && kv.Value is not null)
                {
                    name = AnyValueText(kv.Value, 0);
                }
                else if (kv.Key == "service.instance.id" && kv.Value is not null)
                {
                    instance = AnyValueText(kv.Value, 0);
                }
            }
        }

        return (string.IsNullOrWhiteSpace(name) ? "unknown_service" : name, instance);
    }

    private static double? NumberValue(NumberDataPoint point) => point.ValueCase switch
    {
        NumberDataPoint.ValueOneofCase.AsDouble => double.IsFinite(point.AsDouble) ? point.AsDouble : null,
        NumberDataPoint.ValueOneofCase.AsInt => point.AsInt,
        _ => null,
    };

    private static string KindName(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Server => "Server",
        Span.Types.SpanKind.Client => "Client",
        Span.Types.SpanKind.Producer => "Producer",
        Span.Types.SpanKind.Consumer => "Consumer",
        _ => "Internal",
    };

    private static int SeverityFromText(string? text) => TelemetryStore.LevelOf(0, text) switch
    {
        "Critical" => 21,
        "Error" => 17,
        "Warning" => 13,
        "Debug" => 5,
        "Trace" => 1,
        _ => 9,
    };

    private static bool IsZero(ByteString bytes)
    {
        foreach (var b in bytes.Span)
        {
            if (b != 0)
            {
                return false;
            }
        }

        return true;
    }
}

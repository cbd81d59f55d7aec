using Google.Protobuf;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Logs.V1;
using OpenTelemetry.Proto.Metrics.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Seomin.AppHost.Tests.Dashboard;

/// <summary>Builds OTLP export requests with the generated message classes.</summary>
internal static class OtlpTestData
{
    public static byte[] NewTraceId() => Guid.NewGuid().ToByteArray();

    public static byte[] NewSpanId() => Guid.NewGuid().ToByteArray()[..8];

    public static ulong Nanos(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100;

    public static Resource ResourceOf(string serviceName) => new()
    {
        Attributes =
        {
            new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = serviceName } },
            new KeyValue { Key = "service.instance.id", Value = new AnyValue { StringValue = serviceName + "-1" } },
        },
    };

    public static Span Span(byte[] traceId, byte[] spanId, byte[]? parent, string name, DateTimeOffset start, TimeSpan duration,
        Span.Types.SpanKind kind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Server, bool error = false, params (string Key, string Value)[] attributes)
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(traceId),
            SpanId = ByteString.CopyFrom(spanId),
            Name = name,
            Kind = kind,
            StartTimeUnixNano = Nanos(start),
            EndTimeUnixNano = Nanos(start + duration),
            Status = new Status { Code = error ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Unset },
        };
        if (parent is not null)
        {
            span.ParentSpanId = ByteString.CopyFrom(parent);
        }

        foreach (var (key, value) in attributes)
        {
            span.Attributes.Add(new KeyValue { Key = key, Value = new AnyValue { StringValue = value } });
        }

        return span;
    }

    public static ExportTraceServiceRequest Traces(params (string Service, Span[] Spans)[] groups)
    {
        var request = new ExportTraceServiceRequest();
        foreach (var (service, spans) in groups)
        {
            var scope = new ScopeSpans { Scope = new InstrumentationScope { Name = "Microsoft.AspNetCore" } };
            scope.Spans.AddRange(spans);
            request.ResourceSpans.Add(new ResourceSpans { Resource = ResourceOf(service), ScopeSpans = { scope } });
        }

        return request;
    }

    public static LogRecord Log(string message, SeverityNumber severity, DateTimeOffset time, byte[]? traceId = null, byte[]? spanId = null, params (string Key, string Value)[] attributes)
    {
        var record = new LogRecord
        {
            TimeUnixNano = Nanos(time),
            SeverityNumber = severity,
            SeverityText = severity.ToString(),
            Body = new AnyValue { StringValue = message },
        };
        if (traceId is not null)
        {
            record.TraceId = ByteString.CopyFrom(traceId);
        }

        if (spanId is not null)
        {
            record.SpanId = ByteString.CopyFrom(spanId);
        }

        foreach (var (key, value) in attributes)
        {
            record.Attributes.Add(new KeyValue { Key = key, Value = new AnyValue { StringValue = value } });
        }

        return record;
    }

    public static ExportLogsServiceRequest Logs(string service, params LogRecord[] records)
    {
        var scope = new ScopeLogs { Scope = new InstrumentationScope { Name = "Seomin.Test" } };
        scope.LogRecords.AddRange(records);
        return new ExportLogsServiceRequest { ResourceLogs = { new ResourceLogs { Resource = ResourceOf(service), ScopeLogs = { scope } } } };
    }

    /// <summary>A cumulative http.server.request.duration histogram point (seconds) with the given buckets.</summary>
    public static ExportMetricsServiceRequest HttpDuration(string service, DateTimeOffset time, int status, ulong[] bucketCounts, double[] bounds)
    {
        var point = new HistogramDataPoint
        {
            StartTimeUnixNano = Nanos(time.AddMinutes(-10)),
            TimeUnixNano = Nanos(time),
            Count = (ulong)bucketCounts.Sum(c => (long)c),
            Sum = 1,
            Attributes = { new KeyValue { Key = "http.response.status_code", Value = new AnyValue { IntValue = status } } },
        };
        point.BucketCounts.AddRange(bucketCounts);
        point.ExplicitBounds.AddRange(bounds);
        var metric = new Metric
        {
            Name = "http.server.request.duration",
            Unit = "s",
            Histogram = new Histogram { AggregationTemporality = AggregationTemporality.Cumulative, DataPoints = { point } },
        };
        return Metrics(service, "Microsoft.AspNetCore.Hosting", metric);
    }

    public static ExportMetricsServiceRequest Gauge(string service, string meter, string name, DateTimeOffset time, long value) =>
        Metrics(service, meter, new Metric
        {
            Name = name,
            Unit = "{message}",
            Gauge = new Gauge { DataPoints = { new NumberDataPoint { TimeUnixNano = Nanos(time), AsInt = value } } },
        });

    public static ExportMetricsServiceRequest Metrics(string service, string meter, params Metric[] metrics)
    {
        var scope = new ScopeMetrics { Scope = new InstrumentationScope { Name = meter } };
        scope.Metrics.AddRange(metrics);
        return new ExportMetricsServiceRequest { ResourceMetrics = { new ResourceMetrics { Resource = ResourceOf(service), ScopeMetrics = { scope } } } };
    }

    public static ByteArrayContent Protobuf(IMessage message)
    {
        var content = new ByteArrayContent(message.ToByteArray());
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/x-protobuf");
        return content;
    }
}

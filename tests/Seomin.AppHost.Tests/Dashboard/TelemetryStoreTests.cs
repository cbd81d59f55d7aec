using Microsoft.Extensions.Options;
using Seomin.AppHost.Dashboard;
using Seomin.AppHost.Dashboard.Telemetry;

namespace Seomin.AppHost.Tests.Dashboard;

public sealed class TelemetryStoreTests
{
    private static TelemetryStore NewStore(int maxSpans = 100, int maxLogs = 100, int maxPoints = 100) =>
        new(Options.Create(new DashboardOptions { MaxSpans = maxSpans, MaxLogs = maxLogs, MaxMetricPoints = maxPoints }));

    private static SpanData Span(string traceId, string spanId, DateTimeOffset start) => new()
    {
        TraceId = traceId,
        SpanId = spanId,
        Name = "span " + spanId,
        Kind = "Server",
        Resource = "gateway",
        StartTime = start,
        EndTime = start.AddMilliseconds(10),
        Status = "Unset",
        Attributes = [],
        Events = [],
    };

    private static LogData Log(string message) => new()
    {
        Sequence = 0,
        Timestamp = DateTimeOffset.UtcNow,
        Resource = "guarantee",
        Level = "Information",
        SeverityNumber = 9,
        Message = message,
        Attributes = [],
    };

    private static MetricPointData Point(double value) => new()
    {
        Resource = "guarantee",
        Meter = "Seomin.Messaging",
        Name = "seomin.messaging.outbox.backlog",
        Kind = "gauge",
        Time = DateTimeOffset.UtcNow,
        Attributes = [],
        Value = value,
    };

    [Fact]
    public void AddSpans_WhenOverMaxSpans_DropsOldestAndItsTrace()
    {
        var store = NewStore(maxSpans: 3);
        var now = DateTimeOffset.UtcNow;

        store.AddSpans([Span("t1", "a", now), Span("t2", "b", now.AddSeconds(1)), Span("t3", "c", now.AddSeconds(2)), Span("t4", "d", now.AddSeconds(3))]);

        Assert.Null(store.GetTrace("t1"));
        Assert.NotNull(store.GetTrace("t4"));
        Assert.Equal(["t4", "t3", "t2"], store.QueryTraces(new TraceQuery()).Select(t => t.TraceId));
        Assert.Equal(new TelemetryStoreStats(3, 0, 0, 1, 0, 0), store.GetStats());
    }

    [Fact]
    public void AddLogs_WhenOverMaxLogs_DropsOldestAndListsNewestFirst()
    {
        var store = NewStore(maxLogs: 2);

        store.AddLogs([Log("one"), Log("two"), Log("three")]);

        Assert.Equal(["three", "two"], store.QueryLogs(new LogQuery()).Select(l => l.Message));
        Assert.Equal(1, store.GetStats().DroppedLogs);
    }

    [Fact]
    public void AddMetricPoints_WhenOverMaxPoints_DropsOldest()
    {
        var store = NewStore(maxPoints: 2);

        store.AddMetricPoints([Point(1), Point(2), Point(3)]);

        Assert.Equal([2.0, 3.0], store.GetMetricPoints("guarantee", "Seomin.Messaging", "seomin.messaging.outbox.backlog").Select(p => p.Value!.Value));
        Assert.Equal(1, store.GetStats().DroppedMetricPoints);
    }

    [Fact]
    public async Task AddLogs_WhenManyWritersAtOnce_KeepsExactlyTheLimit()
    {
        var store = NewStore(maxLogs: 1_000);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                store.AddLogs([Log($"{w}-{i}")]);
            }
        })));

        var stats = store.GetStats();
        Assert.Equal(1_000, stats.Logs);
        Assert.Equal(3_000, stats.DroppedLogs);
    }

    [Fact]
    public void QueryTraces_WhenDurationRangeGiven_KeepsOnlyTracesInside()
    {
        var store = NewStore();
        var now = DateTimeOffset.UtcNow;
        store.AddSpans([Span("fast", "a", now), Span("slow", "b", now) with { EndTime = now.AddSeconds(2) }]);

        var slow = store.QueryTraces(new TraceQuery(MinDurationMs: 1_000));
        var fast = store.QueryTraces(new TraceQuery(MaxDurationMs: 100));

        Assert.Equal("slow", Assert.Single(slow).TraceId);
        Assert.Equal("fast", Assert.Single(fast).TraceId);
    }

    [Fact]
    public void DisplayName_WhenAspNetCoreOperationName_ShowsMethodAndRoute()
    {
        var name = Seomin.AppHost.Dashboard.Otlp.OtlpConverter.DisplayName(
            "Microsoft.AspNetCore.Hosting.HttpRequestIn",
            [new TelemetryAttribute("http.request.method", "GET"), new TelemetryAttribute("url.path", "/openapi/v1.json")]);

        Assert.Equal("GET /openapi/v1.json", name);
    }

    [Fact]
    public void Percentile_WhenAllInOneBucket_InterpolatesInsideIt()
    {
        var p50 = MetricSeriesBuilder.Percentile([1, 2, 4], [0, 10, 0, 0], 0.5);

        Assert.Equal(1.5, p50);
    }
}

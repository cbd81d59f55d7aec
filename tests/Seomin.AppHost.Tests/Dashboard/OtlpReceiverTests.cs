using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Google.Rpc;
using OpenTelemetry.Proto.Collector.Logs.V1;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Logs.V1;
using static Seomin.AppHost.Tests.Dashboard.OtlpTestData;

namespace Seomin.AppHost.Tests.Dashboard;

public sealed class OtlpReceiverTests : IAsyncLifetime
{
    private DashboardTestHost? _host;
    private HttpClient? _http;

    private DashboardTestHost Host => _host!;

    private HttpClient Http => _http!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await DashboardTestHost.StartAsync(new Dictionary<string, string?> { ["Dashboard:MaxRequestBytes"] = "65536" });
        _http = new HttpClient { BaseAddress = _host.BaseUri };
    }

    public async ValueTask DisposeAsync()
    {
        _http?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public async Task PostTraces_WhenSpansFromTwoResources_StoresOneTraceAndAnswersEmptyResponse()
    {
        var traceId = NewTraceId();
        var root = NewSpanId();
        var start = DateTimeOffset.UtcNow;
        var request = Traces(
            ("gateway", [Span(traceId, root, null, "POST /api/guarantees", start, TimeSpan.FromMilliseconds(40), attributes: ("http.route", "/api/guarantees"))]),
            ("guarantee", [Span(traceId, NewSpanId(), root, "POST guarantees", start.AddMilliseconds(5), TimeSpan.FromMilliseconds(30))]));

        using var response = await Http.PostAsync("/v1/traces", Protobuf(request), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-protobuf", response.Content.Headers.ContentType?.MediaType);
        var body = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Null(body.PartialSuccess);
        var hex = Convert.ToHexStringLower(traceId);
        var trace = await Http.GetFromJsonAsync<JsonElement>($"/api/telemetry/traces/{hex}", Ct);
        Assert.Equal(2, trace.GetProperty("spans").GetArrayLength());
        Assert.Equal(["gateway", "guarantee"], trace.GetProperty("summary").GetProperty("resources").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("POST /api/guarantees", trace.GetProperty("summary").GetProperty("rootName").GetString());
        Assert.Equal(40, trace.GetProperty("summary").GetProperty("durationMs").GetDouble(), 3);
    }

    [Fact]
    public async Task PostTraces_WhenSpanHasNoTraceId_RejectsItAsPartialSuccess()
    {
        var request = Traces(("gateway",
        [
            Span(NewTraceId(), NewSpanId(), null, "good", DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(1)),
            Span(new byte[16], NewSpanId(), null, "bad", DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(1)),
        ]));

        using var response = await Http.PostAsync("/v1/traces", Protobuf(request), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(1, body.PartialSuccess.RejectedSpans);
        Assert.Equal(1, Host.Store.GetStats().Spans);
    }

    [Fact]
    public async Task PostLogs_WhenGzipped_StoresRecordFoundByTraceIdAndAttribute()
    {
        var traceId = NewTraceId();
        var request = Logs("guarantee",
            Log("Guarantee issued", SeverityNumber.Info, DateTimeOffset.UtcNow, traceId, NewSpanId(), ("guarantee.id", "G-42")),
            Log("Unrelated", SeverityNumber.Warn, DateTimeOffset.UtcNow));
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Google.Protobuf.MessageExtensions.ToByteArray(request), Ct);
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await Http.PostAsync("/v1/logs", content, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(ExportLogsServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Ct)));
        var byTrace = await Http.GetFromJsonAsync<JsonElement>($"/api/telemetry/logs?traceId={Convert.ToHexStringLower(traceId)}", Ct);
        var log = Assert.Single(byTrace.EnumerateArray());
        Assert.Equal("Guarantee issued", log.GetProperty("message").GetString());
        Assert.Equal("Information", log.GetProperty("level").GetString());
        var byAttribute = await Http.GetFromJsonAsync<JsonElement>("/api/telemetry/logs?attribute=guarantee.id%3DG-42", Ct);
        Assert.Single(byAttribute.EnumerateArray());
    }

    [Fact]
    public async Task PostMetrics_WhenTwoCumulativeHistogramPoints_SeriesHasRateErrorRateAndPercentiles()
    {
        double[] bounds = [0.005, 0.01, 0.025, 0.05, 0.1];
        var first = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 5 * 5);
        var second = first.AddSeconds(5);
        await PostOkAsync("/v1/metrics", HttpDuration("gateway", first, 200, [0, 0, 0, 0, 0, 0], bounds));
        await PostOkAsync("/v1/metrics", HttpDuration("gateway", first, 500, [0, 0, 0, 0, 0, 0], bounds));
        await PostOkAsync("/v1/metrics", HttpDuration("gateway", second, 200, [0, 10, 0, 0, 0, 0], bounds));
        await PostOkAsync("/v1/metrics", HttpDuration("gateway", second, 500, [0, 0, 0, 0, 5, 0], bounds));

        var series = await Http.GetFromJsonAsync<JsonElement>("/api/telemetry/metrics/series?resource=gateway&name=http.server.request.duration&step=5", Ct);

        var point = Assert.Single(series.GetProperty("points").EnumerateArray());
        Assert.Equal(3.0, point.GetProperty("rate").GetDouble(), 3);
        Assert.Equal(1.0, point.GetProperty("errorRate").GetDouble(), 3);
        Assert.InRange(point.GetProperty("p50").GetDouble(), 0.005, 0.01);
        Assert.InRange(point.GetProperty("p99").GetDouble(), 0.05, 0.1);
        var instruments = await Http.GetFromJsonAsync<JsonElement>("/api/telemetry/metrics?resource=gateway", Ct);
        Assert.Equal("Microsoft.AspNetCore.Hosting", Assert.Single(instruments.EnumerateArray()).GetProperty("meter").GetString());
    }

    [Fact]
    public async Task PostLogs_WhenMessageCarriesAnRrn_StoresItMasked()
    {
        var rrn = Seomin.Testing.SyntheticRrn.Adult();
        var request = Logs("counseling", Log("Lookup for " + rrn + " failed", SeverityNumber.Error, DateTimeOffset.UtcNow, attributes: ("customer", rrn)));

        using var response = await Http.PostAsync("/v1/logs", Protobuf(request), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await Http.GetStringAsync("/api/telemetry/logs?resource=counseling", Ct);
        Assert.DoesNotContain(rrn, json, StringComparison.Ordinal);
        Assert.Contains("[RRN-REDACTED]", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WhenBodyIsNotProtobuf_Returns400WithRpcStatus()
    {
        using var content = new ByteArrayContent([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]);
        content.Headers.ContentType = new("application/x-protobuf");

        using var response = await Http.PostAsync("/v1/traces", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var status = Status.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(3, status.Code);
        Assert.Equal(0, Host.Store.GetStats().Spans);
    }

    [Fact]
    public async Task Post_WhenGzipIsCorrupt_Returns400()
    {
        using var content = new ByteArrayContent([1, 2, 3, 4, 5, 6, 7, 8]);
        content.Headers.ContentType = new("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await Http.PostAsync("/v1/logs", content, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Post_WhenBodyExceedsLimit_Returns413()
    {
        using var content = new ByteArrayContent(new byte[70_000]);
        content.Headers.ContentType = new("application/x-protobuf");

        using var response = await Http.PostAsync("/v1/logs", content, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_WhenGzipExpandsBeyondLimit_Returns413()
    {
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            await gzip.WriteAsync(new byte[1_000_000], Ct);
        }

        using var content = new ByteArrayContent(compressed.ToArray());
        content.Headers.ContentType = new("application/x-protobuf");
        content.Headers.ContentEncoding.Add("gzip");

        using var response = await Http.PostAsync("/v1/metrics", content, Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Post_WhenContentTypeIsJson_Returns415()
    {
        using var content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");

        using var response = await Http.PostAsync("/v1/traces", content, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    private async Task PostOkAsync(string path, Google.Protobuf.IMessage message)
    {
        using var response = await Http.PostAsync(path, Protobuf(message), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

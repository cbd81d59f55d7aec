using System.Net;
using OpenTelemetry.Proto.Logs.V1;
using Seomin.Testing;
using static Seomin.AppHost.Tests.Dashboard.OtlpTestData;

namespace Seomin.AppHost.Tests.Dashboard;

/// <summary>
/// The dashboard alone (no platform): the real State API over <see cref="FakeResourceRegistry"/>, telemetry seeded
/// through the OTLP receiver, a private RabbitMQ node for the Messaging page, and Chromium.
/// </summary>
public sealed class DashboardBrowserFixture : IAsyncLifetime
{
    private DashboardTestHost? _host;
    private BrowserSession? _browser;
    private RabbitMqServer? _rabbit;

    internal DashboardTestHost Host => _host ?? throw new InvalidOperationException("Not started.");

    internal BrowserSession Browser => _browser ?? throw new InvalidOperationException("Not started.");

    internal RabbitMqServer Rabbit => _rabbit ?? throw new InvalidOperationException("Not started.");

    internal FakeResourceRegistry Registry { get; } = new(
        ("gateway", "Project", "http://127.0.0.1:5100"),
        ("guarantee", "Project", "http://127.0.0.1:5101"),
        ("messaging", "RabbitMQServer", "http://127.0.0.1:15673"),
        ("postgres", "PostgresServer", "tcp://127.0.0.1:5433"));

    /// <summary>The seeded trace: gateway → guarantee, with a log line inside it.</summary>
    public string TraceId { get; } = Convert.ToHexStringLower(NewTraceId());

    public string TracedLogMessage { get; } = "보증 신청 접수 " + Guid.NewGuid().ToString("N")[..8];

    public async ValueTask InitializeAsync()
    {
        var rabbit = RabbitMqServer.StartDedicatedAsync();
        var browser = BrowserSession.StartAsync();
        _rabbit = await rabbit;
        _host = await DashboardTestHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Dashboard:RabbitMq:ManagementUrl"] = _rabbit.ManagementUri.ToString(),
                ["Dashboard:RabbitMq:UserName"] = _rabbit.UserName,
                ["Dashboard:RabbitMq:Password"] = _rabbit.Password,
                ["Dashboard:RabbitMq:AmqpUri"] = $"amqp://{_rabbit.Host}:{_rabbit.AmqpPort}/",
            },
            Registry);
        _browser = await browser;
        await SeedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_rabbit is not null)
        {
            await _rabbit.DisposeAsync();
        }
    }

    private async Task SeedAsync()
    {
        using var http = new HttpClient { BaseAddress = Host.BaseUri };
        var traceId = Convert.FromHexString(TraceId);
        var root = NewSpanId();
        var child = NewSpanId();
        var start = DateTimeOffset.UtcNow.AddSeconds(-30);
        await PostAsync(http, "/v1/traces", Traces(
            ("gateway", [Span(traceId, root, null, "POST /api/v1/guarantees", start, TimeSpan.FromMilliseconds(120), attributes: [("http.route", "/api/v1/guarantees"), ("http.response.status_code", "500")])]),
            ("guarantee", [
                Span(traceId, child, root, "POST /guarantees", start.AddMilliseconds(10), TimeSpan.FromMilliseconds(90), error: true),
                Span(traceId, NewSpanId(), child, "guarantee-issued publish", start.AddMilliseconds(60), TimeSpan.FromMilliseconds(12), OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Producer),
            ])));
        await PostAsync(http, "/v1/logs", Logs("guarantee",
            Log(TracedLogMessage, SeverityNumber.Info, start.AddMilliseconds(20), traceId, child, ("guarantee.product", "소액보증")),
            Log("보증 한도 초과", SeverityNumber.Error, start.AddMilliseconds(80), traceId, child)));
        await PostAsync(http, "/v1/logs", Logs("gateway", Log("Request finished", SeverityNumber.Info, start.AddMilliseconds(121))));
        double[] bounds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25];
        var t0 = DateTimeOffset.UtcNow.AddSeconds(-60);
        for (var i = 0; i < 12; i++)
        {
            var n = (ulong)(i * 10);
            await PostAsync(http, "/v1/metrics", HttpDuration("gateway", t0.AddSeconds(i * 5), 200, [0, n, n / 2, n / 4, 0, 0, 0], bounds));
            await PostAsync(http, "/v1/metrics", HttpDuration("gateway", t0.AddSeconds(i * 5), 500, [0, 0, 0, 0, (ulong)i, 0, 0], bounds));
            await PostAsync(http, "/v1/metrics", Gauge("guarantee", "Seomin.Messaging", "seomin.messaging.outbox.backlog", t0.AddSeconds(i * 5), i % 4));
        }

        Registry.Write("gateway", "stdout", "Now listening on: http://127.0.0.1:5100");
        Registry.Write("guarantee", "stderr", "warn: outbox relay retry");
    }

    private static async Task PostAsync(HttpClient http, string path, Google.Protobuf.IMessage message)
    {
        using var response = await http.PostAsync(path, Protobuf(message));
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"Seeding {path} answered {response.StatusCode}.");
        }
    }
}

using Microsoft.Extensions.Hosting;
using Seomin.PersonalData;
using Seomin.Testing;

namespace Seomin.ServiceDefaults.Tests;

/// <summary>
/// The tracer listens to the whole process, so these tests run alone (other classes' HTTP clients would
/// otherwise put their own spans into the capture) and send their requests on raw sockets.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry";
}

[Collection(TelemetryCollection.Name)]
public class TelemetryTests(PlatformServers servers)
{
    [Fact]
    public async Task Request_WhenOtlpEndpointIsSet_ExportsSpanAndLogOverHttpProtobuf_ButNotHealthProbes()
    {
        await using var collector = await OtlpCaptureServer.StartAsync();
        var host = await MinimalServiceHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("otlp"),
            new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            });

        // Raw sockets, so only the service's own server spans can carry these paths.
        Assert.StartsWith("HTTP/1.1 200", await RawGetAsync(host.BaseAddress, "/health"), StringComparison.Ordinal);
        Assert.StartsWith("HTTP/1.1 404", await RawGetAsync(host.BaseAddress, "/things/31337"), StringComparison.Ordinal);
        await host.DisposeAsync(); // flushes the exporters

        await Probe.UntilAsync(() => Task.FromResult(collector.Received("/v1/traces", "GET /things/{id:int}")),
            "a server span named after the route at /v1/traces");
        Assert.True(collector.Received("/v1/traces", "/things/31337"), "the span carries url.path");
        await Probe.UntilAsync(() => Task.FromResult(collector.Received("/v1/logs", "Looking up thing")),
            "the handler's log record at /v1/logs");
        Assert.All(collector.Requests, r => Assert.Equal("application/x-protobuf", r.ContentType));
        Assert.False(collector.Received("/v1/traces", "/health"), "health probes must not be traced");
    }

    [Fact]
    public async Task Request_WhenPersonalDataProtectionIsAddedAfterServiceDefaults_ExportsSpansAndLogsRedacted()
    {
        await using var collector = await OtlpCaptureServer.StartAsync();
        var rrn = SyntheticRrn.Adult(40);
        var host = await MinimalServiceHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("otlpredact"),
            new Dictionary<string, string?>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = collector.Url,
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["Seomin:Security:UseDevelopmentKeys"] = "true",
                ["Seomin:Security:DevelopmentKeyDirectory"] = Path.Combine(Path.GetTempPath(), "seomin-otlp-redact-keys"),
            },
            configure: builder => builder.AddPersonalDataProtection());

        Assert.StartsWith("HTTP/1.1 204", await RawGetAsync(host.BaseAddress, "/lookup?value=" + rrn), StringComparison.Ordinal);
        await host.DisposeAsync();

        await Probe.UntilAsync(() => Task.FromResult(collector.Received("/v1/traces", "value " + RrnPattern.Mask)),
            "the span with its redacted tag at /v1/traces");
        await Probe.UntilAsync(() => Task.FromResult(collector.Received("/v1/logs", "Looked up " + RrnPattern.Mask)),
            "the redacted log record at /v1/logs");
        var digits = rrn.Replace("-", string.Empty, StringComparison.Ordinal);
        Assert.DoesNotContain(collector.Requests, r => System.Text.Encoding.UTF8.GetString(r.Body).Contains(rrn[7..], StringComparison.Ordinal)
            || System.Text.Encoding.UTF8.GetString(r.Body).Contains(digits, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Request_WhenOtlpEndpointIsNotSet_ExportsNothing()
    {
        await using var collector = await OtlpCaptureServer.StartAsync();
        var host = await MinimalServiceHost.StartAsync(await servers.Postgres.CreateDatabaseAsync("nootlp"));

        await host.Client.GetAsync("/things/1");
        await host.DisposeAsync();

        Assert.Empty(collector.Requests);
    }

    private static async Task<string> RawGetAsync(Uri baseAddress, string path)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(baseAddress.Host, baseAddress.Port);
        await using var stream = tcp.GetStream();
        var request = System.Text.Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: {baseAddress.Authority}\r\nConnection: close\r\n\r\n");
        await stream.WriteAsync(request);
        using var reader = new StreamReader(stream);
        return await reader.ReadToEndAsync();
    }
}

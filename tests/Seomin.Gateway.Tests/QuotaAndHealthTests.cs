using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Seomin.Gateway.Tests.Infrastructure;
using Seomin.Testing;

namespace Seomin.Gateway.Tests;

public sealed class QuotaAndHealthTests(PlatformServers servers) : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayHost.StartAsync(servers, new Dictionary<string, string?>
    {
        // A service that is configured but not running: nothing listens on this port.
        ["services:subrogation:http:0"] = $"http://127.0.0.1:{TestPorts.Free()}",
        ["Gateway:Services:counseling:Timeout"] = "00:00:01",
    });

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task PartnerProducts_WhenDailyQuotaExhausted_TooManyRequestsWithRetryAfter()
    {
        var secret = await _gateway.CreateClientAsync(new
        {
            clientId = "tiny-daily",
            displayName = "Tiny daily quota",
            clientType = "Partner",
            scopes = new[] { "products:read" },
            partnerCode = "TINYDAY001",
            perSecondLimit = 100,
            perDayLimit = 3,
        });
        var token = await _gateway.GetTokenAsync("tiny-daily", secret);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await _gateway.GetAsync("/partner/v1/products", token);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last.Headers.RetryAfter?.Delta > TimeSpan.FromSeconds(1));
        var problem = await last.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("GW-QUOTA-002", problem.GetProperty("errorCode").GetString());
        Assert.Equal(25, last.Headers.GetValues("x-api-tran-id").Single().Length);
    }

    [Fact]
    public async Task InternalRoute_WhenPerSecondLimitExceeded_TooManyRequestsWithRetryAfter()
    {
        var secret = await _gateway.CreateClientAsync(new
        {
            clientId = "tiny-rate",
            displayName = "One request per second",
            clientType = "Internal",
            roles = new[] { "guarantee-officer" },
            perSecondLimit = 1,
            perDayLimit = 1000,
        });
        var token = await _gateway.GetTokenAsync("tiny-rate", secret);

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _gateway.GetAsync("/api/guarantees/products", token)));

        var rejected = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(rejected);
        Assert.All(rejected, r => Assert.Equal(TimeSpan.FromSeconds(1), r.Headers.RetryAfter?.Delta));
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
    }

    [Fact]
    public async Task ApiRoute_WhenServiceDown_ServiceUnavailableQuickly()
    {
        var token = await _gateway.GetTokenAsync("dev-recourse-officer");
        var watch = Stopwatch.StartNew();

        var response = await _gateway.GetAsync("/api/subrogation/claims", token);

        watch.Stop();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal("GW-UP-001", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task PartnerApplication_WhenGuaranteeServiceStopped_ServiceUnavailableQuickly()
    {
        var token = await _gateway.GetTokenAsync("dev-partner-alpha");
        await _gateway.Guarantee.DisposeAsync();
        var watch = Stopwatch.StartNew();

        var response = await _gateway.GetAsync("/partner/v1/products", token);

        watch.Stop();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
        Assert.Equal("GW-UP-001", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task ApiRoute_WhenServiceStalls_GatewayTimeoutAfterRouteTimeout()
    {
        var token = await _gateway.GetTokenAsync("dev-counselor");
        var watch = Stopwatch.StartNew();

        var response = await _gateway.GetAsync("/api/counseling/hanging", token);

        watch.Stop();
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal("GW-UP-002", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Health_WhenAnonymous_ReportsGatewayDatabase()
    {
        var response = await _gateway.GetAsync("/health", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("gatewaydb", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Seomin.Access;
using Seomin.Gateway.Tests.Infrastructure;
using Seomin.Testing;

namespace Seomin.Gateway.Tests;

public sealed class QuotaAndHealthTests(RedisServers redis) : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayHost.StartAsync(redis, new Dictionary<string, string?>
    {
        // A service that is configured but not running: nothing listens on this port.
        ["services:subrogation:http:0"] = $"http://127.0.0.1:{TestPorts.Free()}",
        ["Gateway:Services:counseling:Timeout"] = "00:00:01",
    });

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task PartnerProducts_WhenDailyQuotaExhausted_TooManyRequestsWithRetryAfter()
    {
        var token = PartnerWithQuota(_gateway, "tiny-daily", perSecond: 100, perDay: 3);

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await _gateway.GetAsync("/partner/v1/products", token);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(last.Headers.RetryAfter?.Delta > TimeSpan.FromHours(23), $"Retry-After {last.Headers.RetryAfter}");
        var problem = await last.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("GW-QUOTA-002", problem.GetProperty("errorCode").GetString());
        Assert.Equal(25, last.Headers.GetValues("x-api-tran-id").Single().Length);
    }

    [Fact]
    public async Task InternalRoute_WhenPerSecondLimitExceeded_TooManyRequestsWithRetryAfter()
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = "tiny-rate", ["client_id"] = "tiny-rate", ["client_type"] = "internal", ["role"] = new[] { StaffRoles.GuaranteeOfficer },
            ["quota_per_second"] = 1, ["quota_per_day"] = 1000,
        };
        var token = _gateway.Tokens.Issue(claims, [Audiences.Gateway, Audiences.Guarantee]);

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => _gateway.GetAsync("/api/guarantees/products", token)));

        var rejected = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(rejected);
        Assert.All(rejected, r => Assert.Equal(TimeSpan.FromSeconds(1), r.Headers.RetryAfter?.Delta));
        Assert.Equal("GW-QUOTA-001", (await rejected[0].Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
        Assert.Contains(responses, r => r.StatusCode == HttpStatusCode.OK);
    }

    [Fact]
    public async Task StaffRoute_WhenTwoPeopleShareTheStaffClient_EachCountedSeparately()
    {
        var first = _gateway.Tokens.Issue(
            new Dictionary<string, object> { ["sub"] = "E7001", ["client_id"] = "seomin-staff", ["client_type"] = "staff", ["role"] = new[] { StaffRoles.GuaranteeOfficer }, ["quota_per_day"] = 2 },
            [Audiences.Gateway, Audiences.Guarantee]);
        var second = _gateway.Tokens.Issue(
            new Dictionary<string, object> { ["sub"] = "E7002", ["client_id"] = "seomin-staff", ["client_type"] = "staff", ["role"] = new[] { StaffRoles.GuaranteeOfficer }, ["quota_per_day"] = 2 },
            [Audiences.Gateway, Audiences.Guarantee]);

        var firstStatuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            firstStatuses.Add((await _gateway.GetAsync("/api/guarantees/products", first)).StatusCode);
        }

        var secondStatus = (await _gateway.GetAsync("/api/guarantees/products", second)).StatusCode;

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], firstStatuses);
        Assert.Equal(HttpStatusCode.OK, secondStatus);
    }

    [Fact]
    public async Task ApiRoute_WhenServiceDown_ServiceUnavailableQuickly()
    {
        var token = _gateway.Tokens.Staff("E3001", [StaffRoles.RecourseOfficer], Audiences.Gateway, Audiences.Subrogation);
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
        var token = _gateway.Partner();
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
        var token = _gateway.Tokens.Staff("E2001", [StaffRoles.Counselor], Audiences.Gateway, Audiences.Counseling);
        var watch = Stopwatch.StartNew();

        var response = await _gateway.GetAsync("/api/counseling/hanging", token);

        watch.Stop();
        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        Assert.Equal("GW-UP-002", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task Health_WhenAnonymous_ReportsTheQuotaStoreAndNoDatabase()
    {
        var response = await _gateway.GetAsync("/health", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("quotas", text, StringComparison.Ordinal);
        Assert.DoesNotContain("gatewaydb", text, StringComparison.Ordinal);
    }

    internal static string PartnerWithQuota(GatewayHost gateway, string clientId, int perSecond, int perDay) =>
        gateway.Tokens.Issue(
            new Dictionary<string, object>
            {
                ["sub"] = clientId, ["client_id"] = clientId, ["client_type"] = "partner", ["partner_code"] = "QUOTA00001",
                ["scope"] = $"{Scopes.ProductsRead} {Scopes.GuaranteesApply}", ["quota_per_second"] = perSecond, ["quota_per_day"] = perDay,
            },
            [Audiences.Gateway, Audiences.Guarantee]);
}

/// <summary>Quotas that hold across gateway replicas, and what one replica does while the shared store is down.</summary>
public sealed class SharedQuotaTests : IAsyncLifetime
{
    private RedisServer _redis = null!;
    private GatewaySetup _setup = null!;
    private GatewayHost _first = null!;
    private GatewayHost _second = null!;

    public async ValueTask InitializeAsync()
    {
        // Its own Redis server, because one test stops it.
        _redis = await RedisServer.StartDedicatedAsync();
        _setup = await GatewaySetup.CreateAsync(_redis.ConnectionString);
        _first = await GatewayHost.StartReplicaAsync(_setup);
        _second = await GatewayHost.StartReplicaAsync(_setup);
    }

    public async ValueTask DisposeAsync()
    {
        await _first.DisposeAsync();
        await _second.DisposeAsync();
        await _setup.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task DailyQuota_WhenOneClientCallsTwoReplicas_CombinedCountIsLimited()
    {
        var token = QuotaAndHealthTests.PartnerWithQuota(_first, $"two-replicas-{Guid.NewGuid():N}", perSecond: 100, perDay: 6);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 10; i++)
        {
            var replica = i % 2 == 0 ? _first : _second;
            statuses.Add((await replica.GetAsync("/partner/v1/products", token)).StatusCode);
        }

        Assert.Equal(6, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 6), statuses.Take(6));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _first.GetAsync("/partner/v1/products", token)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _second.GetAsync("/partner/v1/products", token)).StatusCode);
    }

    [Fact]
    public async Task PerSecondQuota_WhenOneClientBurstsAtTwoReplicas_CombinedCountIsLimited()
    {
        var token = QuotaAndHealthTests.PartnerWithQuota(_first, $"burst-{Guid.NewGuid():N}", perSecond: 4, perDay: 1000);

        // Both replicas at once, well inside one second: at most 4 pass in any one window, so at most 8 if the burst
        // straddles a window boundary, never the 2 x 4 x 2 = 16 that per-replica counting would let through.
        var responses = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => (i % 2 == 0 ? _first : _second).GetAsync("/partner/v1/products", token)));

        var passed = responses.Count(r => r.StatusCode == HttpStatusCode.OK);
        Assert.InRange(passed, 4, 8);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
    }

    [Fact]
    public async Task Quotas_WhenRedisDown_ServeWithPerReplicaLimitsAndReportDegraded()
    {
        var token = QuotaAndHealthTests.PartnerWithQuota(_first, $"redis-down-{Guid.NewGuid():N}", perSecond: 100, perDay: 3);
        Assert.Equal(HttpStatusCode.OK, (await _first.GetAsync("/partner/v1/products", token)).StatusCode);

        await _redis.StopAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await _first.GetAsync("/partner/v1/products", token)).StatusCode);
        }

        var health = await _first.GetAsync("/health", null);

        // Fail open, to this replica's own counter: it starts from zero, so three more pass, then the fourth is refused.
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Degraded", await QuotaStoreStatusAsync(_first));
        Assert.Contains(_first.Logs.Lines, l => l.Contains("[8601]", StringComparison.Ordinal));

        await _redis.StartAsync();
        await Probe.UntilAsync(
            async () => await QuotaStoreStatusAsync(_first) == "Healthy",
            "the gateway to reconnect to Redis",
            TimeSpan.FromSeconds(30));
    }

    private static async Task<string?> QuotaStoreStatusAsync(GatewayHost gateway)
    {
        var report = await (await gateway.GetAsync("/health", null)).Content.ReadFromJsonAsync<JsonElement>();
        return report.GetProperty("checks").GetProperty("quotas").GetProperty("status").GetString();
    }
}

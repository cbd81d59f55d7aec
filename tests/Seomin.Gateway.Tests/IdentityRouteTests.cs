using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Seomin.Gateway.Tests.Infrastructure;
using Seomin.Testing;

namespace Seomin.Gateway.Tests;

public sealed class IdentityRouteTests(RedisServers redis) : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayHost.StartAsync(redis);

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    [Theory]
    [InlineData("POST", "/connect/token")]
    [InlineData("GET", "/account/login?returnUrl=%2Fconnect%2Fauthorize")]
    [InlineData("GET", "/.well-known/openid-configuration")]
    [InlineData("GET", "/admin/clients")]
    public async Task TokenServiceRoute_WhenAnonymous_ProxiedUnchanged(string method, string path)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "alphafin01", ["client_secret"] = GatewaySetup.SecretOf("alphafin01"),
        });

        var response = await _gateway.SendAsync(new HttpMethod(method), path, token: null, body: method == "POST" ? form : null,
            headers: new Dictionary<string, string> { ["X-Seomin-Client-Id"] = "spoofed" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = _gateway.Identity.Received.Last();
        Assert.Equal(path, received.PathAndQuery);
        Assert.Equal(method, received.Method);
        Assert.DoesNotContain(received.Headers.Keys, h => h.StartsWith("X-Seomin-", StringComparison.OrdinalIgnoreCase));
        Assert.True(received.Headers.ContainsKey("X-Forwarded-Host"));
    }

    [Fact]
    public async Task AdminRoute_WhenCallerSendsToken_ForwardsItForTheTokenServiceToCheck()
    {
        var token = _gateway.GuaranteeOfficer();

        var response = await _gateway.SendAsync(HttpMethod.Post, "/admin/clients/abc/revoke", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"Bearer {token}", _gateway.Identity.Last("/admin/clients/abc/revoke").Headers["Authorization"]);
    }

    [Fact]
    public async Task TokenEndpoint_WhenTokenServiceDown_ServiceUnavailableWithRetryAfter()
    {
        await _gateway.Identity.DisposeAsync();
        var watch = Stopwatch.StartNew();

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" });
        var token = await _gateway.SendAsync(HttpMethod.Post, "/connect/token", null, form);
        var signIn = await _gateway.GetAsync("/account/login", null);

        watch.Stop();
        foreach (var response in new[] { token, signIn })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("token_service_unavailable", problem.GetProperty("errorCode").GetString());
        }

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task ApiRoute_WhenTokenServiceAndItsKeysDown_AlreadyIssuedTokenStillAcceptedFromCachedKeys()
    {
        var token = _gateway.GuaranteeOfficer();
        Assert.Equal(HttpStatusCode.OK, (await _gateway.GetAsync("/api/guarantees/products", token)).StatusCode);
        await _gateway.Identity.DisposeAsync();
        await _gateway.Tokens.DisposeAsync();

        var response = await _gateway.GetAsync("/api/guarantees/products", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class IdentityNotConfiguredTests(RedisServers redis) : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayHost.StartAsync(redis, new Dictionary<string, string?>
    {
        ["services:identity:http:0"] = null,
    });

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task TokenEndpoint_WhenTokenServiceNotConfigured_ServiceUnavailableNotUnauthorized()
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" });

        var response = await _gateway.SendAsync(HttpMethod.Post, "/connect/token", null, form);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("token_service_unavailable", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Seomin.Access;
using Seomin.Gateway.Tests.Infrastructure;
using Seomin.Testing;

namespace Seomin.Gateway.Tests;

public sealed class StaffFlowTests(RedisServers redis) : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayHost.StartAsync(redis);

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task GuaranteeRoute_WhenGuaranteeOfficerToken_ForwardsAuthorizationUnchangedAndNoSeominHeaders()
    {
        var token = _gateway.GuaranteeOfficer();

        var response = await _gateway.SendAsync(HttpMethod.Post, "/api/guarantees/applications/search?pageSize=20", token, new { any = 1 },
            new Dictionary<string, string>
            {
                ["X-Seomin-Partner-Id"] = "SPOOFED",
                ["X-Seomin-Client-Id"] = "someone-else",
                ["X-Seomin-Employee"] = "E9999",
                ["traceparent"] = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = _gateway.Guarantee.Last("/api/guarantees/applications/search");
        Assert.Equal($"Bearer {token}", received.Headers["Authorization"]);
        Assert.DoesNotContain(received.Headers.Keys, h => h.StartsWith("X-Seomin-", StringComparison.OrdinalIgnoreCase));
        Assert.Contains("4bf92f3577b34da6a3ce929d0e0e4736", received.Headers["traceparent"], StringComparison.Ordinal);
        Assert.True(received.Headers.ContainsKey("X-Forwarded-Proto"));
        Assert.True(received.Headers.ContainsKey("X-Forwarded-Host"));
    }

    [Fact]
    public async Task CounselingRoute_WhenCounselorToken_Proxies()
    {
        var token = _gateway.Tokens.Staff("E2001", [StaffRoles.Counselor], Audiences.Gateway, Audiences.Counseling);

        var response = await _gateway.SendAsync(HttpMethod.Post, "/api/counseling/sessions", token, new { channel = "Call" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("POST", _gateway.Counseling.Last("/api/counseling/sessions").Method);
    }

    [Fact]
    public async Task GuaranteeRoute_WhenCounselorWrites_ForbiddenButReads()
    {
        var token = _gateway.Tokens.Staff("E2002", [StaffRoles.Counselor], Audiences.Gateway, Audiences.Guarantee);

        var read = await _gateway.GetAsync("/api/guarantees/applications", token);
        var write = await _gateway.SendAsync(HttpMethod.Post, "/api/guarantees/applications", token, new { });

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        var problem = await write.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("GW-AUTH-005", problem.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task GuaranteeRoute_WhenInternalSystemWithRole_Proxies()
    {
        var token = _gateway.Tokens.Internal("batch-screening", [StaffRoles.GuaranteeOfficer], Audiences.Gateway, Audiences.Guarantee);

        var response = await _gateway.GetAsync("/api/guarantees/applications", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task SubrogationRoute_WhenNoDestinationConfigured_NotRouted()
    {
        var token = _gateway.Tokens.Staff("E3001", [StaffRoles.RecourseOfficer], Audiences.Gateway, Audiences.Subrogation);

        var response = await _gateway.GetAsync("/api/subrogation/claims", token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AnyRoute_WhenNoToken_DeniedByDefault()
    {
        var api = await _gateway.GetAsync("/api/guarantees/products", null);
        var unknown = await _gateway.GetAsync("/somewhere/else", null);

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal("GW-AUTH-001", (await api.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
        Assert.Empty(_gateway.Guarantee.Received);
    }

    [Fact]
    public async Task PageSize_WhenAboveMaximum_RewrittenToMaximum()
    {
        var token = _gateway.GuaranteeOfficer();

        var response = await _gateway.GetAsync("/api/guarantees/applications?pageSize=5000&page=2", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = _gateway.Guarantee.Last("/api/guarantees/applications?");
        Assert.Contains("pageSize=100", received.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("page=2", received.PathAndQuery, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using Seomin.Access;
using Seomin.Gateway.Tests.Infrastructure;
using Seomin.Testing;

namespace Seomin.Gateway.Tests;

public sealed class AttackTests(RedisServers redis) : IAsyncLifetime
{
    private static readonly Dictionary<string, object> OfficerClaims = new()
    {
        ["sub"] = "E1001",
        ["client_id"] = "seomin-staff",
        ["client_type"] = "staff",
        ["role"] = new[] { StaffRoles.GuaranteeOfficer },
    };

    private GatewayHost _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayHost.StartAsync(redis);

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task ApiRoute_WhenTokenValid_Proxied()
    {
        var response = await _gateway.GetAsync("/api/guarantees/products", _gateway.GuaranteeOfficer());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ApiRoute_WhenTokenExpired_Unauthorized()
    {
        var token = _gateway.Tokens.Issue(OfficerClaims, [Audiences.Gateway, Audiences.Guarantee],
            lifetime: TimeSpan.FromMinutes(10), issuedAt: DateTimeOffset.UtcNow.AddHours(-2));

        await AssertRejectedAsync(token, "GW-AUTH-002");
    }

    [Fact]
    public async Task ApiRoute_WhenSignedByUnpublishedKey_Unauthorized()
    {
        var token = _gateway.Tokens.Forged(OfficerClaims, Audiences.Gateway, Audiences.Guarantee);

        await AssertRejectedAsync(token, "GW-AUTH-002");
    }

    [Fact]
    public async Task ApiRoute_WhenPayloadTampered_Unauthorized()
    {
        var valid = _gateway.Tokens.Staff("E1001", [StaffRoles.Counselor], Audiences.Gateway, Audiences.Guarantee);
        var parts = valid.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlEncoder.Decode(parts[1]))!;
        payload["role"] = JsonSerializer.SerializeToElement(new[] { StaffRoles.GuaranteeOfficer, StaffRoles.Administrator });
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload))}.{parts[2]}";

        await AssertRejectedAsync(tampered, "GW-AUTH-002", method: HttpMethod.Post);
    }

    [Fact]
    public async Task ApiRoute_WhenAlgNone_Unauthorized()
    {
        var claims = new Dictionary<string, object>(OfficerClaims) { ["iss"] = _gateway.Tokens.Issuer };
        var token = TestTokenAuthority.Unsigned(claims, Audiences.Gateway, Audiences.Guarantee);

        await AssertRejectedAsync(token, "GW-AUTH-002");
    }

    [Fact]
    public async Task ApiRoute_WhenGatewayAudienceMissing_Unauthorized()
    {
        var token = _gateway.Tokens.Staff("E1001", [StaffRoles.GuaranteeOfficer], Audiences.Guarantee);

        await AssertRejectedAsync(token, "GW-AUTH-002");
    }

    [Fact]
    public async Task ApiRoute_WhenNotAnAccessToken_Unauthorized()
    {
        var token = _gateway.Tokens.Issue(OfficerClaims, [Audiences.Gateway, Audiences.Guarantee], type: "JWT");

        await AssertRejectedAsync(token, "GW-AUTH-002");
    }

    [Fact]
    public async Task ApiRoute_WhenTokenRevoked_UnauthorizedAtOnce()
    {
        var tokenId = Guid.NewGuid().ToString("N");
        var token = _gateway.Tokens.Issue(OfficerClaims, [Audiences.Gateway, Audiences.Guarantee], tokenId: tokenId);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.GetAsync("/api/guarantees/products", token)).StatusCode);
        var before = _gateway.Guarantee.Received.Count;

        _gateway.GetService<ITokenRevocations>().RevokeToken(tokenId, DateTimeOffset.UtcNow.AddMinutes(10));
        var response = await _gateway.GetAsync("/api/guarantees/products", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("GW-AUTH-004", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
        Assert.Equal(before, _gateway.Guarantee.Received.Count);
        AssertTokenNotLogged(token);
    }

    [Fact]
    public async Task ApiRoute_WhenPersonSignedOut_EveryEarlierTokenRefused()
    {
        var token = _gateway.GuaranteeOfficer("E4242");

        _gateway.GetService<ITokenRevocations>().RevokeSubject("E4242", DateTimeOffset.UtcNow.AddSeconds(1), DateTimeOffset.UtcNow.AddMinutes(10));
        var response = await _gateway.GetAsync("/api/guarantees/products", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("GW-AUTH-004", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task ApiRoute_WhenTokenInQueryString_Unauthorized()
    {
        var token = _gateway.GuaranteeOfficer();

        var queryOnly = await _gateway.GetAsync($"/api/guarantees/products?access_token={token}", null);
        var headerAndQuery = await _gateway.GetAsync($"/api/guarantees/products?access_token={token}", token);

        Assert.Equal(HttpStatusCode.Unauthorized, queryOnly.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, headerAndQuery.StatusCode);
        Assert.Equal("GW-AUTH-003", (await headerAndQuery.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
        Assert.Empty(_gateway.Guarantee.Received);
        AssertTokenNotLogged(token);
    }

    [Fact]
    public async Task ApiRoute_WhenPartnerOrInstitutionToken_Forbidden()
    {
        var partner = _gateway.Partner();
        var institution = _gateway.Tokens.Institution("bank-081", "081", [Scopes.ContributionsFile], Audiences.Gateway, Audiences.Contributions);

        var products = await _gateway.GetAsync("/api/guarantees/products", partner);
        var counseling = await _gateway.GetAsync("/api/counseling/sessions", partner);
        var unrouted = await _gateway.GetAsync("/api/contributions/filings", institution);
        var byInstitution = await _gateway.GetAsync("/api/guarantees/products", institution);

        Assert.Equal(HttpStatusCode.Forbidden, products.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, counseling.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, unrouted.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byInstitution.StatusCode);
        Assert.Equal("GW-AUTH-005", (await products.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
        Assert.Empty(_gateway.Guarantee.Received);
        Assert.Empty(_gateway.Counseling.Received);
    }

    [Fact]
    public async Task ApiRoute_WhenPartnerTokenCarriesStaffRoleClaim_StillForbidden()
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = "partner-x", ["client_id"] = "partner-x", ["client_type"] = "partner", ["partner_code"] = "XFIN000001",
            ["role"] = new[] { StaffRoles.GuaranteeOfficer }, ["scope"] = Scopes.ProductsRead,
        };
        var token = _gateway.Tokens.Issue(claims, [Audiences.Gateway, Audiences.Guarantee]);

        var response = await _gateway.GetAsync("/api/guarantees/products", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task PartnerRoute_WhenStaffToken_Forbidden()
    {
        var token = _gateway.Tokens.Staff("E0001", [StaffRoles.Administrator, StaffRoles.GuaranteeOfficer], Audiences.Gateway, Audiences.Guarantee);

        var response = await _gateway.GetAsync("/partner/v1/products", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ApiRoute_WhenBodyOversized_PayloadTooLarge()
    {
        var body = new StringContent(new string('x', 2 * 1024 * 1024), Encoding.UTF8, "application/json");

        var response = await _gateway.SendAsync(HttpMethod.Post, "/api/guarantees/applications", _gateway.GuaranteeOfficer(), body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("GW-REQ-001", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
        Assert.Empty(_gateway.Guarantee.Received);
    }

    [Fact]
    public async Task PartnerRoute_WhenBodyOversized_PayloadTooLargeWithTransactionId()
    {
        var body = new StringContent($$"""{"productCode":"{{new string('x', 100_000)}}"}""", Encoding.UTF8, "application/json");

        var response = await _gateway.SendAsync(HttpMethod.Post, "/partner/v1/guarantee-applications", _gateway.Partner(), body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(25, response.Headers.GetValues("x-api-tran-id").Single().Length);
    }

    [Fact]
    public async Task TokenServiceRoute_WhenBodyOversized_PayloadTooLarge()
    {
        var body = new StringContent(new string('x', 200_000), Encoding.UTF8, "application/x-www-form-urlencoded");

        var response = await _gateway.SendAsync(HttpMethod.Post, "/connect/token", null, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(_gateway.Identity.Received);
    }

    private async Task AssertRejectedAsync(string token, string errorCode, HttpMethod? method = null)
    {
        var response = await _gateway.SendAsync(method ?? HttpMethod.Get, "/api/guarantees/products", token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(errorCode, problem.GetProperty("errorCode").GetString());
        Assert.Empty(_gateway.Guarantee.Received);
        AssertTokenNotLogged(token);
    }

    private void AssertTokenNotLogged(string token)
    {
        Assert.NotEmpty(_gateway.Logs.Lines);
        // Neither the whole token nor its signature or payload part appears in any log line, state value or exception.
        foreach (var part in token.Split('.').Where(p => p.Length > 10).Append(token))
        {
            Assert.False(_gateway.Logs.Contains(part), "A log line contains the token.");
        }
    }
}

public sealed class RevocationPollingTests(RedisServers redis) : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayHost.StartAsync(redis, new Dictionary<string, string?>
    {
        ["Gateway:RevocationPollInterval"] = "00:00:00.200",
    });

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task ApiRoute_WhenTokenServiceListsAClientRevoked_GatewayRefusesWithinAPollInterval()
    {
        var token = _gateway.Tokens.Internal("leaving-system", [StaffRoles.GuaranteeOfficer], Audiences.Gateway, Audiences.Guarantee);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.GetAsync("/api/guarantees/products", token)).StatusCode);

        _gateway.Tokens.AddActiveRevocation(null, null, "leaving-system", DateTimeOffset.UtcNow.AddSeconds(1), DateTimeOffset.UtcNow.AddMinutes(10));

        await Probe.UntilAsync(
            async () => (await _gateway.GetAsync("/api/guarantees/products", token)).StatusCode == HttpStatusCode.Unauthorized,
            "the gateway to refuse the revoked client's token after polling the token service");
        var response = await _gateway.GetAsync("/api/guarantees/products", token);
        Assert.Equal("GW-AUTH-004", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
        Assert.True(_gateway.Tokens.RevocationListRequests >= 2, $"read {_gateway.Tokens.RevocationListRequests} times");
    }
}

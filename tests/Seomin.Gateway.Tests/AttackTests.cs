using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Seomin.Gateway.Tests.Infrastructure;
using Seomin.Gateway.Tokens;
using Seomin.Testing;

namespace Seomin.Gateway.Tests;

public sealed class AttackTests(PlatformServers servers) : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayHost.StartAsync(servers);

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task ApiRoute_WhenTokenExpired_Unauthorized()
    {
        var key = _gateway.GetService<SigningKeyStore>().Current;
        var token = Sign(key.PrivateSecurityKey, issuedAt: DateTime.UtcNow.AddHours(-2), lifetime: TimeSpan.FromMinutes(10));

        await AssertRejectedAsync(token, "GW-AUTH-002");
    }

    [Fact]
    public async Task ApiRoute_WhenSignedByUnknownKeyWithTheRightKid_Unauthorized()
    {
        var realKid = _gateway.GetService<SigningKeyStore>().Current.KeyId;
        var forged = new ECDsaSecurityKey(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = realKid };
        var token = Sign(forged, DateTime.UtcNow, TimeSpan.FromMinutes(10));

        await AssertRejectedAsync(token, "GW-AUTH-002");
    }

    [Fact]
    public async Task ApiRoute_WhenSignatureTampered_Unauthorized()
    {
        var valid = await _gateway.GetTokenAsync("dev-guarantee-officer");
        var parts = valid.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlEncoder.Decode(parts[1]))!;
        payload["role"] = JsonSerializer.SerializeToElement(new[] { "administrator" });
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(payload))}.{parts[2]}";

        await AssertRejectedAsync(tampered, "GW-AUTH-002");
    }

    [Fact]
    public async Task ApiRoute_WhenAlgNone_Unauthorized()
    {
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"at+jwt"}""");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var payload = Base64UrlEncoder.Encode(JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["iss"] = "seomin-gateway",
            ["aud"] = "seomin-api",
            ["sub"] = "dev-admin",
            ["client_id"] = "dev-admin",
            ["client_type"] = "internal",
            ["role"] = new[] { "administrator", "guarantee-officer" },
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 600,
        }));

        await AssertRejectedAsync($"{header}.{payload}.", "GW-AUTH-002");
    }

    [Fact]
    public async Task ApiRoute_WhenWrongAudience_Unauthorized()
    {
        var key = _gateway.GetService<SigningKeyStore>().Current;
        var token = Sign(key.PrivateSecurityKey, DateTime.UtcNow, TimeSpan.FromMinutes(10), audience: "another-api");

        await AssertRejectedAsync(token, "GW-AUTH-002");
    }

    [Fact]
    public async Task ApiRoute_WhenTokenInQueryString_Unauthorized()
    {
        var token = await _gateway.GetTokenAsync("dev-guarantee-officer");

        var queryOnly = await _gateway.GetAsync($"/api/guarantees/products?access_token={token}", null);
        var headerAndQuery = await _gateway.GetAsync($"/api/guarantees/products?access_token={token}", token);

        Assert.Equal(HttpStatusCode.Unauthorized, queryOnly.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, headerAndQuery.StatusCode);
        Assert.Equal("GW-AUTH-003", (await headerAndQuery.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
        Assert.Empty(_gateway.Guarantee.Received);
        AssertTokenNotLogged(token);
    }

    [Fact]
    public async Task ApiRoute_WhenClientRevoked_UnauthorizedAtOnce()
    {
        await _gateway.CreateClientAsync(new
        {
            clientId = "to-be-revoked",
            displayName = "Leaving system",
            clientType = "Internal",
            roles = new[] { "guarantee-officer" },
            perSecondLimit = 50,
            perDayLimit = 1000,
        });
        var admin = await _gateway.GetTokenAsync("dev-admin");
        var secret = await RotateSecretAsync(admin, "to-be-revoked");
        var token = await _gateway.GetTokenAsync("to-be-revoked", secret);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.GetAsync("/api/guarantees/products", token)).StatusCode);

        var revoke = await _gateway.SendAsync(HttpMethod.Post, "/admin/clients/to-be-revoked/revoke", admin);
        var afterRevoke = await _gateway.GetAsync("/api/guarantees/products", token);
        var newToken = await _gateway.RequestTokenAsync("to-be-revoked", secret);

        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Equal("GW-AUTH-004", (await afterRevoke.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, newToken.StatusCode);
        AssertTokenNotLogged(token);
    }

    [Fact]
    public async Task ApiRoute_WhenPartnerToken_Forbidden()
    {
        var token = await _gateway.GetTokenAsync("dev-partner-alpha");

        var response = await _gateway.GetAsync("/api/guarantees/products", token);
        var counseling = await _gateway.GetAsync("/api/counseling/sessions", token);
        var admin = await _gateway.GetAsync("/admin/clients", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, counseling.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, admin.StatusCode);
        Assert.Empty(_gateway.Guarantee.Received);
        Assert.Empty(_gateway.Counseling.Received);
    }

    [Fact]
    public async Task PartnerRoute_WhenStaffToken_Forbidden()
    {
        var token = await _gateway.GetTokenAsync("dev-admin");

        var response = await _gateway.GetAsync("/partner/v1/products", token);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task ApiRoute_WhenBodyOversized_PayloadTooLarge()
    {
        var token = await _gateway.GetTokenAsync("dev-guarantee-officer");
        var body = new StringContent(new string('x', 2 * 1024 * 1024), Encoding.UTF8, "application/json");

        var response = await _gateway.SendAsync(HttpMethod.Post, "/api/guarantees/applications", token, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("GW-REQ-001", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errorCode").GetString());
        Assert.Empty(_gateway.Guarantee.Received);
    }

    [Fact]
    public async Task PartnerRoute_WhenBodyOversized_PayloadTooLargeWithTransactionId()
    {
        var token = await _gateway.GetTokenAsync("dev-partner-alpha");
        var body = new StringContent($$"""{"productCode":"{{new string('x', 100_000)}}"}""", Encoding.UTF8, "application/json");

        var response = await _gateway.SendAsync(HttpMethod.Post, "/partner/v1/guarantee-applications", token, body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(25, response.Headers.GetValues("x-api-tran-id").Single().Length);
    }

    private async Task AssertRejectedAsync(string token, string errorCode)
    {
        var response = await _gateway.GetAsync("/api/guarantees/products", token);

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

    private async Task<string> RotateSecretAsync(string adminToken, string clientId)
    {
        var response = await _gateway.SendAsync(HttpMethod.Post, $"/admin/clients/{clientId}/secret", adminToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientSecret").GetString()!;
    }

    private static string Sign(SecurityKey key, DateTime issuedAt, TimeSpan lifetime, string audience = "seomin-api") =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "seomin-gateway",
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt.Add(lifetime),
            TokenType = "at+jwt",
            Claims = new Dictionary<string, object>
            {
                ["sub"] = "dev-guarantee-officer",
                ["client_id"] = "dev-guarantee-officer",
                ["client_type"] = "internal",
                ["role"] = new List<string> { "guarantee-officer" },
            },
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Seomin.Gateway.Tests.Infrastructure;
using Seomin.Testing;

namespace Seomin.Gateway.Tests;

public sealed class TokenServiceTests(PlatformServers servers) : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayHost.StartAsync(servers);

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task Token_WhenPartnerCredentials_IssuesShortLivedEs256TokenWithScopes()
    {
        var response = await _gateway.RequestTokenAsync("dev-partner-beta", GatewayHost.SecretOf("dev-partner-beta"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(600, body.GetProperty("expires_in").GetInt32());
        var jwt = new JsonWebToken(body.GetProperty("access_token").GetString());
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.False(string.IsNullOrEmpty(jwt.Kid));
        Assert.Equal("products:read guarantees:apply", jwt.GetClaim("scope").Value);
        Assert.Equal("BETAFIN002", jwt.GetClaim("partner_id").Value);
        Assert.Equal("seomin-api", jwt.Audiences.Single());
    }

    [Fact]
    public async Task Token_WhenBasicAuthentication_Issues()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/connect/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"dev-auditor:{GatewayHost.SecretOf("dev-auditor")}")));

        var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var jwt = new JsonWebToken((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());
        Assert.Equal("auditor", jwt.GetClaim("role").Value);
    }

    [Fact]
    public async Task Token_WhenWrongSecret_InvalidClientAndSecretNotLogged()
    {
        var response = await _gateway.RequestTokenAsync("dev-partner-alpha", "not-the-secret-3f9a");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.False(_gateway.Logs.Contains("not-the-secret-3f9a"));
    }

    [Fact]
    public async Task Token_WhenScopeNotGranted_InvalidScope()
    {
        var response = await _gateway.RequestTokenAsync("dev-partner-beta", GatewayHost.SecretOf("dev-partner-beta"), "dormant-assets:claim");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_scope", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Token_WhenOtherGrantType_Unsupported()
    {
        var response = await _gateway.Client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "password",
            ["username"] = "x",
            ["password"] = "y",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("unsupported_grant_type", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task SigningKeyRotation_WhenRotated_OldTokensStayValidAndJwksPublishesBoth()
    {
        var before = await _gateway.GetTokenAsync("dev-guarantee-officer");
        var admin = await _gateway.GetTokenAsync("dev-admin");

        var rotated = await _gateway.SendAsync(HttpMethod.Post, "/admin/signing-keys/rotate", admin);
        var after = await _gateway.GetTokenAsync("dev-guarantee-officer");
        var jwks = await _gateway.Client.GetFromJsonAsync<JsonElement>("/.well-known/jwks.json");

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var kids = jwks.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()).ToList();
        Assert.Equal(2, kids.Count);
        Assert.Contains(new JsonWebToken(before).Kid, kids);
        Assert.Contains(new JsonWebToken(after).Kid, kids);
        Assert.NotEqual(new JsonWebToken(before).Kid, new JsonWebToken(after).Kid);
        Assert.All(jwks.GetProperty("keys").EnumerateArray(), k => Assert.False(k.TryGetProperty("d", out _)));
        Assert.Equal(HttpStatusCode.OK, (await _gateway.GetAsync("/api/guarantees/products", before)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.GetAsync("/api/guarantees/products", after)).StatusCode);
    }

    [Fact]
    public async Task ClientSecret_WhenStored_IsPbkdf2HashNotPlaintext()
    {
        var store = _gateway.GetService<Seomin.Gateway.Clients.ClientStore>();

        var found = await store.FindWithSecretAsync("dev-partner-alpha", CancellationToken.None);

        Assert.NotNull(found);
        Assert.StartsWith("pbkdf2-sha256$", found.Value.SecretHash, StringComparison.Ordinal);
        Assert.DoesNotContain(GatewayHost.SecretOf("dev-partner-alpha"), found.Value.SecretHash, StringComparison.Ordinal);
    }
}

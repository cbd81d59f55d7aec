using System.Net;
using System.Text.Json;
using Seomin.Access;
using Seomin.Testing;

namespace Seomin.Identity.Tests;

/// <summary>The cases only ask for tokens and read documents: they share one token service (<see cref="SharedPerClass{T}"/>).</summary>
public sealed class ClientCredentialsTests(PlatformServers servers, SharedPerClass<IdentityApp> shared) : IAsyncLifetime, IClassFixture<SharedPerClass<IdentityApp>>
{
    private IdentityApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await shared.GetAsync(() => IdentityApp.StartAsync(servers, "identity_cc"));

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Token_WhenInternalClientAsksWithoutScope_CarriesTheContractClaimsAndEveryApiAudience()
    {
        var response = await _app.TokenAsync("dev-guarantee-officer");

        var jwt = Jwt.Read(response.AccessToken);
        Assert.Equal("at+jwt", jwt.Typ);
        Assert.Equal("ES256", jwt.Alg);
        Assert.Equal(IdentityApp.Issuer, jwt.Issuer);
        Assert.Equal(Audiences.Services.Append("gateway").Order(), jwt.Audiences.Order());
        Assert.Equal("dev-guarantee-officer", jwt.Subject);
        Assert.Equal("dev-guarantee-officer", jwt.GetClaim("client_id").Value);
        Assert.Equal("internal", jwt.GetClaim("client_type").Value);
        Assert.Equal(["guarantee-officer"], jwt.All("role"));
        Assert.Equal(Audiences.Services.Order(), jwt.GetClaim("scope").Value.Split(' ').Order());
        Assert.Equal("50", jwt.GetClaim("quota_per_second").Value);
        Assert.Equal("500000", jwt.GetClaim("quota_per_day").Value);
        Assert.False(string.IsNullOrEmpty(jwt.Id));
        Assert.Equal(TimeSpan.FromMinutes(10), jwt.ValidTo - jwt.IssuedAt);
        // expires_in is counted from when the response is written: a busy machine may show 599.
        Assert.InRange(response.ExpiresIn, 590, 600);
        Assert.False(jwt.TryGetClaim("partner_code", out _));
        var validation = await _app.ValidateAsync(response.AccessToken, "guarantee");
        Assert.True(validation.IsValid, validation.Exception?.Message);
    }

    [Fact]
    public async Task Token_WhenPartnerAsksForOneScope_IsForThatScopesServiceOnly()
    {
        var response = await _app.TokenAsync("dev-partner-alpha", "dormant-assets:lookup");

        var jwt = Jwt.Read(response.AccessToken);
        Assert.Equal(["dormant-assets", "gateway"], jwt.Audiences.Order());
        Assert.Equal("partner", jwt.GetClaim("client_type").Value);
        Assert.Equal("ALPHAFIN01", jwt.GetClaim("partner_code").Value);
        Assert.Equal("dormant-assets:lookup", jwt.GetClaim("scope").Value);
        Assert.Empty(jwt.All("role"));
        Assert.Equal("10", jwt.GetClaim("quota_per_second").Value);
        Assert.Equal("10000", jwt.GetClaim("quota_per_day").Value);
        Assert.False((await _app.ValidateAsync(response.AccessToken, "guarantee")).IsValid);
    }

    [Fact]
    public async Task Token_WhenInstitution_CarriesItsInstitutionCodeAndEveryInstitutionAudience()
    {
        var response = await _app.TokenAsync("dev-institution-088");

        var jwt = Jwt.Read(response.AccessToken);
        Assert.Equal("institution", jwt.GetClaim("client_type").Value);
        Assert.Equal("088", jwt.GetClaim("institution_code").Value);
        Assert.Equal(["contributions", "dormant-assets", "gateway", "subrogation"], jwt.Audiences.Order());
        Assert.Equal(["contributions:file", "dormant-assets:transfer", "subrogation:claim"], jwt.GetClaim("scope").Value.Split(' ').Order());
    }

    [Fact]
    public async Task Token_WhenAScopeIsNotPermitted_IsRefusedWithInvalidScope()
    {
        var response = await _app.ClientCredentialsAsync("dev-partner-beta", scope: "dormant-assets:claim");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_scope", await ErrorOf(response));
    }

    [Fact]
    public async Task Token_WhenAPartnerAsksForAStaffApiScope_IsRefused()
    {
        var response = await _app.ClientCredentialsAsync("dev-partner-alpha", scope: "guarantee");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_scope", await ErrorOf(response));
    }

    [Fact]
    public async Task Token_WhenTheSecretIsWrong_IsRefusedWithInvalidClient()
    {
        var response = await _app.ClientCredentialsAsync("dev-guarantee-officer", secret: "not-the-secret");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", await ErrorOf(response));
    }

    [Fact]
    public async Task Discovery_NamesTheFixedIssuerAndTheEndpointsOnTheCallersAddress()
    {
        using var document = JsonDocument.Parse(await _app.CreateClient().GetStringAsync("/.well-known/openid-configuration"));

        var root = document.RootElement;
        Assert.Equal(IdentityApp.Issuer, root.GetProperty("issuer").GetString());
        // The endpoints are named on the address the caller used (the gateway, or the service directly); the issuer is fixed.
        Assert.Equal("http://localhost/.well-known/jwks", root.GetProperty("jwks_uri").GetString());
        Assert.Equal("http://localhost/connect/token", root.GetProperty("token_endpoint").GetString());
        Assert.Equal(["S256"], root.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Keys_WhenASecondReplicaStarts_ItPublishesAndSignsWithTheSameKey()
    {
        await using var replica = await _app.StartReplicaAsync();

        var fromReplica = await replica.TokenAsync("dev-counselor");

        var validation = await _app.ValidateAsync(fromReplica.AccessToken);
        Assert.True(validation.IsValid, validation.Exception?.Message);
        Assert.Equal(
            await _app.CreateClient().GetStringAsync("/.well-known/jwks"),
            await replica.CreateClient().GetStringAsync("/.well-known/jwks"));
    }

    private static async Task<string?> ErrorOf(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("error").GetString();
    }
}

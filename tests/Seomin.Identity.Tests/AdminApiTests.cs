using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Seomin.Contracts.Identity;
using Seomin.Identity.Api.Features.Clients;
using Seomin.Identity.Api.Features.People;
using Seomin.Testing;

namespace Seomin.Identity.Tests;

public sealed class AdminApiTests(PlatformServers servers) : IAsyncLifetime
{
    private IdentityApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await IdentityApp.StartAsync(servers, "identity_admin");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Admin_WithoutATokenOrWithoutTheAdministratorRole_IsRefusedWithProblemDetails()
    {
        var anonymous = await _app.CreateClient().GetAsync("/admin/clients");
        var auditor = await (await AsClientAsync("dev-auditor")).GetAsync("/admin/clients");
        var officer = await (await AsPersonAsync("S1001")).GetAsync("/admin/clients");

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal("unauthorized", await ErrorCodeOf(anonymous));
        Assert.Equal(HttpStatusCode.Forbidden, auditor.StatusCode);
        Assert.Equal("forbidden", await ErrorCodeOf(auditor));
        Assert.Equal(HttpStatusCode.Forbidden, officer.StatusCode);
    }

    [Fact]
    public async Task Admin_WhenAnAdministratorSignedInWithTheSecondFactor_ListsClientsPaged()
    {
        var admin = await AsPersonAsync("S1007", DevelopmentUsers.AdministratorAuthenticatorKey);

        using var page = JsonDocument.Parse(await admin.GetStringAsync("/admin/clients?page=2&pageSize=5"));
        var bad = await admin.GetAsync("/admin/clients?pageSize=1000");

        Assert.Equal(2, page.RootElement.GetProperty("page").GetInt32());
        Assert.Equal(5, page.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal(DevelopmentClients.All.Count, page.RootElement.GetProperty("totalCount").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("validation_failed", await ErrorCodeOf(bad));
    }

    [Fact]
    public async Task CreateClient_ReturnsTheSecretOnce_AndTheClientGetsItsTokens()
    {
        var admin = await AsClientAsync("dev-admin");

        var created = await admin.PostAsJsonAsync("/admin/clients", new
        {
            clientId = "kb-dormant-upload",
            displayName = "KB 휴면자산 이전",
            clientType = "institution",
            scopes = new[] { "dormant-assets:transfer" },
            institutionCode = "004",
            quotaPerSecond = 5,
            quotaPerDay = 5000,
        });
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var secret = body.RootElement.GetProperty("clientSecret").GetString()!;
        var token = await _app.ClientCredentialsAsync("kb-dormant-upload", secret);
        var shown = await admin.GetStringAsync("/admin/clients/kb-dormant-upload");

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(token.IsSuccessStatusCode);
        Assert.DoesNotContain(secret, shown, StringComparison.Ordinal);
        Assert.Contains("\"institutionCode\":\"004\"", shown, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/admin/clients", new
        {
            clientId = "kb-dormant-upload", displayName = "again", clientType = "institution",
            scopes = new[] { "dormant-assets:transfer" }, institutionCode = "004", quotaPerSecond = 5, quotaPerDay = 5000,
        })).StatusCode);
    }

    [Fact]
    public async Task CreateClient_WhenTheRegistrationBreaksTheRules_NamesEveryField()
    {
        var admin = await AsClientAsync("dev-admin");

        var response = await admin.PostAsJsonAsync("/admin/clients", new
        {
            clientId = "bad id!",
            clientType = "partner",
            scopes = new[] { "guarantee" },
            roles = new[] { "administrator" },
            quotaPerSecond = 0,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("validation_failed", body.RootElement.GetProperty("errorCode").GetString());
        var fields = body.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToList();
        Assert.Equal(["clientId", "displayName", "partnerCode", "quotaPerDay", "quotaPerSecond", "roles", "scopes"], fields);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/admin/clients/bad%20id!")).StatusCode);
    }

    [Fact]
    public async Task RotateSecret_OldSecretAndOldTokensStop_AndServicesAreTold()
    {
        var admin = await AsClientAsync("dev-admin");
        var before = await _app.TokenAsync("dev-partner-beta");
        Assert.True(await IntrospectActiveAsync("dev-partner-beta", "dev-partner-beta-secret", before.AccessToken));

        var rotated = await admin.PostAsync("/admin/clients/dev-partner-beta/secret", null);
        using var body = JsonDocument.Parse(await rotated.Content.ReadAsStringAsync());
        var secret = body.RootElement.GetProperty("clientSecret").GetString()!;

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.ClientCredentialsAsync("dev-partner-beta")).StatusCode);
        Assert.True((await _app.ClientCredentialsAsync("dev-partner-beta", secret)).IsSuccessStatusCode);
        Assert.False(await IntrospectActiveAsync("dev-partner-beta", secret, before.AccessToken));
        await Probe.UntilAsync(
            () => Task.FromResult(_app.ObservedOf<AccessRevoked>().Any(r => r.ClientId == "dev-partner-beta" && r.Reason == "secret-rotated")),
            "AccessRevoked for dev-partner-beta on the bus");
    }

    [Fact]
    public async Task RevokeClient_ItGetsNoTokenAndItsTokenStopsWorkingAtOnce()
    {
        var admin = await AsClientAsync("dev-admin");
        var created = await admin.PostAsJsonAsync("/admin/clients", new
        {
            clientId = "ops-console", displayName = "Operations console", clientType = "internal",
            scopes = new[] { "guarantee" }, roles = new[] { "administrator" }, quotaPerSecond = 10, quotaPerDay = 1000,
        });
        using var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var secret = body.RootElement.GetProperty("clientSecret").GetString()!;
        var ops = await _app.ClientCredentialsAsync("ops-console", secret);
        var opsClient = Bearer(JsonSerializer.Deserialize<TokenResponse>(await ops.Content.ReadAsStringAsync())!.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await opsClient.GetAsync("/admin/clients")).StatusCode);

        var revoked = await admin.PostAsync("/admin/clients/ops-console/revoke", null);

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Contains("\"status\":\"revoked\"", await revoked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await opsClient.GetAsync("/admin/clients")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.ClientCredentialsAsync("ops-console", secret)).StatusCode);
        await Probe.UntilAsync(
            () => Task.FromResult(_app.ObservedOf<AccessRevoked>().Any(r => r.ClientId == "ops-console" && r.Reason == "client-revoked")),
            "AccessRevoked for ops-console on the bus");
        Assert.Contains("\"clientId\":\"ops-console\"", await _app.CreateClient().GetStringAsync("/revocations/active"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangeQuotas_NextTokenCarriesThem_AndABadChangeIsRefused()
    {
        var admin = await AsClientAsync("dev-admin");

        var changed = await admin.PatchAsJsonAsync("/admin/clients/dev-partner-alpha/quotas", new { quotaPerSecond = 3, quotaPerDay = 300 });
        var bad = await admin.PatchAsJsonAsync("/admin/clients/dev-partner-alpha/quotas", new { quotaPerSecond = 500, quotaPerDay = 100 });
        var token = Jwt.Read((await _app.TokenAsync("dev-partner-alpha")).AccessToken);

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("3", token.GetClaim("quota_per_second").Value);
        Assert.Equal("300", token.GetClaim("quota_per_day").Value);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PatchAsJsonAsync("/admin/clients/nobody/quotas", new { quotaPerSecond = 3 })).StatusCode);
    }

    [Fact]
    public async Task RevokeAccessToken_PublishesItsTokenIdAndListsIt()
    {
        var token = await _app.TokenAsync("dev-counselor");
        var jti = Jwt.Read(token.AccessToken).Id;

        var revoke = await _app.CreateClient().PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "dev-counselor",
            ["client_secret"] = "dev-counselor-secret",
            ["token"] = token.AccessToken,
            ["token_type_hint"] = "access_token",
        }));

        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.False(await IntrospectActiveAsync("dev-counselor", "dev-counselor-secret", token.AccessToken));
        await Probe.UntilAsync(
            () => Task.FromResult(_app.ObservedOf<AccessRevoked>().Any(r => r.TokenId == jti)),
            "AccessRevoked with the token's jti on the bus");
        Assert.Contains($"\"tokenId\":\"{jti}\"", await _app.CreateClient().GetStringAsync("/revocations/active"), StringComparison.Ordinal);
    }

    private async Task<bool> IntrospectActiveAsync(string clientId, string secret, string token)
    {
        var response = await _app.CreateClient().PostAsync("/connect/introspect", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["token"] = token,
        }));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var body = JsonDocument.Parse(text);
        return body.RootElement.GetProperty("active").GetBoolean();
    }

    private async Task<HttpClient> AsClientAsync(string clientId) => Bearer((await _app.TokenAsync(clientId)).AccessToken);

    private async Task<HttpClient> AsPersonAsync(string employeeNumber, string? authenticatorKey = null) =>
        Bearer((await new StaffFlow(_app).SignInForTokensAsync(employeeNumber, DevelopmentUsers.Password, authenticatorKey)).AccessToken);

    private HttpClient Bearer(string token)
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<string?> ErrorCodeOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(text);
        return body.RootElement.GetProperty("errorCode").GetString();
    }
}

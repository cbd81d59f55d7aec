using System.Net;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Seomin.Testing;

namespace Seomin.AppHost.Tests.EndToEnd;

/// <summary>
/// Identity on the real platform (issue 13): people sign in through the token service's Korean page and the audit
/// names them; every service refuses a call without a valid token for its own audience, whatever reaches it;
/// revocation and key rotation take effect at the services; with the token service stopped, issued tokens still
/// work and new ones are refused with 503 at the gateway.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class IdentityEndToEndTests(PlatformFixture platform)
{
    /// <summary>Notices cross the outbox and the broker; a service's key cache refreshes on an unknown key id.</summary>
    private static readonly TimeSpan TakesEffect = TimeSpan.FromSeconds(60);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Uri Gateway => platform.App.GetEndpoint(ResourceNames.Gateway);

    private Uri Service(string resource) => platform.App.GetEndpoint(resource);

    [Fact]
    public async Task StaffSignIn_ThroughTheKoreanPage_CallsAStaffApiAndTheAuditRecordNamesTheEmployee()
    {
        var tokens = await StaffSignIn.SignInAsync(Gateway, "S1001", "openid profile guarantee", "identity-sign-in-ko");
        var claims = Jwt.Payload(tokens.AccessToken);
        Assert.Equal("S1001", claims.GetProperty("sub").GetString());
        Assert.Equal("staff", claims.GetProperty("client_type").GetString());
        Assert.Equal("at+jwt", Jwt.Header(tokens.AccessToken).GetProperty("typ").GetString());

        using var officer = GatewayClient.ForToken(Gateway, tokens.AccessToken);
        var submitted = await officer.PostAsync("/api/guarantees/applications", Applications.WorkerSunshine(SyntheticRrn.Adult()), $"sign-in-{Guid.NewGuid():N}");
        Assert.True(submitted.StatusCode == HttpStatusCode.Created, $"submission with the signed-in officer's token: {submitted}");
        Assert.Equal("approved", submitted.Json.GetProperty("status").GetString());
        var guaranteeId = submitted.Json.GetProperty("guaranteeId").GetString();

        using var auditor = await GatewayClient.ForClientAsync(Gateway, "dev-auditor");
        var trail = await auditor.GetAsync($"/api/guarantees/{guaranteeId}/audit-trail");
        Assert.True(trail.StatusCode == HttpStatusCode.OK, $"audit trail: {trail}");
        // The actor is the employee (sub), not the shared client that carried the call.
        Assert.Contains("S1001", trail.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ResourceNames.Guarantee, "/api/guarantees/applications?page=1&pageSize=1", "counseling")]
    [InlineData(ResourceNames.Counseling, "/api/counseling/sessions?page=1&pageSize=1", "guarantee")]
    public async Task DirectCall_WithoutAValidTokenForTheService_Is401WhateverItCarries(string resource, string path, string otherAudience)
    {
        var own = await GatewayClient.ClientTokenAsync(Gateway, "dev-guarantee-officer", resource);
        var others = await GatewayClient.ClientTokenAsync(Gateway, "dev-guarantee-officer", otherAudience);
        Assert.DoesNotContain(resource, Audiences(others));

        // The token for this service's audience works directly (the control), everything else is 401.
        await AssertDirectAsync(resource, path, own, HttpStatusCode.OK);
        await AssertDirectAsync(resource, path, null, HttpStatusCode.Unauthorized);
        await AssertDirectAsync(resource, path, others, HttpStatusCode.Unauthorized);
        await AssertDirectAsync(resource, path, Jwt.SignedWithOwnKey(own), HttpStatusCode.Unauthorized);
        await AssertDirectAsync(resource, path, Jwt.Tampered(own, "sub", "S1007"), HttpStatusCode.Unauthorized);
        await AssertDirectAsync(resource, path, Jwt.Unsigned(own), HttpStatusCode.Unauthorized);

        // The trusted headers of old carry no weight.
        using var headers = new HttpClient { BaseAddress = Service(resource) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Seomin-Client-Id", "dev-guarantee-officer");
        request.Headers.Add("X-Seomin-Roles", "guarantee-officer counselor administrator");
        using var response = await headers.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Revocation_OfAnAccessToken_TakesEffectAtTheServicesDirectlyAndThroughTheGateway()
    {
        const string path = "/api/guarantees/applications?page=1&pageSize=1";
        var token = await GatewayClient.ClientTokenAsync(Gateway, "dev-guarantee-officer");
        await AssertDirectAsync(ResourceNames.Guarantee, path, token, HttpStatusCode.OK);

        var (status, body) = await GatewayClient.PostFormAsync(Gateway, "/connect/revoke", new Dictionary<string, string>
        {
            ["token"] = token,
            ["token_type_hint"] = "access_token",
            ["client_id"] = "dev-guarantee-officer",
            ["client_secret"] = "dev-guarantee-officer-secret",
        });
        Assert.True(status == HttpStatusCode.OK, $"revocation: {(int)status} {body}");

        await Probe.UntilAsync(async () => await DirectStatusAsync(ResourceNames.Guarantee, path, token) == HttpStatusCode.Unauthorized,
            "the revoked token to be refused by the guarantee service", TakesEffect);
        using var viaGateway = GatewayClient.ForToken(Gateway, token);
        Assert.Equal(HttpStatusCode.Unauthorized, (await viaGateway.GetAsync(path)).StatusCode);

        // Only that token: a fresh one for the same client still works.
        var fresh = await GatewayClient.ClientTokenAsync(Gateway, "dev-guarantee-officer");
        await AssertDirectAsync(ResourceNames.Guarantee, path, fresh, HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignOut_OfAStaffMember_RevokesTheirTokensAtTheServices()
    {
        const string path = "/api/counseling/sessions?page=1&pageSize=1";
        var tokens = await StaffSignIn.SignInAsync(Gateway, "S1005", "openid profile counseling", "identity-sign-in-counselor");
        await AssertDirectAsync(ResourceNames.Counseling, path, tokens.AccessToken, HttpStatusCode.OK);

        // A CLI's sign-out: no cookie, the id_token names the person; every token of theirs is announced revoked.
        Assert.NotNull(tokens.IdToken);
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Gateway };
        using var signOut = await http.GetAsync($"/connect/endsession?id_token_hint={Uri.EscapeDataString(tokens.IdToken!)}", Ct);
        Assert.True(signOut.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther,
            $"sign-out: {(int)signOut.StatusCode}");

        await Probe.UntilAsync(async () => await DirectStatusAsync(ResourceNames.Counseling, path, tokens.AccessToken) == HttpStatusCode.Unauthorized,
            "the signed-out counselor's token to be refused by the counseling service", TakesEffect);
        if (tokens.RefreshToken is not null)
        {
            var (status, _) = await GatewayClient.PostFormAsync(Gateway, "/connect/token", new Dictionary<string, string>
            {
                ["grant_type"] = "refresh_token",
                ["client_id"] = StaffSignIn.ClientId,
                ["refresh_token"] = tokens.RefreshToken,
            });
            Assert.Equal(HttpStatusCode.BadRequest, status);
        }
    }

    [Fact]
    public async Task KeyRotation_NewKeySignsAndWorks_WithdrawnKeyIsRefusedAtTheServices()
    {
        const string path = "/api/guarantees/applications?page=1&pageSize=1";
        var before = await GatewayClient.ClientTokenAsync(Gateway, "dev-guarantee-officer");
        var oldKey = Jwt.Header(before).GetProperty("kid").GetString();
        await AssertDirectAsync(ResourceNames.Guarantee, path, before, HttpStatusCode.OK);

        using var admin = await GatewayClient.ForClientAsync(Gateway, "dev-admin");
        var rotated = await admin.PostAsync("/admin/signing-keys/rotate", new { });
        Assert.True(rotated.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"rotation: {rotated}");

        // The next token is signed with the new key, and the service accepts it at once (unknown kid: keys re-read).
        var after = await Probe.UntilAsync(
            () => GatewayClient.ClientTokenAsync(Gateway, "dev-guarantee-officer"),
            t => Jwt.Header(t).GetProperty("kid").GetString() != oldKey,
            "a token signed with the new key",
            TakesEffect);
        await AssertDirectAsync(ResourceNames.Guarantee, path, after, HttpStatusCode.OK);
        // Until it is withdrawn, the old key still verifies the tokens it signed.
        await AssertDirectAsync(ResourceNames.Guarantee, path, before, HttpStatusCode.OK);

        var withdrawn = await admin.PostAsync($"/admin/signing-keys/{Uri.EscapeDataString(oldKey!)}/withdraw", new { });
        Assert.True(withdrawn.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent, $"withdrawal: {withdrawn}");
        await Probe.UntilAsync(async () => await DirectStatusAsync(ResourceNames.Guarantee, path, before) == HttpStatusCode.Unauthorized,
            "a token signed with the withdrawn key to be refused by the guarantee service", TakesEffect);
        await AssertDirectAsync(ResourceNames.Guarantee, path, after, HttpStatusCode.OK);
    }

    [Fact]
    public async Task TokenServiceStopped_IssuedTokensStillWork_NewTokensAre503AtTheGateway()
    {
        const string path = "/api/guarantees/applications?page=1&pageSize=1";
        var issued = await GatewayClient.ClientTokenAsync(Gateway, "dev-guarantee-officer");
        // The service and every gateway replica have read the keys (each call a new connection, which the proxy in
        // front of the replicas spreads over them), as they would have in any running platform.
        await AssertDirectAsync(ResourceNames.Guarantee, path, issued, HttpStatusCode.OK);
        for (var i = 0; i < 8; i++)
        {
            using var warm = GatewayClient.ForToken(Gateway, issued);
            Assert.Equal(HttpStatusCode.OK, (await warm.GetAsync(path)).StatusCode);
        }

        try
        {
            var stop = await platform.App.ResourceCommands.ExecuteCommandAsync(platform.App.ResourceId(ResourceNames.Identity), KnownResourceCommands.StopCommand, Ct);
            Assert.True(stop.Success, stop.Message);
            await platform.App.ResourceNotifications.WaitForResourceAsync(ResourceNames.Identity, KnownResourceStates.TerminalStates, Ct);

            await AssertDirectAsync(ResourceNames.Guarantee, path, issued, HttpStatusCode.OK);
            using var viaGateway = GatewayClient.ForToken(Gateway, issued);
            var read = await viaGateway.GetAsync(path);
            Assert.True(read.StatusCode == HttpStatusCode.OK, $"through the gateway with the token service down: {read}");

            var (status, body) = await GatewayClient.PostFormAsync(Gateway, "/connect/token", new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = "dev-guarantee-officer",
                ["client_secret"] = "dev-guarantee-officer-secret",
            });
            Assert.True(status == HttpStatusCode.ServiceUnavailable, $"a new token with the token service down: {(int)status} {body}");
            Assert.Equal(503, JsonDocument.Parse(body).RootElement.GetProperty("status").GetInt32());
        }
        finally
        {
            await platform.App.ResourceCommands.ExecuteCommandAsync(platform.App.ResourceId(ResourceNames.Identity), KnownResourceCommands.StartCommand, Ct);
            await platform.App.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Identity, Ct);
        }

        await Probe.UntilAsync(
            async () => (await GatewayClient.PostFormAsync(Gateway, "/connect/token", new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = "dev-guarantee-officer",
                ["client_secret"] = "dev-guarantee-officer-secret",
            })).Status == HttpStatusCode.OK,
            "tokens from the token service again after its start",
            TakesEffect);
    }

    private async Task AssertDirectAsync(string resource, string path, string? token, HttpStatusCode expected)
    {
        var status = await DirectStatusAsync(resource, path, token);
        Assert.True(status == expected, $"{resource} {path} with {(token is null ? "no token" : "the token")}: expected {(int)expected}, got {(int)status}");
    }

    /// <summary>A call straight to the service's own port, past the gateway.</summary>
    private async Task<HttpStatusCode> DirectStatusAsync(string resource, string path, string? token)
    {
        using var direct = GatewayClient.ForToken(Service(resource), token);
        return (await direct.GetAsync(path)).StatusCode;
    }

    private static IReadOnlyList<string> Audiences(string token)
    {
        var aud = Jwt.Payload(token).GetProperty("aud");
        return aud.ValueKind == JsonValueKind.Array ? [.. aud.EnumerateArray().Select(a => a.GetString()!)] : [aud.GetString()!];
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.Tokens;
using Seomin.Contracts.Identity;
using Seomin.Testing;

namespace Seomin.Identity.Tests;

public sealed class SigningKeyTests(PlatformServers servers) : IAsyncLifetime
{
    private IdentityApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await IdentityApp.StartAsync(servers, "identity_keys");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Rotate_NewKeySignsAtOnceOnEveryReplica_AndTheOldOneStaysPublished()
    {
        await using var replica = await _app.StartReplicaAsync();
        var before = await _app.TokenAsync("dev-guarantee-officer");
        var oldKid = Jwt.Read(before.AccessToken).Kid;

        var rotated = await (await AdminAsync()).PostAsync("/admin/signing-keys/rotate", null);
        using var body = JsonDocument.Parse(await rotated.Content.ReadAsStringAsync());
        var newKid = body.RootElement.GetProperty("keyId").GetString()!;

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.NotEqual(oldKid, newKid);
        Assert.Equal(newKid, Jwt.Read((await _app.TokenAsync("dev-counselor")).AccessToken).Kid);
        await Probe.UntilAsync(
            async () => Jwt.Read((await replica.TokenAsync("dev-counselor")).AccessToken).Kid == newKid,
            "the second replica signing with the new key");
        Assert.Equal([newKid, oldKid], await KidsAsync(replica));
        // Both replicas' own token validation (the administration API) follows the new key too.
        Assert.Equal(HttpStatusCode.OK, (await (await AdminAsync()).GetAsync("/admin/signing-keys")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await AdminAsync(replica)).GetAsync("/admin/signing-keys")).StatusCode);
        var stillValid = await _app.ValidateAsync(before.AccessToken);
        Assert.True(stillValid.IsValid, stillValid.Exception?.Message);
        var notice = await Probe.UntilAsync(
            () => Task.FromResult(_app.ObservedOf<SigningKeysChanged>().FirstOrDefault()),
            n => n is not null,
            "SigningKeysChanged on the bus");
        Assert.Equal(new[] { newKid, oldKid }.Order(), notice!.ActiveKeyIds.Order());
    }

    [Fact]
    public async Task Withdraw_TheKeyLeavesTheJwksNow_AndTokensItSignedNoLongerValidate()
    {
        var before = await _app.TokenAsync("dev-auditor");
        var kid = Jwt.Read(before.AccessToken).Kid;

        var withdrawn = await (await AdminAsync()).PostAsync($"/admin/signing-keys/{kid}/withdraw", null);
        var after = await _app.TokenAsync("dev-auditor");

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.DoesNotContain(kid, await KidsAsync(_app));
        Assert.NotEqual(kid, Jwt.Read(after.AccessToken).Kid);
        Assert.False((await _app.ValidateAsync(before.AccessToken)).IsValid);
        Assert.True((await _app.ValidateAsync(after.AccessToken)).IsValid);
        using var list = JsonDocument.Parse(await (await AdminAsync()).GetStringAsync("/admin/signing-keys"));
        var entry = list.RootElement.EnumerateArray().Single(k => k.GetProperty("keyId").GetString() == kid);
        Assert.False(entry.GetProperty("published").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await (await AdminAsync()).PostAsync("/admin/signing-keys/no-such-key/withdraw", null)).StatusCode);
    }

    [Fact]
    public async Task Rotation_WhenTheSigningKeyIsOlderThanTheInterval_HappensByItself()
    {
        await using var app = await IdentityApp.StartAsync(servers, "identity_autorotate", new() { ["Identity:SigningKeyRotationInterval"] = "01:00:00" });
        var kid = Jwt.Read((await app.TokenAsync("dev-auditor")).AccessToken).Kid;
        await app.QueryAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE identity.server_keys SET \"CreatedAt\" = now() - interval '2 hours'"));

        await Probe.UntilAsync(
            async () => Jwt.Read((await app.TokenAsync("dev-auditor")).AccessToken).Kid != kid,
            "a new signing key after the rotation interval");

        Assert.Contains(kid, await KidsAsync(app));
    }

    private Task<HttpClient> AdminAsync() => AdminAsync(_app);

    private static async Task<HttpClient> AdminAsync(IdentityApp app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await app.TokenAsync("dev-admin")).AccessToken);
        return client;
    }

    private static async Task<List<string>> KidsAsync(IdentityApp app) =>
        new JsonWebKeySet(await app.CreateClient().GetStringAsync("/.well-known/jwks")).Keys.Select(k => k.Kid).ToList();
}

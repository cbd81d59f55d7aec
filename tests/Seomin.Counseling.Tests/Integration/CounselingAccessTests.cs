using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Seomin.Access;
using Seomin.Contracts.Identity;
using Seomin.Counseling.Api.Endpoints;
using Seomin.Testing;

namespace Seomin.Counseling.Tests.Integration;

/// <summary>The counseling service checks every token itself: audience, signature, lifetime, revocation, roles.</summary>
public sealed class CounselingAccessTests(PlatformServers servers) : IAsyncLifetime
{
    private const string Sessions = "/api/counseling/sessions";
    private CounselingApp _app = null!;

    public async ValueTask InitializeAsync() => _app = await CounselingApp.StartAsync(servers, "counseling_access");

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static Dictionary<string, object> CounselorClaims() => new()
    {
        ["sub"] = CounselingApp.Counselor, ["client_id"] = "seomin-staff", ["client_type"] = ClientTypes.Staff, ["role"] = new[] { StaffRoles.Counselor },
    };

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(errorCode, JsonDocument.Parse(body).RootElement.GetProperty("errorCode").GetString());
    }

    [Fact]
    public async Task AnyRoute_WhenTheTokenIsMissingOrNotValidForCounseling_Is401()
    {
        var tokens = _app.Tokens;
        var refused = new Dictionary<string, string?>
        {
            ["none"] = null,
            ["forged"] = tokens.Forged(CounselorClaims(), Audiences.Gateway, Audiences.Counseling),
            ["alg none"] = TestTokenAuthority.Unsigned(CounselorClaims(), Audiences.Gateway, Audiences.Counseling),
            ["expired"] = tokens.Issue(CounselorClaims(), [Audiences.Gateway, Audiences.Counseling], TimeSpan.FromMinutes(5), DateTimeOffset.UtcNow.AddHours(-1)),
            ["guarantee audience"] = tokens.Staff(CounselingApp.Counselor, [StaffRoles.Counselor], Audiences.Gateway, Audiences.Guarantee),
        };

        foreach (var (kind, token) in refused)
        {
            using var client = _app.CreateClient(token);
            using var search = await client.GetAsync(Sessions);
            using var register = await client.PostAsJsonAsync("/api/counseling/voc", new { type = "ProceduralInquiry", channel = "Web", subject = "s", content = "c" });

            Assert.True(search.StatusCode == HttpStatusCode.Unauthorized, $"{kind}: search answered {(int)search.StatusCode}");
            await AssertProblemAsync(register, HttpStatusCode.Unauthorized, token is null ? "unauthorized" : "invalid_token");
        }

        using var anonymous = _app.CreateClient(token: null);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task Routes_WhenCalledByRole_ReadersReadAndOnlyCounselorsWrite()
    {
        var partnerClaims = new Dictionary<string, object>
        {
            ["sub"] = "fintech-a", ["client_id"] = "fintech-a", ["client_type"] = ClientTypes.Partner, ["partner_code"] = "ALPHAFIN01",
            ["scope"] = Scopes.ProductsRead, ["role"] = new[] { StaffRoles.Counselor },
        };
        using var partner = _app.CreateClient(_app.Tokens.Issue(partnerClaims, [Audiences.Gateway, Audiences.Counseling]));
        using var officer = _app.CreateClient(_app.StaffToken("E1001", StaffRoles.GuaranteeOfficer));
        using var auditor = _app.CreateClient(_app.StaffToken("E9009", StaffRoles.Auditor));
        using var contributions = _app.CreateClient(_app.StaffToken("E6006", StaffRoles.ContributionsOfficer));
        var voc = new { type = "ProceduralInquiry", channel = "Web", subject = "s", content = "c" };

        using var partnerRead = await partner.GetAsync(Sessions);
        using var officerRead = await officer.GetAsync(Sessions);
        using var auditorRead = await auditor.GetAsync("/api/counseling/voc");
        using var officerWrite = await officer.PostAsJsonAsync("/api/counseling/voc", voc);
        using var contributionsRead = await contributions.GetAsync(Sessions);
        using var counselorWrite = await _app.CreateClient().PostAsJsonAsync("/api/counseling/voc", voc);

        await AssertProblemAsync(partnerRead, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, officerRead.StatusCode);
        Assert.Equal(HttpStatusCode.OK, auditorRead.StatusCode);
        await AssertProblemAsync(officerWrite, HttpStatusCode.Forbidden, "forbidden");
        await AssertProblemAsync(contributionsRead, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Created, counselorWrite.StatusCode);
    }

    [Fact]
    public async Task GetTimeline_WhenCustomerRestricted_OnlyASupervisorReadsIt()
    {
        var customer = _app.CustomerIdFor(SyntheticRrn.Adult());
        (await _app.CreateClient().PutAsJsonAsync($"/api/counseling/customers/{customer}/restriction", new { reason = "staff member" })).EnsureSuccessStatusCode();
        using var supervisor = _app.CreateClient(_app.StaffToken("E4002", StaffRoles.Counselor, TimelineEndpoints.SupervisorRole));

        using var counselor = await _app.CreateClient().GetAsync($"/api/counseling/customers/{customer}/timeline");
        using var allowed = await supervisor.GetAsync($"/api/counseling/customers/{customer}/timeline");

        await AssertProblemAsync(counselor, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task AnyRoute_WhenTheTokenServicePublishesAccessRevoked_TheNextCallIs401()
    {
        var tokenId = "counseling-revoked-" + Guid.NewGuid().ToString("N");
        using var client = _app.CreateClient(_app.Tokens.Issue(CounselorClaims(), [Audiences.Gateway, Audiences.Counseling], tokenId: tokenId));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Sessions)).StatusCode);

        await Probe.UntilAsync(
            async () =>
            {
                await _app.TestBus.Publish(new AccessRevoked
                {
                    EventId = Guid.NewGuid(), TokenId = tokenId, Subject = null, ClientId = null, Reason = "revoked by an administrator",
                    RevokedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(15),
                });
                return (await client.GetAsync(Sessions)).StatusCode == HttpStatusCode.Unauthorized;
            },
            "a published AccessRevoked to reach the counseling instance queue and refuse the token");

        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient().GetAsync(Sessions)).StatusCode);
    }
}

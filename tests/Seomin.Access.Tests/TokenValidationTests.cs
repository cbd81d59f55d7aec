using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Seomin.Testing;

namespace Seomin.Access.Tests;

public sealed class TokenValidationTests : IAsyncLifetime
{
    private TestTokenAuthority _authority = null!;
    private AccessTestHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _authority = await TestTokenAuthority.StartAsync();
        _host = await AccessTestHost.StartAsync(_authority);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _authority.DisposeAsync();
    }

    private static Dictionary<string, object> StaffClaims(string employeeNumber = "E1001") => new()
    {
        ["sub"] = employeeNumber,
        ["client_id"] = "seomin-staff",
        ["client_type"] = ClientTypes.Staff,
        ["role"] = new[] { StaffRoles.GuaranteeOfficer },
    };

    private string Officer(string employeeNumber = "E1001") =>
        _authority.Staff(employeeNumber, [StaffRoles.GuaranteeOfficer], Audiences.Gateway, Audiences.Guarantee);

    [Fact]
    public async Task Get_WhenTokenIsValid_Returns200WithTheCaller()
    {
        using var response = await _host.GetAsync("/officers", Officer());
        using var any = await _host.GetAsync("/any", Officer("E2002"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, any.StatusCode);
        var body = await any.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("E2002", body.GetProperty("subject").GetString());
        Assert.Equal("seomin-staff", body.GetProperty("client").GetString());
    }

    [Fact]
    public async Task Get_WhenTheSameTokenComesAgain_ItIsNotVerifiedAgain_AndEachRequestHasItsOwnIdentity()
    {
        var handler = _host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions>>()
            .Get(Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerDefaults.AuthenticationScheme).TokenHandlers.OfType<CachingJsonWebTokenHandler>().Single();
        var token = Officer("E5005");

        using var first = await _host.GetAsync("/stamp", token);
        var hitsAfterFirst = handler.Hits;
        using var second = await _host.GetAsync("/stamp", token);
        using var third = await _host.GetAsync("/stamp", token);

        Assert.Equal(1, await first.Content.ReadFromJsonAsync<int>());
        Assert.Equal(1, await second.Content.ReadFromJsonAsync<int>());
        Assert.Equal(1, await third.Content.ReadFromJsonAsync<int>());
        Assert.Equal(hitsAfterFirst + 2, handler.Hits);
    }

    [Fact]
    public async Task Get_WhenNoToken_Returns401ProblemWithErrorCode()
    {
        using var response = await _host.GetAsync("/any", token: null);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Get_WhenTokenIsUnsigned_Returns401()
    {
        using var response = await _host.GetAsync("/any", TestTokenAuthority.Unsigned(StaffClaims(), Audiences.Gateway, Audiences.Guarantee));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Get_WhenUnsignedTokenNamesTheIssuer_Returns401()
    {
        var claims = StaffClaims();
        claims["iss"] = _authority.Issuer;

        using var response = await _host.GetAsync("/officers", TestTokenAuthority.Unsigned(claims, Audiences.Gateway, Audiences.Guarantee));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Get_WhenTokenIsSignedWithAnUnpublishedKey_Returns401()
    {
        using var response = await _host.GetAsync("/any", _authority.Forged(StaffClaims(), Audiences.Gateway, Audiences.Guarantee));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Get_WhenTokenHasExpired_Returns401()
    {
        var token = _authority.Issue(StaffClaims(), [Audiences.Gateway, Audiences.Guarantee], lifetime: TimeSpan.FromMinutes(5), issuedAt: DateTimeOffset.UtcNow.AddHours(-1));

        using var response = await _host.GetAsync("/any", token);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Get_WhenTokenIsForAnotherService_Returns401()
    {
        using var response = await _host.GetAsync("/any", _authority.Staff("E1001", [StaffRoles.GuaranteeOfficer], Audiences.Gateway, Audiences.Counseling));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Get_WhenTokenTypeIsNotAccessToken_Returns401()
    {
        var idToken = _authority.Issue(StaffClaims(), [Audiences.Gateway, Audiences.Guarantee], type: "JWT");

        using var response = await _host.GetAsync("/any", idToken);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Get_WhenTokenNamesAnotherIssuer_Returns401()
    {
        await using var other = await TestTokenAuthority.StartAsync();
        var token = other.Staff("E1001", [StaffRoles.GuaranteeOfficer], Audiences.Gateway, Audiences.Guarantee);

        using var response = await _host.GetAsync("/any", token);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Get_WhenTokenIdIsRevoked_Returns401()
    {
        var token = _authority.Issue(StaffClaims(), [Audiences.Gateway, Audiences.Guarantee], tokenId: "revoked-token-1");
        using var before = await _host.GetAsync("/any", token);

        _host.Services.GetRequiredService<ITokenRevocations>().RevokeToken("revoked-token-1", DateTimeOffset.UtcNow.AddMinutes(10));
        using var after = await _host.GetAsync("/any", token);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await AssertProblemAsync(after, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Get_WhenSubjectIsRevokedAfterIssue_RefusesOldTokensButNotNewOnes()
    {
        var old = _authority.Issue(StaffClaims("E3003"), [Audiences.Gateway, Audiences.Guarantee], issuedAt: DateTimeOffset.UtcNow.AddMinutes(-2));
        var revocations = _host.Services.GetRequiredService<ITokenRevocations>();

        revocations.RevokeSubject("E3003", DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(10));
        using var oldResponse = await _host.GetAsync("/any", old);
        using var newResponse = await _host.GetAsync("/any", Officer("E3003"));
        using var otherPerson = await _host.GetAsync("/any", Officer("E3004"));

        await AssertProblemAsync(oldResponse, HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal(HttpStatusCode.OK, newResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherPerson.StatusCode);
    }

    [Fact]
    public async Task Get_WhenClientIsRevoked_RefusesItsTokens()
    {
        var token = _authority.Partner("fintech-a", "P001", [Scopes.ProductsRead], Audiences.Gateway, Audiences.Guarantee);
        using var before = await _host.GetAsync("/products", token);

        _host.Services.GetRequiredService<ITokenRevocations>().RevokeClient("fintech-a", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(10));
        using var after = await _host.GetAsync("/products", token);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await AssertProblemAsync(after, HttpStatusCode.Unauthorized, "invalid_token");
    }

    [Fact]
    public async Task Get_WhenPartnerTokenCallsARoleRoute_Returns403Problem()
    {
        var partner = _authority.Partner("fintech-a", "P001", [Scopes.ProductsRead, Scopes.GuaranteesApply], Audiences.Gateway, Audiences.Guarantee);

        using var response = await _host.GetAsync("/officers", partner);
        using var products = await _host.GetAsync("/products", partner);
        using var partners = await _host.GetAsync("/partners", partner);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.OK, products.StatusCode);
        Assert.Equal(HttpStatusCode.OK, partners.StatusCode);
    }

    [Fact]
    public async Task Get_WhenPartnerTokenCarriesARoleClaim_TheRoleIsIgnored()
    {
        var claims = new Dictionary<string, object>
        {
            ["sub"] = "fintech-a", ["client_id"] = "fintech-a", ["client_type"] = ClientTypes.Partner, ["partner_code"] = "P001",
            ["role"] = new[] { StaffRoles.GuaranteeOfficer }, ["scope"] = Scopes.ProductsRead,
        };

        using var response = await _host.GetAsync("/officers", _authority.Issue(claims, [Audiences.Gateway, Audiences.Guarantee]));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Get_WhenStaffTokenCallsAScopeRoute_Returns403()
    {
        using var response = await _host.GetAsync("/partners", Officer());

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Get_WhenStaffTokenLacksTheRole_Returns403()
    {
        using var response = await _host.GetAsync("/officers", _authority.Staff("E1001", [StaffRoles.Counselor], Audiences.Gateway, Audiences.Guarantee));

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Get_WhenTokenIsInTheQueryString_IgnoresItAndReturns401()
    {
        using var query = await _host.GetAsync("/any?access_token=" + Officer(), token: null);

        await AssertProblemAsync(query, HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Fact]
    public async Task Health_WhenNoToken_IsAnonymous()
    {
        using var health = await _host.GetAsync("/health", token: null);
        using var alive = await _host.GetAsync("/alive", token: null);
        using var openApi = await _host.GetAsync("/openapi/v1.json", token: null);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
    }

    [Fact]
    public async Task Get_WhenTheKeyIsRotated_AcceptsTokensSignedWithTheNewKey()
    {
        using var before = await _host.GetAsync("/any", Officer());
        var readsBefore = _authority.KeySetRequests;
        await Task.Delay(TimeSpan.FromSeconds(1.1)); // the minimum refresh interval the test configuration sets

        _authority.RotateKey();
        using var rotated = await _host.GetAsync("/any", Officer());

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        Assert.True(_authority.KeySetRequests > readsBefore, "the service read the keys again for an unknown kid");
    }

    [Fact]
    public async Task Get_WhenTheOldKeyIsWithdrawnAndARefreshIsRequested_RefusesOldKeyTokens()
    {
        var oldKeyToken = Officer();
        using var before = await _host.GetAsync("/any", oldKeyToken);
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        _authority.RotateKey(withdrawOld: true);
        _host.Services.GetRequiredService<AccessKeyRefresher>().RequestRefresh();

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        await Probe.UntilAsync(
            async () => (await _host.GetAsync("/any", oldKeyToken)).StatusCode == HttpStatusCode.Unauthorized,
            "a token signed with the withdrawn key to be refused",
            TimeSpan.FromSeconds(10));
        using var fresh = await _host.GetAsync("/any", Officer());
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
    }

    [Fact]
    public async Task Get_WhenTheTokenServiceIsDown_KeepsValidatingWithTheKeysAlreadyRead()
    {
        var token = Officer();
        using var before = await _host.GetAsync("/any", token);
        await Task.Delay(TimeSpan.FromSeconds(1.1));

        await _authority.DisposeAsync();
        _host.Services.GetRequiredService<AccessKeyRefresher>().RequestRefresh();
        using var during = await _host.GetAsync("/any", token);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.OK, during.StatusCode);
    }

    [Fact]
    public async Task Start_WhenTheTokenServiceListsActiveRevocations_RefusesThoseTokens()
    {
        await using var authority = await TestTokenAuthority.StartAsync();
        var revokedPerson = authority.Staff("E7007", [StaffRoles.GuaranteeOfficer], Audiences.Gateway, Audiences.Guarantee);
        var revokedToken = authority.Issue(StaffClaims("E7008"), [Audiences.Gateway, Audiences.Guarantee], tokenId: "listed-token");
        var unaffected = authority.Staff("E7009", [StaffRoles.GuaranteeOfficer], Audiences.Gateway, Audiences.Guarantee);
        authority.AddActiveRevocation(null, "E7007", null, DateTimeOffset.UtcNow.AddSeconds(5), DateTimeOffset.UtcNow.AddMinutes(10));
        authority.AddActiveRevocation("listed-token", null, null, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddMinutes(10));

        await using var host = await AccessTestHost.StartAsync(authority);
        await Probe.UntilAsync(() => Task.FromResult(authority.RevocationListRequests > 0), "the service to read the active revocations");

        await Probe.UntilAsync(
            async () => (await host.GetAsync("/any", revokedPerson)).StatusCode == HttpStatusCode.Unauthorized,
            "the listed person's token to be refused");
        using var token = await host.GetAsync("/any", revokedToken);
        using var other = await host.GetAsync("/any", unaffected);
        await AssertProblemAsync(token, HttpStatusCode.Unauthorized, "invalid_token");
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task OpenApi_DeclaresTheBearerSchemeAnd401And403OnProtectedOperationsOnly()
    {
        using var response = await _host.GetAsync("/openapi/v1.json", token: null);
        var document = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        var officers = document.GetProperty("paths").GetProperty("/officers").GetProperty("get");
        Assert.True(officers.GetProperty("responses").TryGetProperty("401", out _));
        Assert.True(officers.GetProperty("responses").TryGetProperty("403", out _));
        Assert.Equal(JsonValueKind.Array, officers.GetProperty("security").ValueKind);
    }

    internal static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(errorCode, problem.GetProperty("errorCode").GetString());
    }
}

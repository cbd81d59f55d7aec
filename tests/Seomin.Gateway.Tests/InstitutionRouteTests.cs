using System.Net;
using Seomin.Access;
using Seomin.Gateway.Tests.Infrastructure;
using Seomin.Testing;

namespace Seomin.Gateway.Tests;

/// <summary>
/// Financial institutions file contributions, transfer dormant assets and claim subrogation through the gateway: an
/// institution token reaches a service only with one of that service's institution scopes (the service then checks
/// which endpoints the scope opens and that the records are the institution's own).
/// </summary>
public sealed class InstitutionRouteTests(RedisServers redis) : IAsyncLifetime
{
    private StubService _contributions = null!;
    private GatewayHost _gateway = null!;

    public async ValueTask InitializeAsync()
    {
        _contributions = await StubService.StartAsync("/api/contributions");
        _gateway = await GatewayHost.StartAsync(redis, new Dictionary<string, string?>
        {
            ["services:contributions:http:0"] = _contributions.Address.ToString(),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _contributions.DisposeAsync();
    }

    [Fact]
    public async Task ServiceRoute_WhenInstitutionTokenCarriesTheServicesInstitutionScope_IsProxiedWithTheToken()
    {
        var filer = _gateway.Tokens.Institution("bank-088", "088", [Scopes.ContributionsFile], Audiences.Gateway, Audiences.Contributions);

        var response = await _gateway.GetAsync("/api/contributions/filings?page=1", filer);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_contributions.Received);
        Assert.Equal("/api/contributions/filings?page=1", received.PathAndQuery);
        Assert.Equal($"Bearer {filer}", received.Headers["Authorization"]);
    }

    [Fact]
    public async Task ServiceRoute_WhenInstitutionTokenLacksTheScopeOrCallsAnotherService_Forbidden()
    {
        var transferOnly = _gateway.Tokens.Institution("bank-004", "004", [Scopes.DormantAssetsTransfer], Audiences.Gateway, Audiences.DormantAssets);
        var filer = _gateway.Tokens.Institution("bank-088", "088", [Scopes.ContributionsFile], Audiences.Gateway, Audiences.Contributions);
        var partner = _gateway.Partner();

        var withoutScope = await _gateway.GetAsync("/api/contributions/filings", transferOnly);
        var otherService = await _gateway.GetAsync("/api/guarantees/products", filer);
        var byPartner = await _gateway.GetAsync("/api/contributions/filings", partner);

        Assert.Equal(HttpStatusCode.Forbidden, withoutScope.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, otherService.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byPartner.StatusCode);
        Assert.Empty(_contributions.Received);
        Assert.Empty(_gateway.Guarantee.Received);
    }
}

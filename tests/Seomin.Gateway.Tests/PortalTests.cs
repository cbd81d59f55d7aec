using System.Net;
using System.Text.Json;
using Seomin.Gateway.Tests.Infrastructure;
using Seomin.Testing;

namespace Seomin.Gateway.Tests;

public sealed class PortalTests(RedisServers redis) : IAsyncLifetime
{
    private GatewayHost _gateway = null!;

    public async ValueTask InitializeAsync() => _gateway = await GatewayHost.StartAsync(redis);

    public ValueTask DisposeAsync() => _gateway.DisposeAsync();

    [Fact]
    public async Task SwaggerUi_WhenAnonymous_ListsPartnerAndInternalDocuments()
    {
        var response = await _gateway.GetAsync("/docs/index.html", null);
        var config = await _gateway.GetAsync("/docs/index.js", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var script = await config.Content.ReadAsStringAsync();
        Assert.Contains("/openapi/partner.json", script, StringComparison.Ordinal);
        Assert.Contains("/openapi/guarantees.json", script, StringComparison.Ordinal);
        Assert.Contains("/openapi/counseling.json", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PartnerDocument_WhenAnonymous_DescribesOnlyPartnerApi()
    {
        var response = await _gateway.GetAsync("/openapi/partner.json", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/partner/v1/products", paths);
        Assert.Contains("/partner/v1/guarantee-applications", paths);
        Assert.Contains("/partner/v1/guarantee-applications/{applicationId}", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/admin", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ServiceDocument_WhenRequested_ProxiedFromServiceOpenApi()
    {
        var response = await _gateway.GetAsync("/openapi/guarantees.json", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/api/guarantees stub", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("/openapi/v1.json", _gateway.Guarantee.Last("/openapi").PathAndQuery);
    }

    [Fact]
    public async Task Guide_WhenRequested_ServedInKoreanAndEnglish()
    {
        var response = await _gateway.GetAsync("/docs/guide", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("x-api-tran-id", text, StringComparison.Ordinal);
        Assert.Contains("토큰", text, StringComparison.Ordinal);
        Assert.Contains("GW-QUOTA-002", text, StringComparison.Ordinal);
    }
}

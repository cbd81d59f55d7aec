using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Seomin.AppHost.Dashboard;
using Seomin.AppHost.Dashboard.Access;
using Seomin.Testing;
using static Seomin.AppHost.Tests.Dashboard.OtlpTestData;

namespace Seomin.AppHost.Tests.Dashboard;

public sealed class DashboardAccessTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Get_WhenBoundToLoopback_NeedsNoToken()
    {
        await using var host = await DashboardTestHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.BaseUri };

        using var page = await http.GetAsync("/", Ct);
        using var api = await http.GetAsync("/api/telemetry/logs", Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Seomin", await page.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.False(host.Services.GetRequiredService<DashboardAccess>().RequiresToken);
    }

    [Fact]
    public async Task Get_WhenNotOnLoopback_RequiresTheBrowserTokenThenSetsACookie()
    {
        await using var host = await DashboardTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Dashboard:Url"] = "http://0.0.0.0:18888",
        });
        var access = host.Services.GetRequiredService<DashboardAccess>();
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var http = new HttpClient(handler) { BaseAddress = host.BaseUri };

        using var anonymousApi = await http.GetAsync("/api/telemetry/logs", Ct);
        using var anonymousPage = await http.GetAsync("/", Ct);
        using var wrongToken = await http.GetAsync("/login?t=nope", Ct);
        using var login = await http.GetAsync("/login?t=" + Uri.EscapeDataString(access.BrowserToken), Ct);
        using var signedIn = await http.GetAsync("/api/telemetry/logs", Ct);

        Assert.True(access.RequiresToken);
        Assert.Contains(access.BrowserToken, host.Services.GetDashboardLoginUrl(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousApi.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, anonymousPage.StatusCode);
        Assert.Equal("/login", anonymousPage.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, wrongToken.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }

    [Fact]
    public async Task Post_WhenOtlpOnTheUiPortOrUiOnTheOtlpPort_Returns404()
    {
        var uiPort = TestPorts.Free();
        var otlpPort = TestPorts.Free();
        var builder = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{uiPort}", $"http://127.0.0.1:{otlpPort}");
        builder.Configuration["Dashboard:Url"] = $"http://127.0.0.1:{uiPort}";
        builder.Configuration["Dashboard:OtlpUrl"] = $"http://127.0.0.1:{otlpPort}";
        builder.Services.AddDashboard(builder.Configuration);
        await using var app = builder.Build();
        app.MapDashboard();
        await app.StartAsync(Ct);
        using var http = new HttpClient();
        var request = Traces(("gateway", [Span(NewTraceId(), NewSpanId(), null, "x", DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(1))]));

        using var onOtlp = await http.PostAsync($"http://127.0.0.1:{otlpPort}/v1/traces", Protobuf(request), Ct);
        using var onUi = await http.PostAsync($"http://127.0.0.1:{uiPort}/v1/traces", Protobuf(request), Ct);
        using var uiOnOtlp = await http.GetAsync($"http://127.0.0.1:{otlpPort}/api/telemetry/traces", Ct);
        using var uiOnUi = await http.GetAsync($"http://127.0.0.1:{uiPort}/api/telemetry/traces", Ct);

        Assert.Equal(HttpStatusCode.OK, onOtlp.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, onUi.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, uiOnOtlp.StatusCode);
        Assert.Equal(HttpStatusCode.OK, uiOnUi.StatusCode);
        await app.StopAsync(Ct);
    }
}

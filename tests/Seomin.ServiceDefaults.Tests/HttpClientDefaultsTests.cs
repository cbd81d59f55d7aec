using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Seomin.ServiceDefaults.Tests;

public class HttpClientDefaultsTests(Seomin.Testing.PlatformServers servers)
{
    [Fact]
    public async Task Get_WhenServiceNameIsConfiguredAndFirstAttemptFails_ResolvesNameAndRetries()
    {
        var attempts = 0;
        await using var stub = await StartStubAsync(context =>
        {
            context.Response.StatusCode = Interlocked.Increment(ref attempts) == 1 ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        await using var host = await MinimalServiceHost.StartAsync(
            await servers.Postgres.CreateDatabaseAsync("httpdefaults"),
            new Dictionary<string, string?> { ["services:stub:http:0"] = StubAddress(stub) });
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient();

        using var response = await client.GetAsync(new Uri("http://stub/flaky"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, attempts);
    }

    private static async Task<WebApplication> StartStubAsync(RequestDelegate handler)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        return app;
    }

    private static string StubAddress(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
}

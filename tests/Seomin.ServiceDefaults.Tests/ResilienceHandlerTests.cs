using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Seomin.ServiceDefaults.Http;

namespace Seomin.ServiceDefaults.Tests;

public class ResilienceHandlerTests : IAsyncLifetime
{
    private WebApplication _server = null!;
    private Uri _address = null!;
    private int _hits;
    private int _failuresBeforeSuccess;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _server = builder.Build();
        _server.Map("/flaky", (HttpContext context) =>
        {
            var hit = Interlocked.Increment(ref _hits);
            if (hit <= _failuresBeforeSuccess)
            {
                context.Response.Headers.RetryAfter = "0";
                return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
            }

            return Results.Ok("fine");
        });
        await _server.StartAsync();
        _address = new Uri(_server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Get_WhenServerAnswers503ThenRecovers_IsRetriedAndSucceeds()
    {
        _failuresBeforeSuccess = 2;
        using var client = CreateClient();

        using var response = await client.GetAsync("/flaky", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, _hits);
    }

    [Fact]
    public async Task Post_WhenServerAnswers503_IsNotRetried()
    {
        _failuresBeforeSuccess = 2;
        using var client = CreateClient();

        using var response = await client.PostAsync("/flaky", new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, _hits);
    }

    [Fact]
    public async Task Get_WhenServerKeepsFailing_StopsAfterMaxAttempts()
    {
        _failuresBeforeSuccess = int.MaxValue;
        using var client = CreateClient();

        using var response = await client.GetAsync("/flaky", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(4, _hits);
    }

    private HttpClient CreateClient() => new(new ResilienceHandler(new HttpResilienceOptions
    {
        RetryBaseDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryAttempts = 3,
    })
    {
        InnerHandler = new SocketsHttpHandler(),
    })
    {
        BaseAddress = _address,
    };
}

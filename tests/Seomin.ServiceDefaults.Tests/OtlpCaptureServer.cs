using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Seomin.ServiceDefaults.Tests;

/// <summary>An HTTP endpoint that records OTLP/HTTP export requests as they arrive.</summary>
internal sealed class OtlpCaptureServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private OtlpCaptureServer(WebApplication app, string url)
    {
        _app = app;
        Url = url;
    }

    public string Url { get; }

    public ConcurrentQueue<(string Path, string? ContentType, byte[] Body)> Requests { get; } = new();

    public static async Task<OtlpCaptureServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        OtlpCaptureServer? self = null;
        app.MapPost("/v1/{signal}", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            self!.Requests.Enqueue((context.Request.Path, context.Request.ContentType, buffer.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self = new OtlpCaptureServer(app, url);
        return self;
    }

    public bool Received(string path, string text) =>
        Requests.Any(r => r.Path == path && System.Text.Encoding.UTF8.GetString(r.Body).Contains(text, StringComparison.Ordinal));

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Seomin.Gateway.Tests.Infrastructure;

/// <summary>A request as the downstream service received it.</summary>
public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A real Kestrel app on 127.0.0.1:0 standing in for a Seomin service at the HTTP boundary (the services are
/// built in parallel by other sessions). It records what the gateway forwarded.
/// </summary>
public sealed class StubService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _applicationCounter;

    private StubService(WebApplication app, string prefix)
    {
        _app = app;
        Prefix = prefix;
    }

    public string Prefix { get; }

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public static async Task<StubService> StartAsync(string prefix)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new StubService(app, prefix);
        app.Use(async (context, next) =>
        {
            context.Request.EnableBuffering();
            using var reader = new StreamReader(context.Request.Body, leaveOpen: true);
            var body = await reader.ReadToEndAsync();
            context.Request.Body.Position = 0;
            if (context.Request.Path != "/alive")
            {
                stub.Received.Enqueue(new ReceivedRequest(
                    context.Request.Method,
                    context.Request.Path + context.Request.QueryString,
                    context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                    body));
            }

            await next(context);
        });
        app.MapGet("/alive", () => Results.Ok("alive"));
        app.MapGet("/openapi/v1.json", () => Results.Json(new { openapi = "3.1.1", info = new { title = $"{prefix} stub", version = "v1" }, paths = new { } }));
        app.MapGet($"{prefix}/products", () => Results.Json(new[]
        {
            new { code = "WORKER-SUNSHINE", name = "근로자햇살론", maxAmount = 20_000_000L },
            new { code = "SUNSHINE-15", name = "햇살론15", maxAmount = 20_000_000L },
        }));
        app.MapPost($"{prefix}/applications", (JsonElement body) =>
        {
            var id = $"APP-{Interlocked.Increment(ref stub._applicationCounter):D6}-{Guid.NewGuid():N}";
            return Results.Json(new { id, status = "Submitted", productCode = body.GetProperty("productCode").GetString() }, statusCode: 201);
        });
        app.MapGet($"{prefix}/applications/{{id}}", (string id) => Results.Json(new { id, status = "Screening", applicant = new { residentRegistrationNumber = "900101-*******" } }));
        app.MapGet($"{prefix}/hanging", HangUntilAbortedAsync);
        app.Map($"{prefix}/{{**rest}}", (HttpContext context) => Results.Json(new { echoed = context.Request.Path.Value, method = context.Request.Method }));
        await app.StartAsync();
        return stub;
    }

    // Answers only when the caller gives up: a service that accepted the connection and then stalled.
    private static async Task<IResult> HangUntilAbortedAsync(CancellationToken cancellationToken)
    {
        var aborted = new TaskCompletionSource();
        await using (cancellationToken.Register(() => aborted.TrySetResult()))
        {
            await aborted.Task;
        }

        return Results.Ok();
    }

    public ReceivedRequest Last(string pathStartsWith) =>
        Received.Last(r => r.PathAndQuery.StartsWith(pathStartsWith, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

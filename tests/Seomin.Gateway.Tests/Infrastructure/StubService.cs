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
/// built in parallel by other sessions). It records what the gateway forwarded. As the guarantee stub it keeps each
/// partner to its own applications by the forwarded token's <c>partner_code</c> (read, not verified: the gateway
/// verified it), as the real guarantee service does.
/// </summary>
public sealed class StubService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<Guid, string> _owners = new();

    private StubService(WebApplication app, string prefix)
    {
        _app = app;
        Prefix = prefix;
    }

    public string Prefix { get; }

    public ConcurrentQueue<ReceivedRequest> Received { get; } = new();

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>Starts the stub; <paramref name="map"/> adds endpoints of its own before the catch-all echo.</summary>
    public static async Task<StubService> StartAsync(string prefix, Action<WebApplication>? map = null)
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
        // The guarantee service's answer shapes (ProductView, ApplicationView), as the gateway's typed client reads them.
        app.MapGet($"{prefix}/products", () => Results.Json(new object[]
        {
            StubProduct("WORKER_SUNSHINE", "근로자햇살론", inForce: true),
            StubProduct("SUNSHINE_15", "햇살론15", inForce: true),
            StubProduct("RETIRED_PRODUCT", "폐지상품", inForce: false),
        }));
        app.MapPost($"{prefix}/applications", (JsonElement body, HttpContext context) =>
        {
            var id = Guid.CreateVersion7();
            stub._owners[id] = PartnerCodeOf(context) ?? "staff";
            return Results.Json(StubApplication(id, "Submitted", body.GetProperty("productCode").GetString()!), statusCode: 201);
        });
        app.MapGet($"{prefix}/applications/{{id:guid}}", (Guid id, HttpContext context) =>
            stub._owners.TryGetValue(id, out var owner) && (PartnerCodeOf(context) is not { } partner || partner == owner)
                ? Results.Json(StubApplication(id, "Screening", "WORKER_SUNSHINE"))
                : Results.Problem(statusCode: 404, title: "Not found"));
        app.MapGet($"{prefix}/hanging", HangUntilAbortedAsync);
        map?.Invoke(app);
        app.Map($"{prefix}/{{**rest}}", Echo);
        app.MapFallback(Echo);
        await app.StartAsync();
        return stub;
    }

    private static IResult Echo(HttpContext context) => Results.Json(new { echoed = context.Request.Path.Value, method = context.Request.Method });

    private static string? PartnerCodeOf(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = header["Bearer ".Length..].Split('.');
        if (parts.Length < 2)
        {
            return null;
        }

        var payload = JsonDocument.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1])).RootElement;
        return payload.TryGetProperty("partner_code", out var code) ? code.GetString() : null;
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

    private static object StubProduct(string code, string name, bool inForce)
    {
        var version = new
        {
            code,
            version = 1,
            name,
            effectiveFrom = "2025-01-01",
            maxAmountPerPerson = 20_000_000L,
            termMonthsOptions = new[] { 36, 60 },
            guaranteeRatio = 0.9m,
            annualFeeRate = 0.01m,
            allowsYearlyInstalments = true,
            budget = (long?)null,
        };
        return new { code, inForce = inForce ? version : null, versions = new[] { version } };
    }

    private static object StubApplication(Guid id, string status, string productCode) => new
    {
        id,
        customerId = "CSTUB",
        maskedRrn = "900101-*******",
        productCode,
        productVersion = 1,
        channel = "partner",
        status,
        screeningOutcome = "referred",
        requestedAmount = 5_000_000L,
        termMonths = 60,
        approvedAmount = (long?)null,
        decisionReason = (string?)null,
        submittedAt = DateTimeOffset.UtcNow,
        decidedAt = (DateTimeOffset?)null,
    };

    public ReceivedRequest Last(string pathStartsWith) =>
        Received.Last(r => r.PathAndQuery.StartsWith(pathStartsWith, StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

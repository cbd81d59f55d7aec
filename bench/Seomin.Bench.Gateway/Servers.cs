using Yarp.ReverseProxy.Configuration;

namespace Seomin.Bench.Gateway;

/// <summary>The two processes the runner starts besides the gateway.</summary>
internal static class Servers
{
    /// <summary>A stand-in read endpoint shaped like the product catalogue: the same JSON from memory, no database.</summary>
    public static int RunBackend(string url)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var products = Enumerable.Range(1, 10)
            .Select(i => new Product($"PRODUCT-{i:D2}", $"근로자햇살론 {i}", 20_000_000L, 0.9m, 0.01m))
            .ToArray();
        app.MapGet("/alive", () => "alive");
        app.MapGet("/api/guarantees/products", () => products);
        app.Run();
        return 0;
    }

    /// <summary>YARP alone: one catch-all route to the backend, no authentication, quotas, telemetry or policies.</summary>
    public static int RunBareYarp(string url, string backend)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(url);
        builder.Logging.ClearProviders();
        builder.Services.AddReverseProxy().LoadFromMemory(
            [new RouteConfig { RouteId = "all", ClusterId = "backend", Match = new RouteMatch { Path = "/{**rest}" } }],
            [new ClusterConfig { ClusterId = "backend", Destinations = new Dictionary<string, DestinationConfig> { ["d"] = new() { Address = backend } } }]);
        var app = builder.Build();
        app.MapReverseProxy();
        app.Run();
        return 0;
    }

    private sealed record Product(string Code, string Name, long MaxAmount, decimal GuaranteeRatio, decimal AnnualFeeRate);
}

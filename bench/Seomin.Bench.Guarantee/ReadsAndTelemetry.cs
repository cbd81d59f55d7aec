using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.TestHost;
using Seomin.Bench.Shared;

namespace Seomin.Bench.Guarantee;

/// <summary>
/// Figure 4 (reads: the product catalogue vs a bare endpoint returning the same JSON from memory) and figure 5
/// (telemetry: the same load with OTLP export on vs off), both side by side in one run, alternated per round.
/// </summary>
internal static class ReadsAndTelemetry
{
    public const string CataloguePath = "/api/guarantees/products";

    /// <summary>
    /// The service's catalogue vs the same bytes served from memory by a bare endpoint; then, once, a client that
    /// sends the catalogue's ETag back (<c>If-None-Match</c>, answered 304 without a body) vs the bare endpoint.
    /// </summary>
    public static async Task<List<Result>> CatalogueAsync(HttpClient service, int seconds, int concurrency, int rounds)
    {
        using var first = await service.GetAsync(CataloguePath);
        var json = await first.Content.ReadAsByteArrayAsync();
        var etag = first.Headers.ETag?.Tag;
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        await using var bare = builder.Build();
        bare.MapGet(CataloguePath, () => Results.Bytes(json, "application/json"));
        await bare.StartAsync();
        var bareClient = bare.GetTestClient();
        Console.WriteLine($"catalogue: {json.Length:N0} bytes of JSON, ETag {etag ?? "none"}");

        await GetLoadAsync("warm-up bare", bareClient, CataloguePath, TimeSpan.FromSeconds(3), concurrency);
        await GetLoadAsync("warm-up service", service, CataloguePath, TimeSpan.FromSeconds(3), concurrency);
        var results = new List<Result>();
        for (var round = 1; round <= rounds; round++)
        {
            results.Add(await GetLoadAsync($"{round}: catalogue from memory (bare)", bareClient, CataloguePath, TimeSpan.FromSeconds(seconds), concurrency));
            results.Add(await GetLoadAsync($"{round}: catalogue, guarantee API", service, CataloguePath, TimeSpan.FromSeconds(seconds), concurrency));
        }

        if (etag is not null)
        {
            results.Add(await GetLoadAsync("304: catalogue from memory (bare)", bareClient, CataloguePath, TimeSpan.FromSeconds(seconds), concurrency));
            results.Add(await GetLoadAsync("304: catalogue, guarantee API, If-None-Match (304, no body)", service, CataloguePath, TimeSpan.FromSeconds(seconds), concurrency, etag));
        }

        return results;
    }

    /// <summary>A minimal OTLP/HTTP receiver: accepts every export (empty protobuf response) and counts the bytes.</summary>
    public static async Task<(WebApplication App, Uri Endpoint, Func<long> Received)> StartOtlpReceiverAsync()
    {
        long received = 0;
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        app.MapPost("/v1/{signal}", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            Interlocked.Add(ref received, body.Length);
            return Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address), () => Interlocked.Read(ref received));
    }

    /// <summary>GETs <paramref name="path"/> from <paramref name="concurrency"/> workers (<see cref="ClosedLoop"/>); with <paramref name="ifNoneMatch"/>, a 304 counts as an answer.</summary>
    public static Task<Result> GetLoadAsync(string name, HttpClient client, string path, TimeSpan duration, int concurrency, string? ifNoneMatch = null) =>
        ClosedLoop.GetAsync(name, client, path, duration, concurrency, ifNoneMatch);

    /// <summary>Prints pairs (baseline first) with the ratio of the second to the first.</summary>
    public static void PrintPairs(IReadOnlyList<Result> results, string ratioName) => ClosedLoop.PrintPairs(results, ratioName);

    public static HttpClient Authorised(HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

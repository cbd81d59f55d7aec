using System.Collections.Concurrent;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Seomin.ServiceDefaults.Endpoints;
using Seomin.ServiceDefaults.Problems;

namespace Seomin.ServiceDefaults.Tests.Endpoints;

/// <summary>
/// A request that fails while its store is unreachable cannot free its Idempotency-Key at once; the key is freed in the
/// background when the store answers again, so a retry runs instead of getting 409 for good. Kestrel with the shared
/// filter over an in-memory store whose releases fail on demand.
/// </summary>
public sealed class IdempotencyReleaseTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly FlakyStore _store = new();
    private WebApplication _app = null!;
    private HttpClient _client = null!;
    private volatile bool _handlerFails = true;
    private int _handlerRuns;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(_store);
        builder.Services.AddIdempotency<FlakyStoreScope>();
        _app = builder.Build();
        // What reaches the client: the exception the handler threw, not one from freeing the key (the services map
        // the filter's ConflictException to 409 and a database failure to 503 the same way).
        _app.Use(async (context, next) =>
        {
            try
            {
                await next(context);
            }
            catch (Exception error)
            {
                context.Response.StatusCode = error is ConflictException ? StatusCodes.Status409Conflict : StatusCodes.Status503ServiceUnavailable;
                await context.Response.WriteAsync(error.GetType().Name);
            }
        });
        _app.MapPost("/payments", () =>
        {
            Interlocked.Increment(ref _handlerRuns);
            return _handlerFails
                ? throw new TimeoutException("the database is gone")
                : TypedResults.Ok(new { paid = 10_000L });
        }).WithIdempotency();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _client = new HttpClient { BaseAddress = new Uri(address) };
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task FailedRequest_WhoseReleaseFails_IsAnsweredWithItsOwnErrorAndItsKeyIsFreedLater()
    {
        _store.ReleasesToFail = 3; // the immediate release and the first two background attempts

        using var failed = await PostAsync("key-1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.Equal(nameof(TimeoutException), await failed.Content.ReadAsStringAsync());
        Assert.True(_store.IsReserved("key-1"), "the key stays claimed while the store cannot free it");
        using (var meanwhile = await PostAsync("key-1"))
        {
            Assert.Equal(HttpStatusCode.Conflict, meanwhile.StatusCode);
        }

        await WaitUntilAsync(() => !_store.IsReserved("key-1"));
        _handlerFails = false;
        using var retried = await PostAsync("key-1");

        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        Assert.Equal(2, _handlerRuns); // the failed run and the retry; the 409 ran nothing
        Assert.Equal(0, _app.Services.GetRequiredService<IdempotencyReleases>().Waiting);
    }

    [Fact]
    public async Task FailedRequest_WhoseReleaseSucceeds_FreesItsKeyAtOnce()
    {
        using var failed = await PostAsync("key-2");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);
        Assert.False(_store.IsReserved("key-2"));
        Assert.Equal(0, _app.Services.GetRequiredService<IdempotencyReleases>().Waiting);
    }

    private Task<HttpResponseMessage> PostAsync(string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/payments") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        request.Headers.Add(IdempotencyFilter.HeaderName, key);
        return _client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the key was not freed in time");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The records, shared by every request's scoped store.</summary>
    public sealed class FlakyStore
    {
        private int _releasesToFail;

        public ConcurrentDictionary<IdempotencyKey, IdempotentResponse> Records { get; } = new();

        public int ReleasesToFail { set => Volatile.Write(ref _releasesToFail, value); }

        public bool IsReserved(string key) => Records.Keys.Any(k => k.Key == key);

        public bool ShouldFailRelease() => Interlocked.Decrement(ref _releasesToFail) >= 0;
    }

    private sealed class FlakyStoreScope(FlakyStore store) : IIdempotencyStore
    {
        public Task<IdempotentResponse?> FindAsync(IdempotencyKey key, CancellationToken cancellationToken) =>
            Task.FromResult(store.Records.TryGetValue(key, out var found) ? found : null);

        public Task<bool> TryReserveAsync(IdempotencyKey key, string requestHash, DateTimeOffset at, CancellationToken cancellationToken) =>
            Task.FromResult(store.Records.TryAdd(key, new IdempotentResponse(requestHash, 0, null, null, null)));

        public Task CompleteAsync(IdempotencyKey key, IdempotentResponse response, CancellationToken cancellationToken)
        {
            store.Records[key] = response;
            return Task.CompletedTask;
        }

        public Task ReleaseAsync(IdempotencyKey key, CancellationToken cancellationToken)
        {
            if (store.ShouldFailRelease())
            {
                throw new TimeoutException("the database is still gone");
            }

            if (store.Records.TryGetValue(key, out var record) && !record.IsComplete)
            {
                store.Records.TryRemove(key, out _);
            }

            return Task.CompletedTask;
        }
    }
}

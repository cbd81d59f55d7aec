using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Seomin.ServiceDefaults.Endpoints;

/// <summary>
/// Frees the Idempotency-Key of a failed request, and when that fails too (the request failed because the database was
/// unreachable, and so does the release) keeps retrying in the background, 1 s doubling to 30 s, until the store
/// answers. Without it such a key stayed claimed for good and every retry of a request that did nothing was answered
/// 409 "still being processed". Only failed requests are released: nothing they did was committed.
/// </summary>
public sealed partial class IdempotencyReleases(IServiceScopeFactory scopes, TimeProvider time, ILogger<IdempotencyReleases> logger) : BackgroundService
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(30);

    private readonly Channel<IdempotencyKey> _pending = Channel.CreateUnbounded<IdempotencyKey>();
    private int _waiting;

    /// <summary>Keys whose release failed and waits for its next attempt (a metric-like reading for tests and health).</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Releases the key now with the request's store; on failure queues it for the background retries.</summary>
    public async Task ReleaseAsync(IIdempotencyStore store, IdempotencyKey key)
    {
        try
        {
            await store.ReleaseAsync(key, CancellationToken.None);
        }
        catch (Exception error)
        {
            Interlocked.Increment(ref _waiting);
            LogReleaseDeferred(logger, error.GetType().Name);
            _pending.Writer.TryWrite(key);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var key in _pending.Reader.ReadAllAsync(stoppingToken))
        {
            var delay = FirstRetry;
            for (var attempt = 1; ; attempt++)
            {
                await Task.Delay(delay, time, stoppingToken);
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<IIdempotencyStore>().ReleaseAsync(key, stoppingToken);
                    Interlocked.Decrement(ref _waiting);
                    LogReleased(logger, attempt);
                    break;
                }
                catch (Exception error) when (!stoppingToken.IsCancellationRequested)
                {
                    LogRetryFailed(logger, attempt, error.GetType().Name);
                    delay = delay * 2 < LongestRetry ? delay * 2 : LongestRetry;
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not free the Idempotency-Key of a failed request ({Error}); retrying in the background")]
    private static partial void LogReleaseDeferred(ILogger logger, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Freed the Idempotency-Key of a failed request after {Attempts} background attempt(s)")]
    private static partial void LogReleased(ILogger logger, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Background attempt {Attempt} to free an Idempotency-Key failed ({Error})")]
    private static partial void LogRetryFailed(ILogger logger, int attempt, string error);
}

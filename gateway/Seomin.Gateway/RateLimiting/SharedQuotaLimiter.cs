using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using StackExchange.Redis;

namespace Seomin.Gateway.RateLimiting;

/// <summary>Which quota refused a request: it decides the error code (and the partner guide's wording).</summary>
public enum QuotaWindow
{
    PerSecond,
    PerDay,
    Anonymous,
}

/// <summary>What one request counts against: its partition and the limits of its two windows (day: none for anonymous callers).</summary>
public readonly record struct QuotaPartition(string Key, int PerSecond, int? PerDay, bool Anonymous);

/// <summary>
/// The gateway's quotas, counted in Redis so they hold across every replica: a one-second and a 24-hour fixed window per
/// caller, both checked and counted in <b>one</b> atomic script call (EVALSHA) — the library the gateway used before
/// (RedisRateLimiting) evaluated one window per round trip, two per request, which with the script lookup was the
/// largest cost left on an authenticated request (docs/benchmarks/gateway.md). While Redis cannot answer, the same
/// windows are counted in this replica's memory (fail open to per-replica limits, ADR 0015); those counters start
/// from zero when they are first needed.
/// </summary>
public sealed class SharedQuotaLimiter(QuotaStore store, Func<HttpContext, QuotaPartition> partitionOf) : PartitionedRateLimiter<HttpContext>
{
    // KEYS[1] the second window, KEYS[2] the day window (absent for anonymous callers); ARGV: limits and window lengths
    // in ms. A window starts with its first request (INCR then PEXPIRE on 1). Returns {refused window (0 none, 1 second,
    // 2 day), milliseconds until that window ends}. A request refused by the day window still counts in the second's.
    private static readonly LuaScript CountScript = LuaScript.Prepare("""
        local s = redis.call('INCR', @secondKey)
        if s == 1 then redis.call('PEXPIRE', @secondKey, @secondMs) end
        if s > tonumber(@secondLimit) then return {1, redis.call('PTTL', @secondKey)} end
        if @dayKey == '' then return {0, 0} end
        local d = redis.call('INCR', @dayKey)
        if d == 1 then redis.call('PEXPIRE', @dayKey, @dayMs) end
        if d > tonumber(@dayLimit) then return {2, redis.call('PTTL', @dayKey)} end
        return {0, 0}
        """);

    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    private readonly ConcurrentDictionary<string, FixedWindowRateLimiter> _local = new(StringComparer.Ordinal);

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    // The shared counter is only reachable asynchronously: refusing here makes the middleware call AcquireAsync.
    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) =>
        store.IsConfigured ? QuotaLease.NotYet : CountLocally(partitionOf(resource));

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        var partition = partitionOf(resource);
        if (store.IsConfigured)
        {
            try
            {
                var result = (RedisResult[])(await CountScript.EvaluateAsync(store.Connection.GetDatabase(), new
                {
                    secondKey = (RedisKey)$"{partition.Key}:sec:{partition.PerSecond}",
                    secondLimit = partition.PerSecond,
                    secondMs = (long)Second.TotalMilliseconds,
                    dayKey = (RedisKey)(partition.PerDay is { } perDay ? $"{partition.Key}:day:{perDay}" : ""),
                    dayLimit = partition.PerDay ?? 0,
                    dayMs = (long)Day.TotalMilliseconds,
                }))!;
                var refused = (int)result[0];
                var retryAfter = TimeSpan.FromMilliseconds(Math.Max(0, (long)result[1]));
                return refused switch
                {
                    0 => QuotaLease.Granted,
                    1 => new QuotaLease(false, partition.Anonymous ? QuotaWindow.Anonymous : QuotaWindow.PerSecond, retryAfter),
                    _ => new QuotaLease(false, QuotaWindow.PerDay, retryAfter),
                };
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                store.ReportUnavailable(ex);
            }
        }

        return CountLocally(partition);
    }

    /// <summary>This replica's own windows, used while the shared store is missing or down.</summary>
    private QuotaLease CountLocally(QuotaPartition partition)
    {
        using var second = Local($"{partition.Key}:sec:{partition.PerSecond}", partition.PerSecond, Second).AttemptAcquire();
        if (!second.IsAcquired)
        {
            return new QuotaLease(false, partition.Anonymous ? QuotaWindow.Anonymous : QuotaWindow.PerSecond, RetryAfterOf(second, Second));
        }

        if (partition.PerDay is { } perDay)
        {
            using var day = Local($"{partition.Key}:day:{perDay}", perDay, Day).AttemptAcquire();
            if (!day.IsAcquired)
            {
                return new QuotaLease(false, QuotaWindow.PerDay, RetryAfterOf(day, Day));
            }
        }

        return QuotaLease.Granted;
    }

    private FixedWindowRateLimiter Local(string key, int permits, TimeSpan window) =>
        _local.GetOrAdd(key, _ => new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    private static TimeSpan RetryAfterOf(RateLimitLease lease, TimeSpan fallback) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : fallback;

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var limiter in _local.Values)
            {
                limiter.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>A lease that says which window refused it and how long to wait.</summary>
    public sealed class QuotaLease(bool acquired, QuotaWindow window, TimeSpan retryAfter) : RateLimitLease
    {
        public const string WindowMetadata = "SEOMIN_QUOTA_WINDOW";

        internal static readonly QuotaLease Granted = new(true, QuotaWindow.PerSecond, TimeSpan.Zero);

        internal static readonly QuotaLease NotYet = new(false, QuotaWindow.PerSecond, TimeSpan.Zero);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name, WindowMetadata];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == WindowMetadata ? window
                : metadataName == MetadataName.RetryAfter.Name ? retryAfter
                : null;
            return metadata is not null;
        }
    }
}

using System.Globalization;
using System.Threading.RateLimiting;
using RedisRateLimiting;
using StackExchange.Redis;

namespace Seomin.Gateway.RateLimiting;

/// <summary>Which quota refused a request: it decides the error code (and the partner guide's wording).</summary>
public enum QuotaWindow
{
    PerSecond,
    PerDay,
    Anonymous,
}

/// <summary>
/// One quota partition: a fixed window counted in Redis, shared by every gateway replica, and the same window counted
/// in this replica's memory, used only while Redis cannot answer (fail open to per-replica limits, ADR 0015).
/// </summary>
public sealed class SharedQuotaLimiter : RateLimiter
{
    private readonly RedisFixedWindowRateLimiter<string>? _shared;
    private readonly FixedWindowRateLimiter _local;
    private readonly QuotaStore _store;
    private readonly QuotaWindow _window;

    public SharedQuotaLimiter(string key, int permitLimit, TimeSpan window, QuotaWindow kind, QuotaStore store)
    {
        _store = store;
        _window = kind;
        _local = new FixedWindowRateLimiter(new FixedWindowRateLimiterOptions
        {
            PermitLimit = permitLimit,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });
        if (store.IsConfigured)
        {
            _shared = new RedisFixedWindowRateLimiter<string>(key, new RedisFixedWindowRateLimiterOptions
            {
                PermitLimit = permitLimit,
                Window = window,
                ConnectionMultiplexerFactory = () => store.Connection,
            });
        }
    }

    public override TimeSpan? IdleDuration => _local.IdleDuration;

    public override RateLimiterStatistics? GetStatistics() => _local.GetStatistics();

    // The shared counter is only reachable asynchronously: refusing here makes the middleware call AcquireAsync.
    protected override RateLimitLease AttemptAcquireCore(int permitCount) =>
        _shared is null ? new QuotaLease(_local.AttemptAcquire(permitCount), _window) : QuotaLease.NotYet;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken)
    {
        if (_shared is not null)
        {
            try
            {
                return new QuotaLease(await _shared.AcquireAsync(permitCount, cancellationToken), _window);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
            {
                _store.ReportUnavailable(ex);
            }
        }

        return new QuotaLease(_local.AttemptAcquire(permitCount), _window);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _local.Dispose();
            _shared?.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A lease that says which window it came from and how long to wait, whichever counter answered.</summary>
    public sealed class QuotaLease(RateLimitLease inner, QuotaWindow window) : RateLimitLease
    {
        public const string WindowMetadata = "SEOMIN_QUOTA_WINDOW";

        // RedisRateLimiting names its retry-after metadata differently from System.Threading.RateLimiting.
        private const string RedisRetryAfterMetadata = "RATELIMIT_RETRYAFTER";

        internal static readonly QuotaLease NotYet = new(new UnavailableLease(), QuotaWindow.PerSecond);

        public override bool IsAcquired => inner.IsAcquired;

        public override IEnumerable<string> MetadataNames => [MetadataName.RetryAfter.Name, WindowMetadata];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            if (metadataName == WindowMetadata)
            {
                metadata = window;
                return true;
            }

            if (metadataName == MetadataName.RetryAfter.Name
                && (inner.TryGetMetadata(metadataName, out var raw) || inner.TryGetMetadata(RedisRetryAfterMetadata, out raw)))
            {
                // The in-memory limiter gives a TimeSpan, RedisRateLimiting whole seconds.
                metadata = raw switch
                {
                    TimeSpan span => span,
                    int seconds => TimeSpan.FromSeconds(seconds),
                    long seconds => TimeSpan.FromSeconds(seconds),
                    _ => TimeSpan.FromSeconds(Convert.ToDouble(raw, CultureInfo.InvariantCulture)),
                };
                return true;
            }

            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class UnavailableLease : RateLimitLease
    {
        public override bool IsAcquired => false;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}

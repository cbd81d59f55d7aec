using StackExchange.Redis;

namespace Seomin.Gateway.RateLimiting;

/// <summary>
/// The Redis server every gateway replica keeps its quota counters in (<c>ConnectionStrings:quotas</c>). Connected
/// once, lazily, never failing the start: while Redis is unreachable the limiter falls back to this replica's own
/// counters (docs/adr/0015-gateway-edge-and-shared-quotas.md). Short timeouts, so a dead store costs a request
/// milliseconds, not seconds.
/// </summary>
public sealed partial class QuotaStore : IDisposable
{
    public const string ConnectionStringName = "quotas";

    private readonly Lazy<IConnectionMultiplexer>? _connection;
    private readonly ILogger<QuotaStore> _logger;
    private readonly TimeProvider _timeProvider;
    private long _lastWarningTicks;

    public QuotaStore(IConfiguration configuration, ILogger<QuotaStore> logger, TimeProvider timeProvider)
    {
        _logger = logger;
        _timeProvider = timeProvider;
        var connectionString = configuration.GetConnectionString("quotas");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return;
        }

        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 2000;
        options.SyncTimeout = 1000;
        options.AsyncTimeout = 1000;
        options.ConnectRetry = 1;
        options.ClientName = "seomin-gateway";
        _connection = new Lazy<IConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(options));
    }

    /// <summary>False when no shared store is configured: this replica counts alone (one-replica development runs).</summary>
    public bool IsConfigured => _connection is not null;

    public IConnectionMultiplexer Connection =>
        _connection?.Value ?? throw new InvalidOperationException($"ConnectionStrings:{ConnectionStringName} is not configured.");

    /// <summary>Notes that the store failed a request; logs at most one warning every 30 seconds.</summary>
    public void ReportUnavailable(Exception exception)
    {
        var now = _timeProvider.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastWarningTicks);
        if (now - last >= TimeSpan.FromSeconds(30).Ticks && Interlocked.CompareExchange(ref _lastWarningTicks, now, last) == last)
        {
            LogStoreUnavailable(_logger, exception.GetType().Name);
        }
    }

    public void Dispose()
    {
        if (_connection is { IsValueCreated: true })
        {
            _connection.Value.Dispose();
        }
    }

    [LoggerMessage(EventId = 8601, Level = LogLevel.Warning,
        Message = "The shared quota store is unavailable ({Reason}): this replica enforces its own counters until it is back")]
    private static partial void LogStoreUnavailable(ILogger logger, string reason);
}

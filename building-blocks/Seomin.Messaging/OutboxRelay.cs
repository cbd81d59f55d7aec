using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Seomin.Messaging;

/// <summary>Background service that delivers committed outbox rows in order, with backoff while the broker is down.</summary>
internal sealed class OutboxRelay : BackgroundService
{
    private static readonly TimeSpan BacklogRefreshInterval = TimeSpan.FromSeconds(2);

    private readonly OutboxRelayWorker _worker;
    private readonly OutboxSignal _signal;
    private readonly MessagingOptions _options;
    private readonly MessagingMetrics _metrics;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<OutboxRelay> _logger;

    public OutboxRelay(
        OutboxRelayWorker worker,
        OutboxSignal signal,
        IOptions<MessagingOptions> options,
        MessagingMetrics metrics,
        TimeProvider timeProvider,
        ILogger<OutboxRelay> logger)
    {
        _worker = worker;
        _signal = signal;
        _options = options.Value;
        _metrics = metrics;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Let the host finish starting (and the bus connect) before the first database round trip.
        await Task.Yield();
        var backoff = _options.RelayInitialBackoff;
        var lastBacklog = DateTimeOffset.MinValue;
        var lastPrune = _timeProvider.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var delivered = await _worker.DeliverBatchAsync(stoppingToken);
                backoff = _options.RelayInitialBackoff;

                var now = _timeProvider.GetUtcNow();
                if (now - lastBacklog >= BacklogRefreshInterval)
                {
                    await _worker.RefreshBacklogAsync(stoppingToken);
                    lastBacklog = now;
                }

                if (now - lastPrune >= _options.PruneInterval)
                {
                    await _worker.PruneAsync(stoppingToken);
                    lastPrune = now;
                }

                if (delivered < _options.RelayBatchSize)
                {
                    await _signal.WaitAsync(_options.RelayPollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                _metrics.DeliveryFailed();
                MessagingLog.RelayFailed(_logger, ex, backoff);
                try
                {
                    await Task.Delay(backoff, _timeProvider, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.RelayMaxBackoff.Ticks));
            }
        }
    }
}

using Microsoft.Extensions.Options;

namespace Seomin.Gateway.Tokens;

/// <summary>Checks hourly whether the signing key is due for rotation.</summary>
public sealed partial class KeyRotationService(
    SigningKeyStore keys,
    TimeProvider timeProvider,
    IOptions<GatewayOptions> options,
    ILogger<KeyRotationService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Authority.IsConfigured)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await keys.RotateIfDueAsync(stoppingToken);
            }
            catch (Npgsql.NpgsqlException exception)
            {
                LogRotationFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "Signing key rotation check failed; retrying next hour")]
    private static partial void LogRotationFailed(ILogger logger, Exception exception);
}

using Microsoft.Extensions.Options;
using Seomin.Access;

namespace Seomin.Gateway.Security;

/// <summary>
/// Keeps the gateway's revocation list current without a message bus: every
/// <see cref="GatewayOptions.RevocationPollInterval"/> it reads the token service's unexpired revocations
/// (<c>GET {Seomin:Identity:Authority}/revocations/active</c>, the list services load at start-up) and applies them,
/// so a revoked token stops at the gateway within one interval; the services behind it refuse it at once from their
/// notices (ADR 0015). A failed read keeps the list as it was; one warning a minute at most.
/// </summary>
public sealed partial class RevocationPolling(
    IHttpClientFactory httpClients,
    ITokenRevocations revocations,
    IOptions<AccessOptions> access,
    IOptions<GatewayOptions> gateway,
    TimeProvider time,
    ILogger<RevocationPolling> logger) : BackgroundService
{
    private DateTimeOffset _lastWarning = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = gateway.Value.RevocationPollInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, time);
        do
        {
            await PollOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Reads and applies the active list once; false when the token service did not answer with one.</summary>
    public async Task<bool> PollOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var client = httpClients.CreateClient(TokenValidationExtensions.MetadataHttpClient);
            var address = new Uri(access.Value.Authority, "revocations/active");
            var entries = await client.GetFromJsonAsync<List<ActiveRevocation>>(address, cancellationToken) ?? [];
            foreach (var entry in entries)
            {
                revocations.Apply(entry.TokenId, entry.Subject, entry.ClientId, entry.RevokedAt, entry.ExpiresAt);
            }

            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException or InvalidOperationException)
        {
            var now = time.GetUtcNow();
            if (now - _lastWarning >= TimeSpan.FromMinutes(1))
            {
                _lastWarning = now;
                LogPollFailed(logger, ex.GetType().Name);
            }

            return false;
        }
    }

    private sealed record ActiveRevocation(string? TokenId, string? Subject, string? ClientId, DateTimeOffset RevokedAt, DateTimeOffset ExpiresAt);

    [LoggerMessage(EventId = 8304, Level = LogLevel.Warning,
        Message = "Could not read the token service's active revocations ({Reason}); the gateway keeps the list it has")]
    private static partial void LogPollFailed(ILogger logger, string reason);
}

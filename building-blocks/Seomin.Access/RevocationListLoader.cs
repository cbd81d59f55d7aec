using System.Net.Http.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Seomin.Access;

/// <summary>
/// At start-up, reads the revocations that can still match an unexpired token from the token service
/// (<c>GET {Authority}/revocations/active</c>), so an instance started after a notice was published refuses those
/// tokens too. Best effort: a few attempts with a growing pause, then a warning and the service carries on (notices
/// received from then on still apply).
/// </summary>
internal sealed partial class RevocationListLoader(
    IHttpClientFactory httpClients,
    ITokenRevocations revocations,
    IOptions<AccessOptions> options,
    TimeProvider time,
    ILogger<RevocationListLoader> logger) : BackgroundService
{
    public const string Path = "revocations/active";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var access = options.Value;
        var address = new Uri(access.Authority, Path);
        var pause = access.RevocationLoadFirstPause;
        for (var attempt = 1; attempt <= access.RevocationLoadAttempts; attempt++)
        {
            try
            {
                var client = httpClients.CreateClient(TokenValidationExtensions.MetadataHttpClient);
                var entries = await client.GetFromJsonAsync<List<ActiveRevocation>>(address, stoppingToken) ?? [];
                foreach (var entry in entries)
                {
                    revocations.Apply(entry.TokenId, entry.Subject, entry.ClientId, entry.RevokedAt, entry.ExpiresAt);
                }

                LogLoaded(logger, entries.Count);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or TaskCanceledException or InvalidOperationException)
            {
                LogAttemptFailed(logger, attempt, access.RevocationLoadAttempts, ex.GetType().Name);
            }

            if (attempt < access.RevocationLoadAttempts)
            {
                await Task.Delay(pause, time, stoppingToken);
                pause *= 2;
            }
        }

        LogGaveUp(logger);
    }

    private sealed record ActiveRevocation(string? TokenId, string? Subject, string? ClientId, DateTimeOffset RevokedAt, DateTimeOffset ExpiresAt);

    [LoggerMessage(EventId = 4121, Level = LogLevel.Information, Message = "Loaded {Count} active revocations from the token service")]
    private static partial void LogLoaded(ILogger logger, int count);

    [LoggerMessage(EventId = 4122, Level = LogLevel.Debug, Message = "Reading the active revocations failed (attempt {Attempt} of {Attempts}: {ErrorType})")]
    private static partial void LogAttemptFailed(ILogger logger, int attempt, int attempts, string errorType);

    [LoggerMessage(EventId = 4123, Level = LogLevel.Warning,
        Message = "Could not read the active revocations from the token service; carrying on with the revocation notices received from now on")]
    private static partial void LogGaveUp(ILogger logger);
}

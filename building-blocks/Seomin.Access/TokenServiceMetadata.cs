using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Seomin.Access;

/// <summary>
/// The token service's metadata and signing keys as this instance knows them. Replaces IdentityModel's
/// ConfigurationManager, which (since 8.x) reads the keys again in the background after a refresh is requested: the
/// request carrying a token signed with a new key is refused, and a withdrawn key stays accepted until the background
/// read lands. Here a requested refresh makes the next caller wait for the read, so a token with an unknown
/// <c>kid</c> is validated against the new keys in the same request (JsonWebTokenHandler asks for a refresh and reads
/// the configuration again), and a withdrawal notice takes effect on the next request. Reads are rate-limited by
/// <see cref="AccessOptions.MinimumRefreshInterval"/> (a refresh asked for sooner waits for the interval to pass); when the token service cannot be reached the keys already read
/// stay in use, so issued tokens keep validating while it is down.
/// </summary>
internal sealed partial class TokenServiceMetadata : BaseConfigurationManager, IConfigurationManager<OpenIdConnectConfiguration>
{
    private readonly string _metadataAddress;
    private readonly IDocumentRetriever _retriever;
    private readonly TimeProvider _time;
    private readonly TimeSpan _automaticInterval;
    private readonly TimeSpan _minimumInterval;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _reading = new(1, 1);
    private OpenIdConnectConfiguration? _current;
    private long _syncAfterTicks; // UTC ticks, read and written across threads
    private DateTimeOffset _lastRead = DateTimeOffset.MinValue;
    private long _version;

    public TokenServiceMetadata(
        string metadataAddress, HttpClient backchannel, bool requireHttps, AccessOptions options, TimeProvider time, ILogger logger)
    {
        _metadataAddress = metadataAddress;
        MetadataAddress = metadataAddress;
        _retriever = new HttpDocumentRetriever(backchannel) { RequireHttps = requireHttps };
        _time = time;
        _automaticInterval = options.MetadataRefreshInterval;
        _minimumInterval = options.MinimumRefreshInterval;
        _logger = logger;
        UseLastKnownGoodConfiguration = false;
    }

    public override async Task<BaseConfiguration> GetBaseConfigurationAsync(CancellationToken cancel) =>
        await GetConfigurationAsync(cancel);

    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(CancellationToken cancel)
    {
        var known = _current;
        if (known is not null && _time.GetUtcNow().UtcTicks < Volatile.Read(ref _syncAfterTicks))
        {
            return known;
        }

        await _reading.WaitAsync(cancel);
        try
        {
            var now = _time.GetUtcNow();
            if (_current is not null && now.UtcTicks < Volatile.Read(ref _syncAfterTicks))
            {
                return _current;
            }

            if (_current is not null && now - _lastRead < _minimumInterval)
            {
                // A refresh was asked for (an unknown kid, a key notice) soon after the last read, which may have
                // raced the token service publishing its new key: wait out the minimum interval and read once more,
                // rather than refuse a valid token. Reads stay at most one per interval; waiting callers share it.
                await Task.Delay(_lastRead + _minimumInterval - now, _time, cancel);
                now = _time.GetUtcNow();
            }

            try
            {
                _lastRead = now;
                var read = await OpenIdConnectConfigurationRetriever.GetAsync(_metadataAddress, _retriever, cancel);
                _current = read;
                Interlocked.Increment(ref _version);
                Volatile.Write(ref _syncAfterTicks, (now + _automaticInterval).UtcTicks);
                LogKeysRead(_logger, read.SigningKeys.Count);
                return read;
            }
            catch (Exception ex) when (_current is not null && ex is not OperationCanceledException)
            {
                // Keep validating with the keys already read; try again after the minimum interval.
                Volatile.Write(ref _syncAfterTicks, (now + _minimumInterval).UtcTicks);
                LogReadFailedKeepingKeys(_logger, ex.GetType().Name);
                return _current;
            }
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>Increases with every successful read of the metadata and keys: what was validated before may no longer be.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>The next caller reads the metadata and keys again (no sooner than the minimum interval after the last read).</summary>
    public override void RequestRefresh() => Volatile.Write(ref _syncAfterTicks, 0);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Read the token service's signing keys: {KeyCount} keys")]
    private static partial void LogKeysRead(ILogger logger, int keyCount);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning,
        Message = "Could not read the token service's metadata ({ErrorType}); validating with the keys already read")]
    private static partial void LogReadFailedKeepingKeys(ILogger logger, string errorType);
}

using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Seomin.Gateway.Tokens;

namespace Seomin.Gateway.Security;

/// <summary>Where the keys that verify access tokens come from: the embedded token service or an external authority's JWKS.</summary>
public interface IValidationKeySource
{
    string Issuer { get; }

    string Audience { get; }

    /// <summary>Tokens of the embedded service carry <c>typ: at+jwt</c>; an external authority may not.</summary>
    bool RequireAccessTokenType { get; }

    ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(string? keyId, CancellationToken cancellationToken);
}

public sealed class EmbeddedValidationKeySource(SigningKeyStore keys, IOptions<GatewayOptions> options) : IValidationKeySource
{
    private sealed record Snapshot(IReadOnlyList<SigningKey> Source, IReadOnlyList<SecurityKey> Keys);

    private volatile Snapshot _snapshot = new([], []);

    public string Issuer => options.Value.Issuer;

    public string Audience => options.Value.Audience;

    public bool RequireAccessTokenType => true;

    public async ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(string? keyId, CancellationToken cancellationToken)
    {
        if (keyId is not null)
        {
            await keys.RefreshForUnknownKeyAsync(keyId, cancellationToken);
        }

        var published = keys.PublishedSigningKeys;
        var snapshot = _snapshot;
        if (!ReferenceEquals(published, snapshot.Source))
        {
            snapshot = new Snapshot(published, published.Select(k => (SecurityKey)k.PublicSecurityKey).ToList());
            _snapshot = snapshot;
        }

        return snapshot.Keys;
    }
}

/// <summary>Keys of an external authority, fetched from its JWKS URL, cached for 10 minutes and refetched on an unknown key id.</summary>
public sealed partial class ExternalValidationKeySource(
    IHttpClientFactory httpClientFactory,
    TimeProvider timeProvider,
    IOptions<GatewayOptions> options,
    ILogger<ExternalValidationKeySource> logger) : IValidationKeySource
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private IReadOnlyList<SecurityKey> _keys = [];
    private DateTimeOffset _loadedAt = DateTimeOffset.MinValue;

    public string Issuer => options.Value.Authority.Issuer!;

    public string Audience => options.Value.Authority.Audience ?? options.Value.Audience;

    public bool RequireAccessTokenType => false;

    public async ValueTask<IReadOnlyList<SecurityKey>> GetKeysAsync(string? keyId, CancellationToken cancellationToken)
    {
        var age = timeProvider.GetUtcNow() - _loadedAt;
        var unknownKey = keyId is not null && _keys.All(k => k.KeyId != keyId);
        if (age < TimeSpan.FromMinutes(10) && !(unknownKey && age > TimeSpan.FromSeconds(10)))
        {
            return _keys;
        }

        await _lock.WaitAsync(cancellationToken);
        try
        {
            var client = httpClientFactory.CreateClient(nameof(ExternalValidationKeySource));
            var json = await client.GetStringAsync(options.Value.Authority.JwksUri, cancellationToken);
            _keys = new JsonWebKeySet(json).GetSigningKeys().ToList();
            _loadedAt = timeProvider.GetUtcNow();
        }
        catch (HttpRequestException exception)
        {
            LogJwksFetchFailed(logger, exception);
        }
        finally
        {
            _lock.Release();
        }

        return _keys;
    }

    [LoggerMessage(EventId = 8201, Level = LogLevel.Error, Message = "Could not fetch the external authority's JWKS")]
    private static partial void LogJwksFetchFailed(ILogger logger, Exception exception);
}

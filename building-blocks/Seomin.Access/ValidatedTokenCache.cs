using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Seomin.Access;

/// <summary>
/// The token handler every service and the gateway validate with: IdentityModel's <see cref="JsonWebTokenHandler"/>,
/// remembering the tokens it has already validated (by their exact text) until they expire, so a caller's token is
/// parsed and its ES256 signature verified once, not on every request — the signature check was the largest single
/// cost of an authenticated request through the gateway (docs/benchmarks/gateway.md). The cache is emptied whenever
/// the token service's keys are read again (a rotation, a withdrawal notice, the periodic refresh), so a withdrawn
/// key stops validating exactly as before; revocation is checked per request after this handler (OnTokenValidated),
/// cached or not. Each request gets its own copy of the identity, never a shared one.
/// </summary>
internal sealed class CachingJsonWebTokenHandler(TokenServiceMetadata metadata, TimeProvider time) : JsonWebTokenHandler
{
    /// <summary>Distinct valid tokens remembered; beyond it the cache starts again (tokens live minutes).</summary>
    internal const int Capacity = 20_000;

    private readonly ConcurrentDictionary<string, Entry> _validated = new(StringComparer.Ordinal);
    private long _version = -1;

    /// <summary>Validations answered from the cache (diagnostics and tests).</summary>
    internal long Hits => Interlocked.Read(ref _hits);

    private long _hits;

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);

        // The current keys first: a read since the token was remembered (new or withdrawn keys) empties the cache.
        await metadata.GetConfigurationAsync(CancellationToken.None);
        var version = metadata.Version;
        if (Interlocked.Exchange(ref _version, version) != version)
        {
            _validated.Clear();
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (token is not null && _validated.TryGetValue(token, out var entry) && entry.Version == version && now < entry.ValidUntil)
        {
            Interlocked.Increment(ref _hits);
            return new TokenValidationResult
            {
                IsValid = true,
                ClaimsIdentity = entry.Result.ClaimsIdentity.Clone(),
                SecurityToken = entry.Result.SecurityToken,
                TokenType = entry.Result.TokenType,
                Issuer = entry.Result.Issuer,
            };
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (token is not null && result.IsValid && result.SecurityToken is JsonWebToken jwt && jwt.ValidTo > now)
        {
            if (_validated.Count >= Capacity)
            {
                _validated.Clear();
            }

            // Accepted until expiry plus the same clock skew the full validation allows.
            // The request that validated it may change its identity: remember a copy of its own.
            _validated[token] = new Entry(
                new TokenValidationResult { IsValid = true, ClaimsIdentity = result.ClaimsIdentity.Clone(), SecurityToken = jwt, TokenType = result.TokenType, Issuer = result.Issuer },
                jwt.ValidTo + validationParameters.ClockSkew,
                version);
        }

        return result;
    }

    private sealed record Entry(TokenValidationResult Result, DateTime ValidUntil, long Version);
}

using System.Collections.Concurrent;
using System.Security.Claims;

namespace Seomin.Gateway.Security;

/// <summary>
/// Tokens already verified, keyed by their exact text, until they expire: a client reuses its token for up to
/// 10 minutes, and an ECDSA verification per request would dominate the gateway's cost. Only valid tokens enter;
/// the client's status (revocation) is still checked on every request.
/// </summary>
public sealed class ValidatedTokenCache(TimeProvider timeProvider)
{
    private const int MaxEntries = 20_000;
    private readonly ConcurrentDictionary<string, (ClaimsIdentity Identity, DateTimeOffset ExpiresAt)> _entries = new(StringComparer.Ordinal);

    public ClaimsIdentity? Find(string token)
    {
        if (!_entries.TryGetValue(token, out var entry))
        {
            return null;
        }

        if (entry.ExpiresAt <= timeProvider.GetUtcNow())
        {
            _entries.TryRemove(token, out _);
            return null;
        }

        return entry.Identity.Clone();
    }

    public void Add(string token, ClaimsIdentity identity, DateTime validTo)
    {
        if (_entries.Count >= MaxEntries)
        {
            // Bounded by clearing: a refill costs one verification per active token.
            _entries.Clear();
        }

        _entries[token] = (identity, new DateTimeOffset(DateTime.SpecifyKind(validTo, DateTimeKind.Utc)));
    }
}

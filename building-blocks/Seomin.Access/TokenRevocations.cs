using System.Collections.Concurrent;

namespace Seomin.Access;

/// <summary>
/// Tokens a service must refuse although their signature and lifetime are valid: single tokens by id, and every token
/// issued before a moment to a person (sign-out, lockout) or to a client (revoked, secret rotated). Fed by the token
/// service's revocation notices; entries are kept until every token they can match has expired.
/// </summary>
public interface ITokenRevocations
{
    bool IsRevoked(string? tokenId, string? subject, string? clientId, DateTimeOffset issuedAt);

    void RevokeToken(string tokenId, DateTimeOffset expiresAt);

    void RevokeSubject(string subject, DateTimeOffset issuedBefore, DateTimeOffset expiresAt);

    void RevokeClient(string clientId, DateTimeOffset issuedBefore, DateTimeOffset expiresAt);
}

public static class TokenRevocationsExtensions
{
    /// <summary>
    /// Applies one revocation (a notice, or an entry of the token service's active list): exactly one of
    /// <paramref name="tokenId"/>, <paramref name="subject"/> or <paramref name="clientId"/> names what is revoked.
    /// Returns what kind it was (for logs: never the value).
    /// </summary>
    public static string Apply(
        this ITokenRevocations revocations, string? tokenId, string? subject, string? clientId, DateTimeOffset revokedAt, DateTimeOffset expiresAt)
    {
        ArgumentNullException.ThrowIfNull(revocations);
        if (!string.IsNullOrEmpty(tokenId))
        {
            revocations.RevokeToken(tokenId, expiresAt);
            return "token";
        }

        if (!string.IsNullOrEmpty(subject))
        {
            revocations.RevokeSubject(subject, revokedAt, expiresAt);
            return "subject";
        }

        if (!string.IsNullOrEmpty(clientId))
        {
            revocations.RevokeClient(clientId, revokedAt, expiresAt);
            return "client";
        }

        return "nothing";
    }
}

/// <summary>This instance's revocation list, in memory (every instance receives every notice).</summary>
public sealed class InMemoryTokenRevocations(TimeProvider timeProvider) : ITokenRevocations
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTimeOffset Before, DateTimeOffset Until)> _subjects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTimeOffset Before, DateTimeOffset Until)> _clients = new(StringComparer.Ordinal);

    public bool IsRevoked(string? tokenId, string? subject, string? clientId, DateTimeOffset issuedAt)
    {
        return (tokenId is not null && _tokens.ContainsKey(tokenId))
            || (subject is not null && _subjects.TryGetValue(subject, out var s) && issuedAt <= s.Before)
            || (clientId is not null && _clients.TryGetValue(clientId, out var c) && issuedAt <= c.Before);
    }

    public void RevokeToken(string tokenId, DateTimeOffset expiresAt)
    {
        Prune();
        _tokens[tokenId] = expiresAt;
    }

    public void RevokeSubject(string subject, DateTimeOffset issuedBefore, DateTimeOffset expiresAt)
    {
        Prune();
        _subjects.AddOrUpdate(subject, (issuedBefore, expiresAt), (_, old) => (Max(old.Before, issuedBefore), Max(old.Until, expiresAt)));
    }

    public void RevokeClient(string clientId, DateTimeOffset issuedBefore, DateTimeOffset expiresAt)
    {
        Prune();
        _clients.AddOrUpdate(clientId, (issuedBefore, expiresAt), (_, old) => (Max(old.Before, issuedBefore), Max(old.Until, expiresAt)));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>
    /// Forgets entries no token they could match can outlive. Run on the rare writes, not on every request's lookup:
    /// a lookup's answer does not depend on it (an entry past its end matches only expired tokens).
    /// </summary>
    private void Prune()
    {
        var now = timeProvider.GetUtcNow();
        PruneExpired(_tokens, until => until, now);
        PruneExpired(_subjects, entry => entry.Until, now);
        PruneExpired(_clients, entry => entry.Until, now);
    }

    private static void PruneExpired<T>(ConcurrentDictionary<string, T> entries, Func<T, DateTimeOffset> until, DateTimeOffset now)
    {
        foreach (var (key, value) in entries)
        {
            if (until(value) < now)
            {
                entries.TryRemove(key, out _);
            }
        }
    }
}

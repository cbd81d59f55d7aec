using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Seomin.Gateway.Clients;

/// <summary>
/// Short-lived cache of client records consulted on every authenticated request. A revocation through this
/// gateway invalidates the entry at once; other replicas see it within <see cref="GatewayOptions.ClientCacheDuration"/>.
/// </summary>
public sealed class ClientCache(ClientStore store, TimeProvider timeProvider, IOptions<GatewayOptions> options)
{
    private readonly ConcurrentDictionary<string, (ClientRecord? Client, DateTimeOffset LoadedAt)> _entries = new(StringComparer.Ordinal);

    public async ValueTask<ClientRecord?> GetAsync(string clientId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (_entries.TryGetValue(clientId, out var entry) && now - entry.LoadedAt < options.Value.ClientCacheDuration)
        {
            return entry.Client;
        }

        var client = await store.FindAsync(clientId, cancellationToken);
        _entries[clientId] = (client, now);
        return client;
    }

    public void Invalidate(string clientId) => _entries.TryRemove(clientId, out _);
}

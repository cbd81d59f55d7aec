using Xunit;

namespace Seomin.Testing;

/// <summary>
/// One Redis server per test assembly for assemblies that need nothing else (the gateway's tests):
/// <c>[assembly: AssemblyFixture(typeof(RedisServers))]</c>. Assemblies that already use <see cref="PlatformServers"/>
/// take Redis from <see cref="PlatformServers.GetRedisAsync"/> instead.
/// </summary>
public sealed class RedisServers : IAsyncLifetime
{
    private RedisServer? _redis;

    public RedisServer Redis => _redis ?? throw new InvalidOperationException("Redis is not started.");

    public async ValueTask InitializeAsync() => _redis = await RedisServer.StartSharedAsync();

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}

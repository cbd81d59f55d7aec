using Xunit;

namespace Seomin.Testing;

/// <summary>
/// One PostgreSQL server and one RabbitMQ node per test assembly (an xunit v3 assembly fixture):
/// <c>[assembly: AssemblyFixture(typeof(PlatformServers))]</c>. Both start in parallel; test classes isolate
/// themselves with their own database and virtual host, so they run in parallel. Redis (the gateway's quota store)
/// starts only when a test first asks for it (<see cref="GetRedisAsync"/>).
/// </summary>
public sealed class PlatformServers : IAsyncLifetime
{
    private readonly Lazy<Task<RedisServer>> _redis = new(RedisServer.StartSharedAsync);
    private PostgresServer? _postgres;
    private RabbitMqServer? _rabbitMq;

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("Servers are not started.");

    public RabbitMqServer RabbitMq => _rabbitMq ?? throw new InvalidOperationException("Servers are not started.");

    /// <summary>The shared Redis server, started on first use.</summary>
    public Task<RedisServer> GetRedisAsync() => _redis.Value;

    public async ValueTask InitializeAsync()
    {
        var postgres = PostgresServer.StartSharedAsync();
        var rabbit = RabbitMqServer.StartSharedAsync();
        try
        {
            await Task.WhenAll(postgres, rabbit);
        }
        finally
        {
            _postgres = postgres.IsCompletedSuccessfully ? postgres.Result : null;
            _rabbitMq = rabbit.IsCompletedSuccessfully ? rabbit.Result : null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis.IsValueCreated && _redis.Value.IsCompletedSuccessfully)
        {
            await _redis.Value.Result.DisposeAsync();
        }

        if (_rabbitMq is not null)
        {
            await _rabbitMq.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}

using Xunit;

namespace Seomin.Testing;

/// <summary>
/// One PostgreSQL server and one RabbitMQ node per test assembly (an xunit v3 assembly fixture):
/// <c>[assembly: AssemblyFixture(typeof(PlatformServers))]</c>. Both start in parallel; test classes isolate
/// themselves with their own database and virtual host, so they run in parallel.
/// </summary>
public sealed class PlatformServers : IAsyncLifetime
{
    private PostgresServer? _postgres;
    private RabbitMqServer? _rabbitMq;

    public PostgresServer Postgres => _postgres ?? throw new InvalidOperationException("Servers are not started.");

    public RabbitMqServer RabbitMq => _rabbitMq ?? throw new InvalidOperationException("Servers are not started.");

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

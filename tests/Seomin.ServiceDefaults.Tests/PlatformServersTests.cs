using Npgsql;
using RabbitMQ.Client;
using Seomin.Testing;

namespace Seomin.ServiceDefaults.Tests;

public class PlatformServersTests(PlatformServers servers)
{
    [Fact]
    public async Task CreateDatabaseAsync_WhenTwoClassesWrite_EachSeesOnlyItsOwnRows()
    {
        var first = await servers.Postgres.CreateDatabaseAsync("isolation");
        var second = await servers.Postgres.CreateDatabaseAsync("isolation");

        await ExecuteAsync(first, "CREATE TABLE t (v int); INSERT INTO t VALUES (1);");
        await ExecuteAsync(second, "CREATE TABLE t (v int);");

        Assert.NotEqual(first, second);
        Assert.Equal(0L, await ScalarAsync(second, "SELECT count(*) FROM t"));
        Assert.Equal(1L, await ScalarAsync(first, "SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task CreateVirtualHostAsync_WhenConnected_DeclaresQueuesInItsOwnVhost()
    {
        var uri = await servers.RabbitMq.CreateVirtualHostAsync("isolation");

        var factory = new ConnectionFactory { Uri = new Uri(uri) };
        await using var connection = await factory.CreateConnectionAsync(TestContext.Current.CancellationToken);
        await using var channel = await connection.CreateChannelAsync(cancellationToken: TestContext.Current.CancellationToken);
        var queue = await channel.QueueDeclareAsync("probe", durable: false, exclusive: false, autoDelete: true,
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("probe", queue.QueueName);
    }

    [Fact]
    public async Task StartDedicatedAsync_WhenStoppedAndStarted_KeepsDataAndLeavesNoProcess()
    {
        string dataCheck;
        int pid;
        await using (var pg = await PostgresServer.StartDedicatedAsync())
        {
            var db = await pg.CreateDatabaseAsync("restart");
            await ExecuteAsync(db, "CREATE TABLE t (v int); INSERT INTO t VALUES (42);");
            pid = (int)(await ScalarAsync(db, "SELECT pg_backend_pid()") ?? 0);
            await pg.StopAsync();
            await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(db, "SELECT 1"));
            await pg.StartAsync();
            dataCheck = db;
            Assert.Equal(42, await ScalarAsync(db, "SELECT v FROM t"));
        }

        Assert.False(Directory.Exists($"/proc/{pid}"));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ExecuteAsync(dataCheck, "SELECT 1"));
    }

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}

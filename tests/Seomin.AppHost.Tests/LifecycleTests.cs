using Npgsql;
using Seomin.AppHost.Hosting;
using Seomin.Testing;

namespace Seomin.AppHost.Tests;

/// <summary>
/// Starts and stops platforms of its own, so it runs in its own non-parallel collection: never beside the
/// shared platform of <see cref="PlatformCollection"/>.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LifecycleCollection
{
    public const string Name = "Lifecycle";
}

[Collection(LifecycleCollection.Name)]
public sealed class LifecycleTests
{
    [Fact]
    public async Task DisposeAsync_WhenStartedTwiceOnTheSameData_LeavesNoProcessAndKeepsData()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"seomin-apphost-life-{Guid.NewGuid():N}");
        var options = new DistributedApplicationTestingOptions { DataDirectory = dataDir };
        var marker = Guid.NewGuid().ToString("N");
        try
        {
            List<int> groups;
            await using (var first = await DistributedApplicationTestingBuilder.CreateAsync(options, TestContext.Current.CancellationToken))
            {
                await ExecuteAsync(first, $"CREATE TABLE apphost_marker (value text); INSERT INTO apphost_marker VALUES ('{marker}')");
                groups = first.Resources.GetResources().Where(r => r.ProcessId is not null).Select(r => r.ProcessId!.Value).ToList();
                var running = ProcessTable.InGroups(groups);
                Assert.Contains(running, p => p.Name == "postgres");
                Assert.Contains(running, p => p.Name == "beam.smp");
                Assert.Contains(running, p => p.Name == "dotnet");
            }

            Assert.Empty(ProcessTable.InGroups(groups));

            await using var second = await DistributedApplicationTestingBuilder.CreateAsync(options, TestContext.Current.CancellationToken);
            var kept = await ScalarAsync(second, "SELECT value FROM apphost_marker");
            Assert.Equal(marker, kept);
        }
        finally
        {
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }

    [Fact]
    public async Task CreateAsync_WhenExternalConnectionStringsAreGiven_StartsNoLocalServer()
    {
        await using var postgres = await PostgresServer.StartDedicatedAsync();
        await using var rabbit = await RabbitMqServer.StartDedicatedAsync();
        var amqp = $"amqp://{rabbit.UserName}:{Uri.EscapeDataString(rabbit.Password)}@127.0.0.1:{rabbit.AmqpPort}/";
        var options = new DistributedApplicationTestingOptions
        {
            Configuration = new Dictionary<string, string?>
            {
                [$"ConnectionStrings:{ResourceNames.Postgres}"] = postgres.AdminConnectionString,
                [$"ConnectionStrings:{ResourceNames.Messaging}"] = amqp,
            },
        };

        await using var app = await DistributedApplicationTestingBuilder.CreateAsync(options, TestContext.Current.CancellationToken);

        var resources = app.Resources.GetResources().ToDictionary(r => r.Name);
        Assert.Null(resources[ResourceNames.Postgres].ProcessId);
        Assert.Null(resources[ResourceNames.Messaging].ProcessId);
        Assert.False(Directory.Exists(Path.Combine(app.Options.DataDirectory, ResourceNames.Postgres)));
        Assert.False(Directory.Exists(Path.Combine(app.Options.DataDirectory, ResourceNames.Messaging)));
        var guaranteeDb = new NpgsqlConnectionStringBuilder((await app.GetConnectionStringAsync(ResourceNames.GuaranteeDb, TestContext.Current.CancellationToken))!);
        Assert.Equal(postgres.Port, guaranteeDb.Port);
        Assert.Equal(ResourceNames.GuaranteeDb, guaranteeDb.Database);
        Assert.Equal(amqp, await app.GetConnectionStringAsync(ResourceNames.Messaging, TestContext.Current.CancellationToken));
        Assert.All(resources.Values, r => Assert.Equal(HealthStates.Healthy, r.Health));
    }

    private static async Task ExecuteAsync(DistributedApplication app, string sql)
    {
        await using var connection = new NpgsqlConnection(await app.GetConnectionStringAsync(ResourceNames.GuaranteeDb));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string?> ScalarAsync(DistributedApplication app, string sql)
    {
        await using var connection = new NpgsqlConnection(await app.GetConnectionStringAsync(ResourceNames.GuaranteeDb));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync();
    }
}

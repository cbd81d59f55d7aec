using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Npgsql;

namespace Seomin.AppHost.Tests;

/// <summary>Starts and stops a platform of its own, so it never runs beside the shared one.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LifecycleCollection
{
    public const string Name = "Lifecycle";
}

[Collection(LifecycleCollection.Name)]
public sealed class LifecycleTests
{
    private static readonly string[] ServerProcesses = ["postgres", "beam.smp", "epmd", "redis-server"];

    [Fact]
    public async Task DisposeAsync_WhenThePlatformRan_LeavesNoProcessOfOursAndKeepsTheData()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), $"seomin-apphost-life-{Guid.NewGuid():N}");
        var marker = Guid.NewGuid().ToString("N");
        try
        {
            List<(int Pid, string Name, int Parent)> ours;
            await using (var app = await PlatformFixture.StartAsync(dataDir))
            {
                await ExecuteAsync(app, $"CREATE TABLE apphost_marker (value text); INSERT INTO apphost_marker VALUES ('{marker}')");
                ours = [.. Platform.AllResources
                    .Where(app.HasProcess)
                    .SelectMany(app.ProcessIds)
                    .SelectMany(ProcessTable.Tree)];
                Assert.All(ServerProcesses, name => Assert.Contains(ours, p => p.Name == name));
                // Two gateway replicas behind the one public port.
                Assert.Equal(2, ours.Count(p => p.Name == "Seomin.Gateway"));
            }

            // DCP stops the processes after the AppHost is disposed (within about 10 s here; README): poll, up to 60 s.
            var left = Survivors(ours);
            for (var deadline = DateTime.UtcNow.AddSeconds(60); left.Count > 0 && DateTime.UtcNow < deadline; left = Survivors(ours))
            {
                await Task.Delay(500, TestContext.Current.CancellationToken);
            }

            Assert.True(left.Count == 0, "left behind: " + string.Join(", ", left.Select(p => $"{p.Name}({p.Pid})")));
            Assert.True(File.Exists(Path.Combine(dataDir, "postgres", "data", "PG_VERSION")), "the cluster's data stays in the data folder");

            // A second start on the same folder finds the data and accepts the persisted password.
            await using var again = await PlatformFixture.StartAsync(dataDir);
            Assert.Equal(marker, await ScalarAsync(again, "SELECT value FROM apphost_marker"));
        }
        finally
        {
            PlatformFixture.DeleteDirectory(dataDir);
        }
    }

    private static async Task<string?> ScalarAsync(DistributedApplication app, string sql)
    {
        await using var connection = new NpgsqlConnection(await app.GetConnectionStringAsync(ResourceNames.GuaranteeDb, TestContext.Current.CancellationToken));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        return (string?)await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
    }

    private static async Task ExecuteAsync(DistributedApplication app, string sql)
    {
        await using var connection = new NpgsqlConnection(await app.GetConnectionStringAsync(ResourceNames.GuaranteeDb, TestContext.Current.CancellationToken));
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
    }

    private static List<(int Pid, string Name, int Parent)> Survivors(List<(int Pid, string Name, int Parent)> ours) =>
        [.. ours.Where(p => ProcessTable.All().Any(a => a.Pid == p.Pid && a.Name == p.Name))];
}

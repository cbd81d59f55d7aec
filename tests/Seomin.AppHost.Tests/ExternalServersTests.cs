using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Seomin.AppHost.Resources;
using Seomin.AppHost.Tests.EndToEnd;
using Seomin.Testing;

namespace Seomin.AppHost.Tests;

/// <summary>
/// <c>ConnectionStrings__postgres</c>, <c>ConnectionStrings__messaging</c> and <c>Messaging__ManagementUri</c> given
/// from outside: the AppHost uses those servers (started here the way the test servers are, with Seomin.Testing)
/// and starts none of its own. A platform of its own, so it never runs beside the shared one.
/// </summary>
[Collection(LifecycleCollection.Name)]
public sealed class ExternalServersTests
{
    private static readonly TimeSpan EventWait = TimeSpan.FromSeconds(120);

    private static readonly string[] ServerProcesses = ["postgres", "beam.smp", "epmd"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Start_WithExternalConnectionStrings_UsesThoseServersAndStartsNoneOfItsOwn()
    {
        await using var postgres = await PostgresServer.StartDedicatedAsync();
        await using var rabbit = await RabbitMqServer.StartDedicatedAsync();
        var external = new NpgsqlConnectionStringBuilder(postgres.AdminConnectionString) { Database = null, Pooling = true };
        var dataDir = Path.Combine(Path.GetTempPath(), $"seomin-apphost-external-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string>
        {
            ["ConnectionStrings:postgres"] = external.ConnectionString,
            ["ConnectionStrings:messaging"] = $"amqp://{rabbit.UserName}:{rabbit.Password}@{rabbit.Host}:{rabbit.AmqpPort}/",
            ["Messaging:ManagementUri"] = rabbit.ManagementUri.ToString(),
        };
        string[] resources =
        [
            ResourceNames.GuaranteeDb, ResourceNames.CounselingDb, ResourceNames.GatewayDb, ResourceNames.Quotas,
            ResourceNames.Identity, ResourceNames.Guarantee, ResourceNames.Counseling, ResourceNames.Gateway,
        ];
        try
        {
            await using var app = await PlatformFixture.StartAsync(dataDir, settings: settings, resources: resources);

            // No server resource in the model, no epmd, and no server process among DCP's children.
            var model = app.Services.GetRequiredService<DistributedApplicationModel>();
            Assert.Empty(model.Resources.OfType<PostgresServerResource>());
            Assert.Empty(model.Resources.OfType<RabbitMqServerResource>());
            Assert.Empty(model.Resources.OfType<EpmdResource>());
            var dcp = ProcessTable.All().Where(p => p.Name == "dcp" && ProcessTable.CommandLine(p.Pid).Contains($"--monitor {Environment.ProcessId}", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(dcp);
            var ours = dcp.SelectMany(d => ProcessTable.Tree(d.Pid)).ToList();
            Assert.Contains(ours, p => p.Name == "Seomin.Gateway");
            Assert.DoesNotContain(ours, p => ServerProcesses.Contains(p.Name));
            Assert.False(Directory.Exists(Path.Combine(dataDir, ResourceNames.Postgres, "data")), "no local cluster was initialised");

            // The databases were created on the external server, and the services work on it and on the external broker.
            await using (var connection = new NpgsqlConnection(postgres.AdminConnectionString))
            {
                await connection.OpenAsync(Ct);
                await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname IN ('guaranteedb', 'counselingdb', 'gatewaydb')", connection);
                Assert.Equal(3L, await command.ExecuteScalarAsync(Ct));
            }

            var gateway = app.GetEndpoint(ResourceNames.Gateway);
            using var staff = await GatewayClient.ForClientAsync(gateway, "dev-guarantee-officer");
            using var counselor = await GatewayClient.ForClientAsync(gateway, "dev-counselor");
            var submitted = await staff.PostAsync("/api/guarantees/applications", Applications.WorkerSunshine(SyntheticRrn.Adult()), $"external-{Guid.NewGuid():N}");
            Assert.True(submitted.StatusCode == HttpStatusCode.Created, $"submission through the gateway: {submitted}");
            var customer = submitted.Json.GetProperty("customerId").GetString();
            await Probe.UntilAsync(
                async () =>
                {
                    var timeline = await counselor.GetAsync($"/api/counseling/customers/{customer}/timeline?page=1&pageSize=50");
                    return timeline.StatusCode == HttpStatusCode.OK
                        && timeline.Json.GetProperty("items").EnumerateArray().Any(e => e.GetProperty("kind").GetString() == "GuaranteeApplicationSubmitted");
                },
                "the submission's event to reach counseling through the external broker",
                EventWait);
        }
        finally
        {
            PlatformFixture.DeleteDirectory(dataDir);
        }
    }
}

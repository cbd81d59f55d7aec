using System.Diagnostics;
using System.Net;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Npgsql;
using Seomin.AppHost.Tests.EndToEnd;
using Seomin.Testing;

namespace Seomin.AppHost.Tests;

/// <summary>
/// Crash recovery on the shared platform: processes are killed with SIGKILL, as the kernel's OOM killer or a
/// crash would, and the AppHost's restart policy must bring them back without an operator.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ResilienceTests(PlatformFixture platform)
{
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(120);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SigKill_WhenAServiceProcessIsKilled_ItIsRestartedAndHealthyAgain()
    {
        var restartsBefore = platform.App.Restarts(ResourceNames.Guarantee);
        var service = ServiceProcess(ResourceNames.Guarantee);

        Process.GetProcessById(service).Kill();

        await Probe.UntilAsync(
            () => Task.FromResult(platform.App.Restarts(ResourceNames.Guarantee) > restartsBefore && platform.App.IsHealthy(ResourceNames.Guarantee)),
            "the guarantee service to be restarted and healthy",
            Recovery);
        Assert.NotEqual(service, ServiceProcess(ResourceNames.Guarantee));
        Assert.False(ProcessTable.IsAlive(service));
    }

    [Fact]
    public async Task SigKill_WhenTheBrokerVmIsKilledUnderSubmissions_BrokerRestartsAndEveryAcceptedSubmissionReachesTheTimelineOnce()
    {
        using var staff = await GatewayClient.ForClientAsync(platform.App.GetEndpoint(ResourceNames.Gateway), "dev-guarantee-officer");
        using var counselor = await GatewayClient.ForClientAsync(platform.App.GetEndpoint(ResourceNames.Gateway), "dev-counselor");
        var restartsBefore = platform.App.Restarts(ResourceNames.Messaging);
        var beam = BrokerVm();
        var accepted = new List<string>();
        var killed = false;

        // A stream of submissions; the broker's VM is killed a third of the way through.
        for (var i = 0; i < 24; i++)
        {
            if (i == 8)
            {
                Process.GetProcessById(beam).Kill();
                killed = true;
            }

            var rrn = SyntheticRrn.Adult();
            var response = await staff.PostAsync("/api/guarantees/applications", Applications.WorkerSunshine(rrn, 3_000_000, 36), $"kill-{Guid.NewGuid():N}");
            if (response.StatusCode == HttpStatusCode.Created)
            {
                accepted.Add(response.Json.GetProperty("customerId").GetString()!);
            }
        }

        Assert.True(killed);
        Assert.True(accepted.Count >= 16, $"only {accepted.Count} of 24 submissions were accepted while the broker restarted");
        await Probe.UntilAsync(
            () => Task.FromResult(platform.App.Restarts(ResourceNames.Messaging) > restartsBefore && platform.App.IsHealthy(ResourceNames.Messaging)),
            "the broker to be restarted by the restart policy and healthy",
            Recovery);
        Assert.NotEqual(beam, BrokerVm());

        // The outbox keeps every accepted submission's event until the broker confirms it; the inbox drops redeliveries.
        foreach (var customer in accepted)
        {
            var submitted = await WithDiagnosticsAsync(() => Probe.UntilAsync(
                async () =>
                {
                    var timeline = await counselor.GetAsync($"/api/counseling/customers/{customer}/timeline?page=1&pageSize=50");
                    return timeline.StatusCode == HttpStatusCode.OK
                        ? timeline.Json.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "GuaranteeApplicationSubmitted")
                        : 0;
                },
                count => count > 0,
                $"the submission of customer {customer} on the counseling timeline",
                Recovery));
            Assert.Equal(1, submitted);
        }
    }

    [Fact]
    public async Task SigKill_WhenThePostmasterIsKilled_PostgresRestartsServicesRecoverAndTheGatewayServesAgain()
    {
        var restartsBefore = platform.App.Restarts(ResourceNames.Postgres);
        var postmaster = Postmaster();

        Process.GetProcessById(postmaster).Kill();

        await Probe.UntilAsync(
            () => Task.FromResult(platform.App.Restarts(ResourceNames.Postgres) > restartsBefore && platform.App.IsHealthy(ResourceNames.Postgres)),
            "PostgreSQL to be restarted by the restart policy and healthy",
            Recovery);
        Assert.NotEqual(postmaster, Postmaster());
        Assert.False(ProcessTable.IsAlive(postmaster));
        foreach (var resource in (string[])[ResourceNames.GuaranteeDb, ResourceNames.CounselingDb, ResourceNames.Guarantee, ResourceNames.Counseling, ResourceNames.Gateway])
        {
            await Probe.UntilAsync(() => Task.FromResult(platform.App.IsHealthy(resource)), $"{resource} to be healthy after the restart", Recovery);
        }

        // A pooled connection may be broken once after the restart: the same idempotency key makes a retry safe.
        using var staff = await GatewayClient.ForClientAsync(platform.App.GetEndpoint(ResourceNames.Gateway), "dev-guarantee-officer");
        var key = $"pg-kill-{Guid.NewGuid():N}";
        var rrn = SyntheticRrn.Adult();
        var submitted = await Probe.UntilAsync(
            () => staff.PostAsync("/api/guarantees/applications", Applications.WorkerSunshine(rrn), key),
            r => r.StatusCode == HttpStatusCode.Created,
            "a submission through the gateway to be accepted after the PostgreSQL restart",
            Recovery);
        var id = submitted.Json.GetProperty("id").GetString();
        var read = await staff.GetAsync($"/api/guarantees/applications/{id}");
        Assert.True(read.StatusCode == HttpStatusCode.OK, $"reading the new application back: {read}");
    }

    /// <summary>On a timeout, says where the events stopped: still in the guarantee outbox, or past it.</summary>
    private async Task<T> WithDiagnosticsAsync<T>(Func<Task<T>> probe)
    {
        try
        {
            return await probe();
        }
        catch (TimeoutException ex)
        {
            var guaranteeDb = await platform.App.GetConnectionStringAsync(ResourceNames.GuaranteeDb, Ct);
            await using var connection = new NpgsqlConnection(guaranteeDb);
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand("SELECT count(*) FILTER (WHERE delivered_at IS NULL), count(*) FROM guarantee.outbox_messages", connection);
            await using var reader = await command.ExecuteReaderAsync(Ct);
            await reader.ReadAsync(Ct);
            throw new TimeoutException($"{ex.Message} Guarantee outbox: {reader.GetInt64(0)} of {reader.GetInt64(1)} undelivered.", ex);
        }
    }

    private int ServiceProcess(string resource)
    {
        // DCP starts a project's built executable (or `dotnet run` when it is not built); either way the service is the
        // process in the resource's tree named after the assembly.
        var tree = ProcessTable.Tree(platform.App.ProcessId(resource));
        return tree.Single(p => p.Name.StartsWith("Seomin.", StringComparison.Ordinal)).Pid;
    }

    /// <summary>Our cluster's postmaster: the postgres process below the resource whose parent is not a postgres.</summary>
    private int Postmaster()
    {
        var tree = ProcessTable.Tree(platform.App.ProcessId(ResourceNames.Postgres));
        return tree.Single(p => p.Name == "postgres" && !tree.Any(q => q.Pid == p.Parent && q.Name == "postgres")).Pid;
    }

    /// <summary>Our node's Erlang VM: below the messaging resource's process, never another engineer's broker.</summary>
    private int BrokerVm() =>
        ProcessTable.Tree(platform.App.ProcessId(ResourceNames.Messaging)).Single(p => p.Name == "beam.smp").Pid;

}

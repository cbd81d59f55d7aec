using System.Net;
using System.Text.Json;
using Seomin.Testing;

namespace Seomin.ServiceDefaults.Tests;

public class HealthTests
{
    [Fact]
    public async Task Health_WhenDatabaseStopsAndReturns_Goes503NamingTheCheckThen200_WhileAliveStays200()
    {
        await using var postgres = await PostgresServer.StartDedicatedAsync();
        await using var host = await MinimalServiceHost.StartAsync(await postgres.CreateDatabaseAsync("health"));

        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/alive")).StatusCode);

        await postgres.StopAsync();

        using var down = await host.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        var report = JsonDocument.Parse(await down.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Unhealthy", report.GetProperty("checks").GetProperty("minimaldb").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/alive")).StatusCode);

        await postgres.StartAsync();

        await Probe.UntilAsync(
            async () => (await host.Client.GetAsync("/health")).StatusCode == HttpStatusCode.OK,
            "/health to answer 200 after the database is back");
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/alive")).StatusCode);
    }
}

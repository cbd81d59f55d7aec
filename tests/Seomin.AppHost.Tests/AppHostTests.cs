using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Seomin.AppHost.Hosting;
using Seomin.Testing;

namespace Seomin.AppHost.Tests;

[Collection(PlatformCollection.Name)]
public sealed class AppHostTests(PlatformFixture platform)
{
    private static readonly string[] AllResources =
    [
        ResourceNames.Postgres, ResourceNames.GuaranteeDb, ResourceNames.SubrogationDb, ResourceNames.ContributionsDb,
        ResourceNames.DormantDb, ResourceNames.CounselingDb, ResourceNames.GatewayDb, ResourceNames.Messaging,
        ResourceNames.Guarantee, ResourceNames.Counseling, ResourceNames.Gateway,
    ];

    [Fact]
    public async Task CreateAsync_WhenPlatformStarts_EveryResourceIsHealthyAndListedByTheStateApi()
    {
        using var http = new HttpClient();

        var gatewayHealth = await http.GetAsync(new Uri(platform.App.GetEndpoint(ResourceNames.Gateway), "/health"), TestContext.Current.CancellationToken);
        var resources = await http.GetFromJsonAsync<JsonElement>(
            new Uri(platform.App.GetEndpoint("dashboard"), "/api/resources"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, gatewayHealth.StatusCode);
        var byName = resources.EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        Assert.Equal(AllResources.Order(), byName.Keys.Order());
        Assert.All(byName.Values, r =>
        {
            Assert.Equal(ResourceStates.Running, r.GetProperty("state").GetString());
            Assert.Equal(HealthStates.Healthy, r.GetProperty("health").GetString());
        });
        var guaranteeEnv = byName[ResourceNames.Guarantee].GetProperty("environment");
        Assert.Contains("Password=****", guaranteeEnv.GetProperty("ConnectionStrings__guaranteedb").GetString(), StringComparison.Ordinal);
        Assert.Contains(":****@", guaranteeEnv.GetProperty("ConnectionStrings__messaging").GetString(), StringComparison.Ordinal);
        Assert.Equal("http/protobuf", guaranteeEnv.GetProperty("OTEL_EXPORTER_OTLP_PROTOCOL").GetString());
        Assert.Equal(
            platform.App.GetEndpoint(ResourceNames.Guarantee).ToString().TrimEnd('/'),
            byName[ResourceNames.Gateway].GetProperty("environment").GetProperty("services__guarantee__http__0").GetString());
    }

    [Fact]
    public async Task Crash_WhenServiceProcessIsKilled_IsRestartedHealthyWithRestartCounted()
    {
        var registry = platform.App.Resources;
        var before = registry.GetResource(ResourceNames.Counseling)!;

        NativeMethods.SignalProcess(before.ProcessId!.Value, NativeMethods.SigKill);

        var after = await Probe.UntilAsync(
            () => Task.FromResult(registry.GetResource(ResourceNames.Counseling)!),
            r => r.RestartCount == before.RestartCount + 1 && r.State == ResourceStates.Running && r.Health == HealthStates.Healthy
                 && r.ProcessId != before.ProcessId,
            "counseling restarted after SIGKILL and healthy again",
            TimeSpan.FromSeconds(60));
        Assert.Equal(before.RestartCount + 1, after.RestartCount);
        using var http = new HttpClient();
        var health = await http.GetAsync(new Uri(platform.App.GetEndpoint(ResourceNames.Counseling), "/health"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}

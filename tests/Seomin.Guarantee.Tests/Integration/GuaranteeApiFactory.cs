using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Seomin.Guarantee.Api.Data;
using Seomin.Testing;

namespace Seomin.Guarantee.Tests.Integration;

/// <summary>The guarantee API on a fresh database and virtual host of the shared test servers.</summary>
public sealed class GuaranteeApiFactory(string database, string messaging, long fundBalance, decimal operatingMultiple = 10m)
    : WebApplicationFactory<Program>
{
    public MutableTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    public string Messaging => messaging;

    public static async Task<GuaranteeApiFactory> StartAsync(PlatformServers servers, string prefix, long fundBalance = 100_000_000_000)
    {
        var factory = new GuaranteeApiFactory(
            await servers.Postgres.CreateDatabaseAsync(prefix),
            await servers.RabbitMq.CreateVirtualHostAsync(prefix),
            fundBalance);
        _ = factory.Server;
        return factory;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Not Development: there the developer exception page answers before the Problem Details handler.
        builder.UseEnvironment("Testing");
        builder.UseSetting("Guarantee:MigrateOnStartup", "true");
        builder.UseSetting("Seomin:Security:UseDevelopmentKeys", "true");
        builder.UseSetting("ConnectionStrings:guaranteedb", database);
        builder.UseSetting("ConnectionStrings:messaging", messaging);
        builder.UseSetting("Seomin:Security:DevelopmentKeyDirectory", Path.Combine(Path.GetTempPath(), "seomin-guarantee-tests-keys"));
        builder.UseSetting("Guarantee:Capacity:InitialFundBalance", fundBalance.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Guarantee:Capacity:OperatingMultiple", operatingMultiple.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Guarantee:LapseJob:Enabled", "false");
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
        });
    }

    public async Task<T> WithDbAsync<T>(Func<GuaranteeDbContext, Task<T>> query)
    {
        using var scope = Services.CreateScope();
        return await query(scope.ServiceProvider.GetRequiredService<GuaranteeDbContext>());
    }
}

/// <summary>A clock the test moves by hand.</summary>
public sealed class MutableTimeProvider(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

internal static class HttpAssertions
{
    public static async Task<T> ReadAsync<T>(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {(int)response.StatusCode}: {body}");
        return (await response.Content.ReadFromJsonAsync<T>(Json.Options))!;
    }

    public static async Task<string> ExpectAsync(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {(int)response.StatusCode}: {body}");
        return body;
    }
}

internal static class Json
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = CreateOptions();

    private static System.Text.Json.JsonSerializerOptions CreateOptions()
    {
        var options = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
        return options;
    }
}

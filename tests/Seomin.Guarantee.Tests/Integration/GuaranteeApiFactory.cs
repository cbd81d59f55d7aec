using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Seomin.Access;
using Seomin.Guarantee.Api.Data;
using Seomin.Testing;

namespace Seomin.Guarantee.Tests.Integration;

/// <summary>The guarantee API on a fresh database and virtual host of the shared test servers.</summary>
public sealed class GuaranteeApiFactory(
    string database, string messaging, long fundBalance, decimal operatingMultiple = 10m, IReadOnlyDictionary<string, string>? settings = null)
    : WebApplicationFactory<Program>
{
    public MutableTimeProvider Time { get; } = new(new DateTimeOffset(2026, 3, 2, 1, 0, 0, TimeSpan.Zero));

    public string Messaging => messaging;

    /// <summary>The token service stand-in every factory of this assembly validates against.</summary>
    public TestTokenAuthority Tokens { get; } = TestTokenAuthority.SharedAsync().GetAwaiter().GetResult();

    /// <summary>The employee the default client (<see cref="WebApplicationFactory{TEntryPoint}.CreateClient()"/>) acts as.</summary>
    public const string Maker = "E1001";

    /// <summary>Another guarantee officer: the checker who decides what <see cref="Maker"/> submitted.</summary>
    public const string Checker = "E2002";

    /// <summary>A staff token for the guarantee service with <paramref name="roles"/>.</summary>
    public string StaffToken(string employeeNumber, params string[] roles) =>
        Tokens.Staff(employeeNumber, roles, Audiences.Gateway, Audiences.Guarantee);

    /// <summary>A client calling with <paramref name="token"/> (or none).</summary>
    public HttpClient CreateClient(string? token)
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>The checker: a second guarantee officer.</summary>
    public HttpClient CreateCheckerClient() => CreateClient(StaffToken(Checker, StaffRoles.GuaranteeOfficer));

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue(
            "Bearer", StaffToken(Maker, StaffRoles.GuaranteeOfficer, StaffRoles.Auditor, StaffRoles.Administrator, StaffRoles.Operator));
    }

    public static async Task<GuaranteeApiFactory> StartAsync(
        PlatformServers servers, string prefix, long fundBalance = 100_000_000_000, IReadOnlyDictionary<string, string>? settings = null)
    {
        var factory = new GuaranteeApiFactory(
            await servers.Postgres.CreateDatabaseAsync(prefix),
            await servers.RabbitMq.CreateVirtualHostAsync(prefix),
            fundBalance,
            settings: settings);
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
        builder.UseSetting("IdentityVerification:UseFakeProvider", "true");
        builder.UseSetting("IdentityVerification:Fake:SigningKey", "Z3VhcmFudGVlLXNlbGYtc2VydmljZS10ZXN0LWtleSEh");
        foreach (var (key, value) in Tokens.ServiceConfiguration)
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            // Every test starts its own host in one process, so EF Core's process-wide cache sees a new internal
            // service provider per host; past twenty it warns (as an error). A running service has one host.
            services.ConfigureDbContext<GuaranteeDbContext>(options =>
                options.ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning)));
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

using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Seomin.Access;
using Seomin.BusinessTime;
using Seomin.Counseling.Api.Data;
using Seomin.Messaging;
using Seomin.ServiceDefaults.Problems;
using Seomin.PersonalData;
using Seomin.Testing;

namespace Seomin.Counseling.Tests.Integration;

/// <summary>
/// The counseling API on its own PostgreSQL database and RabbitMQ vhost, with a settable clock, plus a
/// separate test bus on the same vhost that plays the other services: it publishes their events and
/// records what counseling publishes.
/// </summary>
public sealed class CounselingApp : WebApplicationFactory<Program>
{
    // Tue 2026-03-10 10:00 Seoul: an ordinary business day.
    public static readonly DateTimeOffset Start = BusinessClock.At(new DateOnly(2026, 3, 10), new TimeOnly(10, 0));

    private readonly string _database;
    private readonly string _messaging;
    private IBusControl? _testBus;

    private CounselingApp(string database, string messaging)
    {
        _database = database;
        _messaging = messaging;
    }

    public SettableTimeProvider Clock { get; } = new(Start);

    /// <summary>The token service stand-in every app of this assembly validates against.</summary>
    public TestTokenAuthority Tokens { get; } = TestTokenAuthority.SharedAsync().GetAwaiter().GetResult();

    /// <summary>The counselor the default client (<c>CreateClient()</c>) acts as.</summary>
    public const string Counselor = "E4001";

    /// <summary>A staff token for the counseling service with <paramref name="roles"/>.</summary>
    public string StaffToken(string employeeNumber, params string[] roles) =>
        Tokens.Staff(employeeNumber, roles, Audiences.Gateway, Audiences.Counseling);

    /// <summary>A client calling with <paramref name="token"/> (or none).</summary>
    public HttpClient CreateClient(string? token)
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Authorization = token is null ? null : new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public ConcurrentQueue<object> Observed { get; } = new();

    public IBus TestBus => _testBus ?? throw new InvalidOperationException("The test bus is not started.");

    public static async Task<CounselingApp> StartAsync(PlatformServers servers, string prefix)
    {
        var database = await servers.Postgres.CreateDatabaseAsync(prefix);
        var messaging = await servers.RabbitMq.CreateVirtualHostAsync(prefix);
        var app = new CounselingApp(database, messaging);
        await app.StartTestBusAsync();
        // The bus starts in the background: publish nothing until its queues and bindings exist.
        var client = app.CreateClient();
        await Probe.UntilAsync(
            async () => (await client.GetAsync("/health")).IsSuccessStatusCode,
            "the counseling service healthy (database and bus ready)",
            TimeSpan.FromSeconds(60));
        return app;
    }

    public static JsonSerializerOptions Json { get; } = SeominJson.CreateOptions();

    public async Task<T> QueryAsync<T>(Func<CounselingDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<CounselingDbContext>());
    }

    public string CustomerIdFor(string rrn) =>
        Services.GetRequiredService<ICustomerIdFactory>().Create(ResidentRegistrationNumber.Parse(rrn)).Value;

    public IEnumerable<T> ObservedOf<T>() => Observed.OfType<T>();

    public override async ValueTask DisposeAsync()
    {
        if (_testBus is not null)
        {
            await _testBus.StopAsync();
        }

        await base.DisposeAsync();
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", StaffToken(Counselor, StaffRoles.Counselor));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // Not "Development": there the framework's developer exception page sits inside the shared Problem
        // Details handler and turns every domain exception into a 500.
        builder.UseEnvironment("Testing");
        builder.UseSetting("Counseling:MigrateAtStartup", "true");
        builder.UseSetting("Seomin:Security:UseDevelopmentKeys", "true");
        builder.UseSetting("ConnectionStrings:counselingdb", _database);
        builder.UseSetting("ConnectionStrings:messaging", _messaging);
        builder.UseSetting("Counseling:Sla:Interval", "00:00:00.200");
        foreach (var (key, value) in Tokens.ServiceConfiguration)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            // Every test starts its own host in one process, so EF Core's process-wide cache sees a new internal
            // service provider per host; past twenty it warns (as an error). A running service has one host.
            services.ConfigureDbContext<CounselingDbContext>(options =>
                options.ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning)));
        });
    }

    private async Task StartTestBusAsync()
    {
        var broker = BrokerAddress.Parse(_messaging);
        var observed = Observed;
        _testBus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker.Host, broker.Port, broker.VirtualHost, h =>
            {
                h.Username(broker.UserName);
                h.Password(broker.Password);
            });
            cfg.ReceiveEndpoint("counseling-tests-observer", e =>
            {
                e.Handler<Seomin.Contracts.Counseling.PreApplicationCounselingCompleted>(c => Record(observed, c.Message));
                e.Handler<Seomin.Contracts.Counseling.FinancialEducationCompleted>(c => Record(observed, c.Message));
                e.Handler<Seomin.Contracts.Counseling.VocSlaBreached>(c => Record(observed, c.Message));
                e.Handler<Seomin.Contracts.Counseling.VocReceived>(c => Record(observed, c.Message));
                e.Handler<Seomin.Contracts.Counseling.CounselingSessionRecorded>(c => Record(observed, c.Message));
            });
        });
        await _testBus.StartAsync();
    }

    private static Task Record(ConcurrentQueue<object> observed, object message)
    {
        observed.Enqueue(message);
        return Task.CompletedTask;
    }
}

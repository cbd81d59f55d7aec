using System.Collections.Concurrent;
using System.Net.Http.Headers;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Seomin.Access;
using Seomin.Contracts.Contributions;
using Seomin.Contributions.Api.Data;
using Seomin.Messaging;
using Seomin.Testing;

namespace Seomin.Contributions.Tests.Integration;

/// <summary>
/// The contributions API on its own database and RabbitMQ vhost, behind a test token authority, with a test bus that
/// plays Guarantee and Subrogation (publishes their events) and records what contributions publishes. One per test
/// class run (a class fixture): tests keep apart by institution, month and fund.
/// </summary>
public sealed class ContributionsApp : WebApplicationFactory<Program>
{
    private readonly string _database;
    private readonly string _messaging;
    private IBusControl? _testBus;

    private ContributionsApp(string database, string messaging, TestTokenAuthority tokens)
    {
        _database = database;
        _messaging = messaging;
        Tokens = tokens;
    }

    public TestTokenAuthority Tokens { get; }

    public ErrorLog Errors { get; } = new();

    public ConcurrentQueue<object> Observed { get; } = new();

    public IBus TestBus => _testBus ?? throw new InvalidOperationException("The test bus is not started.");

    public static async Task<ContributionsApp> StartAsync(PlatformServers servers, string prefix)
    {
        var database = await servers.Postgres.CreateDatabaseAsync(prefix);
        var messaging = await servers.RabbitMq.CreateVirtualHostAsync(prefix);
        var app = new ContributionsApp(database, messaging, await TestTokenAuthority.StartAsync());
        await app.StartTestBusAsync();
        var client = app.Officer("S5001");
        await Probe.UntilAsync(
            async () => (await client.GetAsync("/health")).IsSuccessStatusCode,
            "the contributions service healthy (database and bus ready)",
            TimeSpan.FromSeconds(60));
        return app;
    }

    public HttpClient Officer(string employeeNumber) => As(Tokens.Staff(employeeNumber, [StaffRoles.ContributionsOfficer], Audiences.Contributions));

    public HttpClient Auditor() => As(Tokens.Staff("A5001", [StaffRoles.Auditor], Audiences.Contributions));

    public HttpClient Institution(string code) =>
        As(Tokens.Institution($"dev-institution-{code}", code, [Scopes.ContributionsFile], Audiences.Contributions));

    public HttpClient As(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task<T> QueryAsync<T>(Func<ContributionsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ContributionsDbContext>());
    }

    public IEnumerable<T> ObservedOf<T>() => Observed.OfType<T>();

    /// <summary>Publishes an event as its owning service's relay would: its event id is the message id.</summary>
    public Task PublishAsync<T>(T message, Guid messageId)
        where T : class =>
        TestBus.Publish(message, context => context.MessageId = messageId);

    public override async ValueTask DisposeAsync()
    {
        if (_testBus is not null)
        {
            await _testBus.StopAsync();
        }

        await base.DisposeAsync();
        await Tokens.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Contributions:MigrateAtStartup", "true");
        builder.UseSetting("Contributions:OverdueSweep:Interval", "00:00:00");
        builder.UseSetting("Seomin:Security:UseDevelopmentKeys", "true");
        builder.UseSetting("ConnectionStrings:contributionsdb", _database);
        builder.UseSetting("ConnectionStrings:messaging", _messaging);
        foreach (var (key, value) in Tokens.ServiceConfiguration)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Errors));
        builder.ConfigureTestServices(services => services.ConfigureDbContext<ContributionsDbContext>(options =>
            options.ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning))));
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
            cfg.ReceiveEndpoint("contributions-tests-observer", e =>
            {
                e.Handler<GuaranteeFundBalanceChanged>(c => Record(observed, c.Message));
                e.Handler<ContributionAssessed>(c => Record(observed, c.Message));
                e.Handler<ContributionPaid>(c => Record(observed, c.Message));
                e.Handler<ContributionOverdue>(c => Record(observed, c.Message));
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

/// <summary>One contributions app for a test class (xunit class fixture on the assembly's servers).</summary>
public sealed class ContributionsAppFixture(PlatformServers servers) : IAsyncLifetime
{
    public ContributionsApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() => App = await ContributionsApp.StartAsync(servers, "contributions");

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

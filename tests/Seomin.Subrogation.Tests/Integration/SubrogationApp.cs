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
using Seomin.Contracts.Guarantee;
using Seomin.Contracts.Subrogation;
using Seomin.Messaging;
using Seomin.ServiceDefaults.Problems;
using Seomin.Subrogation.Api.Data;
using Seomin.Subrogation.Api.Features.Payment;
using Seomin.Testing;

namespace Seomin.Subrogation.Tests.Integration;

/// <summary>
/// The subrogation API on its own database and RabbitMQ vhost, behind a test token authority, with a test bus that
/// plays the guarantee service (publishes its events) and records what subrogation publishes. The bank port is the
/// service's own fake behind a switch that can make transfers time out.
/// </summary>
public sealed class SubrogationApp : WebApplicationFactory<Program>
{
    private readonly string _database;
    private readonly string _messaging;
    private readonly TimeProvider? _clock;
    private IBusControl? _testBus;

    private SubrogationApp(string database, string messaging, TestTokenAuthority tokens, TimeProvider? clock)
    {
        _database = database;
        _messaging = messaging;
        _clock = clock;
        Tokens = tokens;
    }

    public TestTokenAuthority Tokens { get; }

    public ConcurrentQueue<object> Observed { get; } = new();

    public FlakyBank Bank { get; } = new();

    public IBus TestBus => _testBus ?? throw new InvalidOperationException("The test bus is not started.");

    public static JsonSerializerOptions Json { get; } = SeominJson.CreateOptions();

    /// <summary>Starts the service; <paramref name="clock"/>, when given, is the service's <see cref="TimeProvider"/> (a test that plays past years).</summary>
    public static async Task<SubrogationApp> StartAsync(PlatformServers servers, string prefix, TimeProvider? clock = null)
    {
        var database = await servers.Postgres.CreateDatabaseAsync(prefix);
        var messaging = await servers.RabbitMq.CreateVirtualHostAsync(prefix);
        var app = new SubrogationApp(database, messaging, await TestTokenAuthority.StartAsync(), clock);
        await app.StartTestBusAsync();
        var client = app.Officer("S3001");
        await Probe.UntilAsync(
            async () => (await client.GetAsync("/health")).IsSuccessStatusCode,
            "the subrogation service healthy (database and bus ready)",
            TimeSpan.FromSeconds(60));
        return app;
    }

    /// <summary>A client with a recourse officer's token (employee <paramref name="employeeNumber"/>).</summary>
    public HttpClient Officer(string employeeNumber) => As(Tokens.Staff(employeeNumber, [StaffRoles.RecourseOfficer], Audiences.Subrogation));

    public HttpClient As(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    public async Task<T> QueryAsync<T>(Func<SubrogationDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<SubrogationDbContext>());
    }

    public IEnumerable<T> ObservedOf<T>() => Observed.OfType<T>();

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
        builder.UseSetting("Subrogation:MigrateAtStartup", "true");
        builder.UseSetting("Subrogation:NightlyAccrual:Enabled", "false");
        builder.UseSetting("Seomin:Security:UseDevelopmentKeys", "true");
        builder.UseSetting("ConnectionStrings:subrogationdb", _database);
        builder.UseSetting("ConnectionStrings:messaging", _messaging);
        foreach (var (key, value) in Tokens.ServiceConfiguration)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            if (_clock is not null)
            {
                services.AddSingleton(_clock);
            }

            services.AddSingleton<FakeBankTransferNetwork>();
            services.AddSingleton<IBankTransferPort>(sp => Bank.Wrap(sp.GetRequiredService<FakeBankTransferNetwork>()));
            services.ConfigureDbContext<SubrogationDbContext>(options =>
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
            cfg.ReceiveEndpoint("subrogation-tests-observer", e =>
            {
                e.Handler<SubrogationClaimFiled>(c => Record(observed, c.Message));
                e.Handler<SubrogationClaimDecided>(c => Record(observed, c.Message));
                e.Handler<SubrogationPaid>(c => Record(observed, c.Message));
                e.Handler<RecourseClaimOpened>(c => Record(observed, c.Message));
                e.Handler<RecourseRecovered>(c => Record(observed, c.Message));
                e.Handler<RecourseWrittenOff>(c => Record(observed, c.Message));
                e.Handler<RepaymentPlanAgreed>(c => Record(observed, c.Message));
                e.Handler<RepaymentPlanDefaulted>(c => Record(observed, c.Message));
                e.Handler<RecourseExtinguished>(c => Record(observed, c.Message));
                e.Handler<RecourseCollectionStayed>(c => Record(observed, c.Message));
                e.Handler<RecourseCollectionStayEnded>(c => Record(observed, c.Message));
                e.Handler<RecourseLegalStepTaken>(c => Record(observed, c.Message));
            });
        });
        await _testBus.StartAsync();
    }

    private static Task Record(ConcurrentQueue<object> observed, object message)
    {
        observed.Enqueue(message);
        return Task.CompletedTask;
    }

    /// <summary>Publishes a guarantee event as the guarantee service's relay would: its event id is the message id.</summary>
    public Task PublishAsync<T>(T message, Guid eventId)
        where T : class =>
        TestBus.Publish(message, context => context.MessageId = eventId);
}

/// <summary>The fake bank, made to time out the next N transfers after (or before) executing them.</summary>
public sealed class FlakyBank
{
    private int _timeoutsAfterExecuting;
    private int _refusals;

    public FakeBankTransferNetwork? Inner { get; private set; }

    public int Calls { get; private set; }

    /// <summary>The bank executes the transfer but the answer is lost: the worst case for paying twice.</summary>
    public void LoseNextAnswers(int count) => _timeoutsAfterExecuting = count;

    public void RefuseNext(int count) => _refusals = count;

    public IBankTransferPort Wrap(FakeBankTransferNetwork inner)
    {
        Inner = inner;
        return new Port(this, inner);
    }

    private sealed class Port(FlakyBank flaky, FakeBankTransferNetwork inner) : IBankTransferPort
    {
        public async Task<TransferConfirmation> TransferAsync(TransferRequest request, CancellationToken cancellationToken)
        {
            flaky.Calls++;
            if (flaky._refusals > 0)
            {
                flaky._refusals--;
                throw new TransferFailedException("The bank network is down.", outcomeUnknown: false);
            }

            var confirmation = await inner.TransferAsync(request, cancellationToken);
            if (flaky._timeoutsAfterExecuting > 0)
            {
                flaky._timeoutsAfterExecuting--;
                throw new TimeoutException("No answer from the bank within the timeout.");
            }

            return confirmation;
        }
    }
}

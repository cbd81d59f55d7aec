using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Seomin.Access;
using Seomin.DormantAssets.Api.Data;
using Seomin.DormantAssets.Api.Features.Claims;
using Seomin.IdentityVerification;
using Seomin.PersonalData;
using Seomin.Testing;

namespace Seomin.DormantAssets.Tests.Integration;

/// <summary>
/// The dormant-assets API on its own database and RabbitMQ vhost, behind a test token authority; one instance for the
/// test assembly. The fake identity provider and the fake bank are the service's own, the bank behind a switch that can
/// refuse transfers or lose their answers.
/// </summary>
public sealed class DormantApp : WebApplicationFactory<Program>
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static DormantApp? _shared;
    private readonly string _database;
    private readonly string _messaging;

    private DormantApp(string database, string messaging, TestTokenAuthority tokens)
    {
        _database = database;
        _messaging = messaging;
        Tokens = tokens;
    }

    public TestTokenAuthority Tokens { get; }

    public string Messaging => _messaging;

    public FlakyBank Bank { get; } = new();

    public static async Task<DormantApp> SharedAsync(PlatformServers servers)
    {
        await Gate.WaitAsync();
        try
        {
            if (_shared is null)
            {
                var database = await servers.Postgres.CreateDatabaseAsync("dormant");
                var messaging = await servers.RabbitMq.CreateVirtualHostAsync("dormant");
                var app = new DormantApp(database, messaging, await TestTokenAuthority.StartAsync());
                var client = app.Officer("S5001");
                await Probe.UntilAsync(
                    async () => (await client.GetAsync("/health")).IsSuccessStatusCode,
                    "the dormant-assets service healthy (database and bus ready)",
                    TimeSpan.FromSeconds(60));
                _shared = app;
            }

            return _shared;
        }
        finally
        {
            Gate.Release();
        }
    }

    public HttpClient Officer(string employeeNumber) => As(Tokens.Staff(employeeNumber, [StaffRoles.DormantAssetOfficer], Audiences.DormantAssets));

    /// <summary>The agency's own 찾아줌 front end: an internal client with the officer role.</summary>
    public HttpClient SelfServiceApp() => As(Tokens.Internal("kinfa-findmoney-web", [StaffRoles.DormantAssetOfficer], Audiences.DormantAssets));

    public HttpClient Institution(string code) =>
        As(Tokens.Institution($"inst-{code}", code, [Scopes.DormantAssetsTransfer], Audiences.DormantAssets));

    public HttpClient Partner(string code) =>
        As(Tokens.Partner($"partner-{code}", code, [Scopes.DormantAssetsLookup, Scopes.DormantAssetsClaim], Audiences.DormantAssets));

    public HttpClient As(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Plays the identity-verification provider for a person.</summary>
    public string Verify(string name, string rrn) => Services.GetRequiredService<FakeIdentityVerificationProvider>().Issue(name, rrn);

    public string CustomerIdOf(string rrn) => Services.GetRequiredService<ICustomerIdFactory>().Create(ResidentRegistrationNumber.Parse(rrn)).Value;

    public Task OpenAccountAsync(string bankCode, string account, string holder) =>
        Services.GetRequiredService<FakeBankNetwork>().OpenAccountAsync(bankCode, account, holder, CancellationToken.None);

    public Task<(int Count, long Amount)> TransfersAsync(Guid claimId) =>
        Services.GetRequiredService<FakeBankNetwork>().TransfersAsync(claimId.ToString("N"), CancellationToken.None);

    public async Task<T> QueryAsync<T>(Func<DormantAssetsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<DormantAssetsDbContext>());
    }

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    /// <summary>Outbox rows of one message type whose body mentions <paramref name="text"/> (events go out through the outbox).</summary>
    public Task<int> OutboxCountAsync(string messageName, string text) =>
        QueryAsync(db => db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM dormant.outbox_messages WHERE message_type = {messageName} AND body LIKE {"%" + text + "%"}").SingleAsync());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("DormantAssets:MigrateAtStartup", "true");
        builder.UseSetting("DormantAssets:Claims:PartnerClaimsPerHour", "3");
        builder.UseSetting("Seomin:Security:UseDevelopmentKeys", "true");
        builder.UseSetting("IdentityVerification:UseFakeProvider", "true");
        builder.UseSetting("IdentityVerification:Fake:SigningKey", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        builder.UseSetting("ConnectionStrings:dormantdb", _database);
        builder.UseSetting("ConnectionStrings:messaging", _messaging);
        foreach (var (key, value) in Tokens.ServiceConfiguration)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IBankTransferPort>(sp => Bank.Wrap(sp.GetRequiredService<FakeBankNetwork>()));
            services.ConfigureDbContext<DormantAssetsDbContext>(options =>
                options.ConfigureWarnings(w => w.Ignore(CoreEventId.ManyServiceProvidersCreatedWarning)));
        });
    }
}

/// <summary>The fake bank, made to refuse the next N transfers or to execute them and lose the answer.</summary>
public sealed class FlakyBank
{
    private int _lostAnswers;
    private int _refusals;

    public void RefuseNext(int count) => _refusals = count;

    public void LoseNextAnswers(int count) => _lostAnswers = count;

    public IBankTransferPort Wrap(FakeBankNetwork inner) => new Port(this, inner);

    private sealed class Port(FlakyBank flaky, FakeBankNetwork inner) : IBankTransferPort
    {
        public Task<string?> HolderNameAsync(string bankCode, string account, CancellationToken cancellationToken) =>
            inner.HolderNameAsync(bankCode, account, cancellationToken);

        public async Task<TransferConfirmation> TransferAsync(TransferRequest request, CancellationToken cancellationToken)
        {
            if (flaky._refusals > 0)
            {
                flaky._refusals--;
                throw new TransferFailedException("The bank network is down.", outcomeUnknown: false);
            }

            var confirmation = await inner.TransferAsync(request, cancellationToken);
            if (flaky._lostAnswers > 0)
            {
                flaky._lostAnswers--;
                throw new TimeoutException("No answer from the bank within the timeout.");
            }

            return confirmation;
        }
    }
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Seomin.Contracts.Identity;
using Seomin.Identity.Api.Data;
using Seomin.Messaging;
using Seomin.Testing;

namespace Seomin.Identity.Tests;

/// <summary>
/// The token service on its own PostgreSQL database and RabbitMQ vhost, in Development (so the development clients and
/// users are seeded and plain HTTP is allowed), with a test bus that records the notices it publishes. A second
/// instance on the same database and vhost plays a second replica.
/// </summary>
public sealed class IdentityApp : WebApplicationFactory<Program>
{
    public const string Issuer = "http://127.0.0.1:8080/";

    private readonly string _database;
    private readonly string _messaging;
    private readonly Dictionary<string, string?> _settings;
    private IBusControl? _testBus;

    private IdentityApp(string database, string messaging, Dictionary<string, string?> settings)
    {
        _database = database;
        _messaging = messaging;
        _settings = settings;
    }

    public ConcurrentQueue<object> Observed { get; } = new();

    public string DatabaseConnectionString => _database;

    public static async Task<IdentityApp> StartAsync(PlatformServers servers, string prefix, Dictionary<string, string?>? settings = null)
    {
        var database = await servers.Postgres.CreateDatabaseAsync(prefix);
        var messaging = await servers.RabbitMq.CreateVirtualHostAsync(prefix);
        return await StartOnAsync(database, messaging, settings, observe: true);
    }

    /// <summary>Another replica on the same database and vhost.</summary>
    public Task<IdentityApp> StartReplicaAsync() => StartOnAsync(_database, _messaging, _settings, observe: false);

    private static async Task<IdentityApp> StartOnAsync(string database, string messaging, Dictionary<string, string?>? settings, bool observe)
    {
        var app = new IdentityApp(database, messaging, settings ?? []);
        if (observe)
        {
            await app.StartTestBusAsync();
        }

        var client = app.CreateClient();
        await Probe.UntilAsync(
            async () => (await client.GetAsync("/health")).IsSuccessStatusCode,
            "the token service healthy (database and bus ready)",
            TimeSpan.FromSeconds(90));
        return app;
    }

    public HttpClient Browser() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<HttpResponseMessage> ClientCredentialsAsync(string clientId, string? secret = null, string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret ?? $"{clientId}-secret",
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return await CreateClient().PostAsync("/connect/token", new FormUrlEncodedContent(form));
    }

    public async Task<TokenResponse> TokenAsync(string clientId, string? scope = null)
    {
        var response = await ClientCredentialsAsync(clientId, scope: scope);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonSerializer.Deserialize<TokenResponse>(body)!;
    }

    /// <summary>Validates a token as a service would: signature against this instance's JWKS, issuer, type.</summary>
    public async Task<TokenValidationResult> ValidateAsync(string token, string? audience = null)
    {
        var jwks = new JsonWebKeySet(await CreateClient().GetStringAsync("/.well-known/jwks"));
        return await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = audience ?? "gateway",
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidTypes = ["at+jwt"],
            ClockSkew = TimeSpan.FromSeconds(5),
        });
    }

    public async Task<T> QueryAsync<T>(Func<IdentityDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<IdentityDbContext>());
    }

    public IEnumerable<T> ObservedOf<T>() => Observed.OfType<T>();

    public override async ValueTask DisposeAsync()
    {
        if (_testBus is not null)
        {
            await _testBus.StopAsync();
        }

        await base.DisposeAsync();
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:gatewaydb", _database);
        builder.UseSetting("ConnectionStrings:messaging", _messaging);
        builder.UseSetting("Identity:Issuer", Issuer);
        builder.UseSetting("Identity:KeyPollInterval", "00:00:00.500");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
            services.ConfigureDbContext<IdentityDbContext>(options =>
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
            cfg.ReceiveEndpoint("identity-tests-observer", e =>
            {
                e.Handler<AccessRevoked>(c => Record(observed, c.Message));
                e.Handler<SigningKeysChanged>(c => Record(observed, c.Message));
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

public sealed record TokenResponse(
    [property: System.Text.Json.Serialization.JsonPropertyName("access_token")] string AccessToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("token_type")] string TokenType,
    [property: System.Text.Json.Serialization.JsonPropertyName("expires_in")] int ExpiresIn,
    [property: System.Text.Json.Serialization.JsonPropertyName("scope")] string? Scope,
    [property: System.Text.Json.Serialization.JsonPropertyName("refresh_token")] string? RefreshToken,
    [property: System.Text.Json.Serialization.JsonPropertyName("id_token")] string? IdToken);

public static class Jwt
{
    public static JsonWebToken Read(string token) => new(token);

    public static IReadOnlyList<string> All(this JsonWebToken token, string claim) =>
        token.Claims.Where(c => c.Type == claim).Select(c => c.Value).ToList();
}

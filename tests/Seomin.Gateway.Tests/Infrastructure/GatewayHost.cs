using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Seomin.Access;
using Seomin.Testing;

namespace Seomin.Gateway.Tests.Infrastructure;

/// <summary>
/// The real gateway (Development environment) with <see cref="TestTokenAuthority"/> as the token service's metadata
/// and keys, the shared Redis server as its quota store, and stub guarantee, counseling and identity services on real
/// sockets. Two hosts built with the same <see cref="GatewaySetup"/> are two replicas of one gateway.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;
    private readonly bool _ownsSetup;

    private GatewayHost(WebApplicationFactory<Program> factory, GatewaySetup setup, CapturedLogs logs, bool ownsSetup)
    {
        _factory = factory;
        _ownsSetup = ownsSetup;
        Setup = setup;
        Logs = logs;
        Client = factory.CreateClient();
    }

    public HttpClient Client { get; }

    public GatewaySetup Setup { get; }

    public TestTokenAuthority Tokens => Setup.Tokens;

    public StubService Guarantee => Setup.Guarantee;

    public StubService Counseling => Setup.Counseling;

    public StubService Identity => Setup.Identity;

    public CapturedLogs Logs { get; }

    public static async Task<GatewayHost> StartAsync(RedisServers redis, IDictionary<string, string?>? overrides = null) =>
        await StartAsync(await GatewaySetup.CreateAsync(redis.Redis.ConnectionString, overrides), ownsSetup: true);

    /// <summary>Another gateway replica in front of the same services, token service and quota store.</summary>
    public static Task<GatewayHost> StartReplicaAsync(GatewaySetup setup) => StartAsync(setup, ownsSetup: false);

    private static Task<GatewayHost> StartAsync(GatewaySetup setup, bool ownsSetup)
    {
        var logs = new CapturedLogs();
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(setup.Settings));
            builder.ConfigureLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        });
        return Task.FromResult(new GatewayHost(factory, setup, logs, ownsSetup));
    }

    /// <summary>A guarantee officer's staff token (audiences gateway and guarantee).</summary>
    public string GuaranteeOfficer(string employee = "E1001") =>
        Tokens.Staff(employee, [StaffRoles.GuaranteeOfficer], Audiences.Gateway, Audiences.Guarantee);

    /// <summary>A partner's token with <paramref name="scopes"/> (defaults: both partner guarantee scopes).</summary>
    public string Partner(string partnerCode = "ALPHAFIN01", string? clientId = null, params string[] scopes)
    {
        string[] granted = scopes.Length > 0 ? scopes : [Scopes.ProductsRead, Scopes.GuaranteesApply];
        return Tokens.Partner(clientId ?? $"partner-{partnerCode.ToLowerInvariant()}", partnerCode, granted, Audiences.Gateway, Audiences.Guarantee);
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token, object? body = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = body is HttpContent content ? content : JsonContent.Create(body);
        }

        return await Client.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? token) => SendAsync(HttpMethod.Get, path, token);

    public T GetService<T>()
        where T : notnull => _factory.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        if (_ownsSetup)
        {
            await Setup.DisposeAsync();
        }
    }
}

/// <summary>What the gateway stands in front of: the test token authority, stub services, the quota store.</summary>
public sealed class GatewaySetup : IAsyncDisposable
{
    private GatewaySetup(TestTokenAuthority tokens, StubService guarantee, StubService counseling, StubService identity, Dictionary<string, string?> settings)
    {
        Tokens = tokens;
        Guarantee = guarantee;
        Counseling = counseling;
        Identity = identity;
        Settings = settings;
    }

    public TestTokenAuthority Tokens { get; }

    public StubService Guarantee { get; }

    public StubService Counseling { get; }

    public StubService Identity { get; }

    public Dictionary<string, string?> Settings { get; }

    public static async Task<GatewaySetup> CreateAsync(string? quotaStore, IDictionary<string, string?>? overrides = null)
    {
        var tokens = await TestTokenAuthority.StartAsync();
        var guarantee = await StubService.StartAsync("/api/guarantees");
        var counseling = await StubService.StartAsync("/api/counseling");
        var identity = await StubService.StartAsync("/connect", app => app.MapPost("/connect/token", (HttpRequest request) => IssueClientCredentials(tokens, request)));
        var settings = new Dictionary<string, string?>(tokens.ServiceConfiguration)
        {
            ["ConnectionStrings:quotas"] = quotaStore,
            // Each gateway (its replicas alike) counts under its own prefix in the shared test Redis.
            ["Gateway:QuotaKeyPrefix"] = $"test:{Guid.NewGuid():N}:",
            ["services:guarantee:http:0"] = guarantee.Address.ToString(),
            ["services:counseling:http:0"] = counseling.Address.ToString(),
            ["services:identity:http:0"] = identity.Address.ToString(),
            // Everything is logged, so the checks that no token reaches a log see every line the framework writes.
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Yarp"] = "Trace",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return new GatewaySetup(tokens, guarantee, counseling, identity, settings);
    }

    /// <summary>Secret of every stub partner client: <c>&lt;client id&gt;-secret</c>, like the token service's development clients.</summary>
    public static string SecretOf(string clientId) => $"{clientId}-secret";

    /// <summary>
    /// The token service's client-credentials grant, as far as a partner sees it: a partner token for the client
    /// (partner code = the client id's upper-cased letters and digits, first 10) with the scopes asked for.
    /// </summary>
    private static async Task<IResult> IssueClientCredentials(TestTokenAuthority tokens, HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        var clientId = form["client_id"].ToString();
        if (form["grant_type"] != "client_credentials" || clientId.Length == 0 || form["client_secret"] != SecretOf(clientId))
        {
            return Results.Json(new { error = "invalid_client" }, statusCode: 401);
        }

        var requested = form["scope"].ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string[] scopes = requested.Length > 0 ? requested : [Scopes.ProductsRead, Scopes.GuaranteesApply];
        var partnerCode = new string(clientId.ToUpperInvariant().Where(char.IsAsciiLetterOrDigit).Take(10).ToArray());
        var token = tokens.Partner(clientId, partnerCode, scopes, Audiences.Gateway, Audiences.Guarantee);
        return Results.Json(new { access_token = token, token_type = "Bearer", expires_in = 600, scope = string.Join(' ', scopes) });
    }

    public async ValueTask DisposeAsync()
    {
        await Guarantee.DisposeAsync();
        await Counseling.DisposeAsync();
        await Identity.DisposeAsync();
        await Tokens.DisposeAsync();
    }
}

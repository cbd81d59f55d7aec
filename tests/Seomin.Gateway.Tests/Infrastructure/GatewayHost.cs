using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Seomin.Gateway.Clients;
using Seomin.Testing;

namespace Seomin.Gateway.Tests.Infrastructure;

/// <summary>
/// The real gateway (Development environment, seeded clients) on its own gatewaydb in the shared PostgreSQL
/// server, in front of stub guarantee and counseling services on real sockets.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private GatewayHost(WebApplicationFactory<Program> factory, StubService guarantee, StubService counseling, CapturedLogs logs)
    {
        _factory = factory;
        Guarantee = guarantee;
        Counseling = counseling;
        Logs = logs;
        Client = factory.CreateClient();
    }

    public HttpClient Client { get; }

    public StubService Guarantee { get; }

    public StubService Counseling { get; }

    public CapturedLogs Logs { get; }

    public IServiceProvider Services => _factory.Services;

    public static async Task<GatewayHost> StartAsync(PlatformServers servers, IDictionary<string, string?>? overrides = null)
    {
        var database = await servers.Postgres.CreateDatabaseAsync("gateway");
        var guarantee = await StubService.StartAsync("/api/guarantees");
        var counseling = await StubService.StartAsync("/api/counseling");
        var logs = new CapturedLogs();
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:gatewaydb"] = database,
            ["services:guarantee:http:0"] = guarantee.Address.ToString(),
            ["services:counseling:http:0"] = counseling.Address.ToString(),
            // Everything is logged, so the checks that no token reaches a log see every line the framework writes.
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Yarp"] = "Trace",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Development");
            builder.ConfigureAppConfiguration((_, configuration) => configuration.AddInMemoryCollection(settings));
            builder.ConfigureLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        });
        var host = new GatewayHost(factory, guarantee, counseling, logs);
        return host;
    }

    public static string SecretOf(string clientId) => DevelopmentClients.SecretOf(clientId);

    public async Task<string> GetTokenAsync(string clientId, string? secret = null, string? scope = null)
    {
        var response = await RequestTokenAsync(clientId, secret ?? SecretOf(clientId), scope);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    public Task<HttpResponseMessage> RequestTokenAsync(string clientId, string secret, string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        return Client.PostAsync("/connect/token", new FormUrlEncodedContent(form));
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

    /// <summary>Creates a client through the admin API and returns its secret.</summary>
    public async Task<string> CreateClientAsync(object request)
    {
        var admin = await GetTokenAsync("dev-admin");
        var response = await SendAsync(HttpMethod.Post, "/admin/clients", admin, request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("clientSecret").GetString()!;
    }

    public T GetService<T>()
        where T : notnull => _factory.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _factory.DisposeAsync();
        await Guarantee.DisposeAsync();
        await Counseling.DisposeAsync();
    }
}

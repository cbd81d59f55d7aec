using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Seomin.AppHost.Tests.EndToEnd;

/// <summary>One answer from the gateway: status, headers and the body as text (kept for the no-raw-RRN check).</summary>
internal sealed record GatewayResponse(HttpStatusCode StatusCode, HttpResponseHeaders Headers, string? ContentType, string Body)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement.Clone();

    public string? Header(string name) => Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    public override string ToString() => $"{(int)StatusCode} {Body}";
}

/// <summary>
/// A caller of the platform through the gateway with one client's token (OAuth 2.0 client credentials against the
/// gateway's token service; development secret = <c>&lt;client id&gt;-secret</c>). Every response body is kept, so a
/// test can check that a raw resident registration number appeared in none of them.
/// </summary>
internal sealed class GatewayClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly List<string> _bodies = [];
    private readonly Lock _gate = new();

    private GatewayClient(HttpClient http) => _http = http;

    /// <summary>Where this client calls (the gateway or a service).</summary>
    public Uri BaseAddress => _http.BaseAddress!;

    public IReadOnlyList<string> Bodies
    {
        get
        {
            lock (_gate)
            {
                return [.. _bodies];
            }
        }
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<GatewayClient> ForClientAsync(Uri gateway, string clientId) =>
        ForToken(gateway, await ClientTokenAsync(gateway, clientId));

    /// <summary>A caller of <paramref name="baseUri"/> (the gateway or a service directly) with this token, or none.</summary>
    public static GatewayClient ForToken(Uri baseUri, string? token)
    {
        var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
        if (token is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return new GatewayClient(http);
    }

    /// <summary>A client-credentials access token from the token service through the gateway (optionally fewer scopes).</summary>
    public static async Task<string> ClientTokenAsync(Uri gateway, string clientId, string? scope = null)
    {
        var form = new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = $"{clientId}-secret",
        };
        if (scope is not null)
        {
            form["scope"] = scope;
        }

        var (status, body) = await PostFormAsync(gateway, "/connect/token", form);
        Assert.True(status == HttpStatusCode.OK, $"token for {clientId}: {(int)status} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    /// <summary>A form POST without a bearer token (the OAuth endpoints): status and body.</summary>
    public static async Task<(HttpStatusCode Status, string Body)> PostFormAsync(Uri baseUri, string path, IDictionary<string, string> form)
    {
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
        using var response = await http.PostAsync(path, new FormUrlEncodedContent(form), Ct);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
    }

    public Task<GatewayResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path, body: null, idempotencyKey: null);

    public Task<GatewayResponse> PostAsync(string path, object? body, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, body, idempotencyKey);

    public async Task<GatewayResponse> SendAsync(HttpMethod method, string path, object? body, string? idempotencyKey, string? traceParent = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (traceParent is not null)
        {
            request.Headers.Add("traceparent", traceParent);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await _http.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        lock (_gate)
        {
            _bodies.Add(text);
        }

        return new GatewayResponse(response.StatusCode, response.Headers, response.Content.Headers.ContentType?.MediaType, text);
    }

    public void Dispose() => _http.Dispose();
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Seomin.Bench.Platform.Http;

/// <summary>One answer: status and the JSON body (null when the body is not JSON).</summary>
internal sealed record Answer(int Status, JsonElement? Json, string Body)
{
    public bool Ok => Status is >= 200 and < 300;

    public string Str(string property) =>
        Json?.GetProperty(property).GetString() ?? throw new InvalidOperationException($"{property} missing in {Body}");

    public long Long(string property) => Json!.Value.GetProperty(property).GetInt64();

    public string? ErrorCode => Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("errorCode", out var code) ? code.GetString() : null;

    public override string ToString() => $"{Status} {(Body.Length > 300 ? Body[..300] : Body)}";
}

/// <summary>
/// The platform seen through the gateway: one <see cref="Actor"/> per caller (a system client with client
/// credentials, or a staff member signed in with the authorization code flow), every request counted in
/// <see cref="Tally"/>. 429 is waited out (Retry-After) and 503/504 retried a few times with the same
/// Idempotency-Key; the tally still counts every attempt.
/// </summary>
internal sealed class PlatformClient : IDisposable
{
    private readonly HttpClient _http;

    public PlatformClient(Uri gateway, int connections)
    {
        Gateway = gateway;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            AllowAutoRedirect = false,
        };
        _http = new HttpClient(handler) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(60) };
    }

    public Uri Gateway { get; }

    public Tally Tally { get; } = new();

    /// <summary>How many times a 503/504/no-response is retried (the fault suite raises it to ride out a restart).</summary>
    public int Retries { get; set; } = 6;

    public HttpClient Http => _http;

    public Actor Client(string clientId) => new(this, clientId, ct => TokenAsync(clientId, ct));

    public Actor Staff(string employeeNumber, string scope) =>
        new(this, employeeNumber, ct => StaffSignIn.SignInAsync(this, employeeNumber, scope, ct));

    private async Task<string> TokenAsync(string clientId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                using var response = await _http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["client_id"] = clientId,
                    ["client_secret"] = $"{clientId}-secret",
                }), ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if (response.IsSuccessStatusCode)
                {
                    return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
                }

                if (attempt >= 30)
                {
                    throw new InvalidOperationException($"token for {clientId}: {(int)response.StatusCode} {body}");
                }
            }
            catch (HttpRequestException) when (attempt < 30)
            {
            }

            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }
    }

    public async Task<Answer> SendAsync(Actor actor, string kind, HttpMethod method, string path, object? body, string? idempotencyKey, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await actor.TokenAsync(ct));
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
            }

            if (idempotencyKey is not null)
            {
                request.Headers.Add("Idempotency-Key", idempotencyKey);
            }

            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(request, ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                Tally.RecordTransportFailure(kind, e.GetType().Name);
                if (attempt >= Retries)
                {
                    return new Answer(0, null, e.Message);
                }

                await Task.Delay(Backoff(attempt), ct);
                continue;
            }

            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(ct);
                var status = (int)response.StatusCode;
                var problem = response.Content.Headers.ContentType?.MediaType == "application/problem+json";
                Tally.Record(kind, status, problem, text);
                if (status == 401 && attempt < Retries)
                {
                    actor.Expire();
                    continue;
                }

                if (status == (int)HttpStatusCode.TooManyRequests && attempt < 50)
                {
                    var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                    await Task.Delay(wait, ct);
                    continue;
                }

                if (status is 502 or 503 or 504 && attempt < Retries)
                {
                    await Task.Delay(Backoff(attempt), ct);
                    continue;
                }

                JsonElement? json = null;
                if (text.Length > 0 && (text[0] == '{' || text[0] == '['))
                {
                    json = JsonDocument.Parse(text).RootElement.Clone();
                }

                return new Answer(status, json, text);
            }
        }
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(10_000, 250 * (1 << Math.Min(attempt, 6))));

    public void Dispose() => _http.Dispose();
}

/// <summary>A caller with its own token, fetched again before it expires (tokens live 10 minutes).</summary>
internal sealed class Actor(PlatformClient platform, string name, Func<CancellationToken, Task<string>> fetch)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(8);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTime _fetchedAt;

    public string Name { get; } = name;

    public async ValueTask<string> TokenAsync(CancellationToken ct)
    {
        var token = _token;
        if (token is not null && DateTime.UtcNow - _fetchedAt < Lifetime)
        {
            return token;
        }

        await _gate.WaitAsync(ct);
        try
        {
            if (_token is null || DateTime.UtcNow - _fetchedAt >= Lifetime)
            {
                _token = await fetch(ct);
                _fetchedAt = DateTime.UtcNow;
            }

            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Expire() => _fetchedAt = DateTime.MinValue;

    public Task<Answer> PostAsync(string kind, string path, object? body, CancellationToken ct, string? idempotencyKey = null) =>
        platform.SendAsync(this, kind, HttpMethod.Post, path, body ?? new { }, idempotencyKey, ct);

    public Task<Answer> GetAsync(string kind, string path, CancellationToken ct) =>
        platform.SendAsync(this, kind, HttpMethod.Get, path, null, null, ct);
}

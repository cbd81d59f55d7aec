using Duende.IdentityModel.Client;
using Microsoft.Extensions.Options;

namespace Seomin.Reconciliation;

/// <summary>
/// The job's own access token (client credentials against the token service), kept until a minute before it expires.
/// The request itself is Duende.IdentityModel's; only the caching is ours.
/// </summary>
public sealed class ServiceTokens(IHttpClientFactory httpClients, IOptions<ReconciliationOptions> options, TimeProvider time)
{
    public const string HttpClientName = "seomin-reconciliation-token";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _token;
    private DateTimeOffset _expiresAt;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_token is not null && time.GetUtcNow() < _expiresAt)
        {
            return _token;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_token is not null && time.GetUtcNow() < _expiresAt)
            {
                return _token;
            }

            var o = options.Value;
            using var http = httpClients.CreateClient(HttpClientName);
            var response = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
            {
                Address = o.TokenEndpoint,
                ClientId = o.ClientId,
                ClientSecret = o.ClientSecret,
                Scope = o.Scopes,
            }, cancellationToken);
            if (response.IsError || string.IsNullOrEmpty(response.AccessToken))
            {
                throw new ControlTotalsUnavailableException("identity", $"the token service refused the job's client ({response.Error ?? response.HttpStatusCode.ToString()})");
            }

            _token = response.AccessToken;
            _expiresAt = time.GetUtcNow() + TimeSpan.FromSeconds(Math.Max(0, response.ExpiresIn - 60));
            return _token;
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>A service's control totals could not be read (down, refused, malformed).</summary>
public sealed class ControlTotalsUnavailableException(string service, string reason) : Exception($"{service}: {reason}")
{
    public string Service { get; } = service;
}

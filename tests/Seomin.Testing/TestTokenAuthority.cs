using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Seomin.Testing;

/// <summary>
/// A stand-in for the token service in service- and gateway-level tests: a real HTTP server on loopback serving
/// OpenID Connect metadata and a JWKS, and minting ES256 <c>at+jwt</c> access tokens with whatever claims a test
/// needs (Seomin.Access's vocabulary), plus the bad ones (another key, <c>alg: none</c>, expired, wrong type).
/// The real token service (services/Identity) is tested on its own and end to end in the AppHost tests.
/// </summary>
public sealed class TestTokenAuthority : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ECDsaSecurityKey> _published = [];
    private readonly List<object> _activeRevocations = [];
    private readonly Lock _lock = new();
    private ECDsaSecurityKey _signingKey;

    private TestTokenAuthority(WebApplication app, ECDsaSecurityKey key)
    {
        _app = app;
        _signingKey = key;
        _published.Add(key);
    }

    public Uri Authority { get; private set; } = null!;

    public string Issuer => Authority.ToString();

    /// <summary>How often the JWKS was read: proves a service read the keys again after a rotation.</summary>
    public int KeySetRequests { get; private set; }

    /// <summary>How often <c>/revocations/active</c> was read (services read it at start-up).</summary>
    public int RevocationListRequests { get; private set; }

    /// <summary>
    /// Adds an entry to <c>GET /revocations/active</c> (the token service's unexpired revocations, read by services at
    /// start-up): exactly one of <paramref name="tokenId"/>, <paramref name="subject"/>, <paramref name="clientId"/>.
    /// </summary>
    public void AddActiveRevocation(string? tokenId, string? subject, string? clientId, DateTimeOffset revokedAt, DateTimeOffset expiresAt)
    {
        lock (_lock)
        {
            _activeRevocations.Add(new { tokenId, subject, clientId, revokedAt, expiresAt });
        }
    }

    /// <summary>Configuration that points a service (Seomin.Access) at this authority.</summary>
    public IReadOnlyDictionary<string, string?> ServiceConfiguration => new Dictionary<string, string?>
    {
        ["Seomin:Identity:Authority"] = Issuer,
        ["Seomin:Identity:Issuer"] = Issuer,
        ["Seomin:Identity:RequireHttpsMetadata"] = "false",
        ["Seomin:Identity:MinimumRefreshInterval"] = "00:00:01",
    };

    private static readonly Lazy<Task<TestTokenAuthority>> SharedInstance = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>One authority for a whole test assembly (started on first use, stopped with the process).</summary>
    public static Task<TestTokenAuthority> SharedAsync() => SharedInstance.Value;

    public static async Task<TestTokenAuthority> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var authority = new TestTokenAuthority(app, NewKey());
        app.MapGet("/.well-known/openid-configuration", (HttpContext context) => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = authority.Issuer,
            ["jwks_uri"] = new Uri(authority.Authority, ".well-known/jwks").ToString(),
            ["token_endpoint"] = new Uri(authority.Authority, "connect/token").ToString(),
            ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
        }));
        app.MapGet("/.well-known/jwks", () =>
        {
            lock (authority._lock)
            {
                authority.KeySetRequests++;
                var keys = authority._published.Select(JsonWebKeyConverter.ConvertFromECDsaSecurityKey).Select(k => new Dictionary<string, string>
                {
                    ["kty"] = k.Kty, ["crv"] = k.Crv, ["x"] = k.X, ["y"] = k.Y, ["kid"] = k.Kid, ["use"] = "sig", ["alg"] = "ES256",
                });
                return Results.Json(new { keys = keys.ToArray() });
            }
        });
        app.MapGet("/revocations/active", () =>
        {
            lock (authority._lock)
            {
                authority.RevocationListRequests++;
                return Results.Json(authority._activeRevocations.ToArray());
            }
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        authority.Authority = new Uri(address.TrimEnd('/') + "/");
        return authority;
    }

    /// <summary>A signed-in person: <c>sub</c> is the employee number.</summary>
    public string Staff(string employeeNumber, IEnumerable<string> roles, params string[] audiences) =>
        Issue(new Dictionary<string, object>
        {
            ["sub"] = employeeNumber,
            ["client_id"] = "seomin-staff",
            ["client_type"] = "staff",
            ["role"] = roles.ToArray(),
            ["name"] = "테스트 직원",
            ["branch"] = "본점",
        }, audiences);

    /// <summary>An internal system's client-credentials token with staff roles.</summary>
    public string Internal(string clientId, IEnumerable<string> roles, params string[] audiences) =>
        Issue(new Dictionary<string, object>
        {
            ["sub"] = clientId, ["client_id"] = clientId, ["client_type"] = "internal", ["role"] = roles.ToArray(),
        }, audiences);

    /// <summary>A partner fintech's token.</summary>
    public string Partner(string clientId, string partnerCode, IEnumerable<string> scopes, params string[] audiences) =>
        Issue(new Dictionary<string, object>
        {
            ["sub"] = clientId, ["client_id"] = clientId, ["client_type"] = "partner", ["partner_code"] = partnerCode,
            ["scope"] = string.Join(' ', scopes), ["quota_per_second"] = 10, ["quota_per_day"] = 10_000,
        }, audiences);

    /// <summary>A financial institution's token, limited to <paramref name="institutionCode"/>.</summary>
    public string Institution(string clientId, string institutionCode, IEnumerable<string> scopes, params string[] audiences) =>
        Issue(new Dictionary<string, object>
        {
            ["sub"] = clientId, ["client_id"] = clientId, ["client_type"] = "institution", ["institution_code"] = institutionCode,
            ["scope"] = string.Join(' ', scopes),
        }, audiences);

    /// <summary>Any token: claims as given, the current key unless <paramref name="key"/> (a forged one) is given.</summary>
    public string Issue(
        IDictionary<string, object> claims,
        IEnumerable<string> audiences,
        TimeSpan? lifetime = null,
        DateTimeOffset? issuedAt = null,
        SecurityKey? key = null,
        string type = "at+jwt",
        string? tokenId = null)
    {
        var issued = issuedAt ?? DateTimeOffset.UtcNow;
        var all = new Dictionary<string, object>(claims)
        {
            ["jti"] = tokenId ?? Guid.NewGuid().ToString("N"),
            ["aud"] = audiences.ToArray(),
        };
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Claims = all,
            IssuedAt = issued.UtcDateTime,
            NotBefore = issued.UtcDateTime,
            Expires = issued.Add(lifetime ?? TimeSpan.FromMinutes(10)).UtcDateTime,
            TokenType = type,
            SigningCredentials = new SigningCredentials(key ?? CurrentKey, SecurityAlgorithms.EcdsaSha256),
        };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    /// <summary>Signed with a key this authority never published.</summary>
    public string Forged(IDictionary<string, object> claims, params string[] audiences) => Issue(claims, audiences, key: NewKey());

    /// <summary>The same claims with <c>alg: none</c> and no signature.</summary>
    public static string Unsigned(IDictionary<string, object> claims, params string[] audiences)
    {
        static string Part(object value) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(value));
        var payload = new Dictionary<string, object>(claims)
        {
            ["aud"] = audiences, ["exp"] = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds(), ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        };
        return $"{Part(new { alg = "none", typ = "at+jwt" })}.{Part(payload)}.";
    }

    /// <summary>A new signing key; the old one stays published unless <paramref name="withdrawOld"/>.</summary>
    public void RotateKey(bool withdrawOld = false)
    {
        lock (_lock)
        {
            var next = NewKey();
            if (withdrawOld)
            {
                _published.Remove(_signingKey);
            }

            _published.Add(next);
            _signingKey = next;
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private ECDsaSecurityKey CurrentKey
    {
        get
        {
            lock (_lock)
            {
                return _signingKey;
            }
        }
    }

    private static ECDsaSecurityKey NewKey() =>
        new(ECDsa.Create(ECCurve.NamedCurves.nistP256)) { KeyId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant() };
}

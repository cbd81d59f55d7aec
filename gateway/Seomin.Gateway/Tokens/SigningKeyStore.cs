using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Npgsql;

namespace Seomin.Gateway.Tokens;

/// <summary>A signing key: ES256 (ECDSA P-256) with its key id.</summary>
public sealed class SigningKey(string keyId, DateTimeOffset createdAt, ECDsa key)
{
    public string KeyId => keyId;

    public DateTimeOffset CreatedAt => createdAt;

    public ECDsa Key => key;

    // One instance each: the token handler caches signature providers per key instance.
    public ECDsaSecurityKey PrivateSecurityKey { get; } = new(key) { KeyId = keyId };

    public ECDsaSecurityKey PublicSecurityKey { get; } =
        new(ECDsa.Create(key.ExportParameters(includePrivateParameters: false))) { KeyId = keyId };
}

/// <summary>
/// Signing keys kept in gatewaydb. The newest key signs; the newest two are published in the JWKS, so tokens
/// signed before a rotation stay valid until they expire.
/// </summary>
public sealed class SigningKeyStore(NpgsqlDataSource dataSource, TimeProvider timeProvider, IOptions<GatewayOptions> options)
{
    private const int PublishedKeys = 2;
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private volatile IReadOnlyList<SigningKey> _keys = [];
    private DateTimeOffset _lastRefresh = DateTimeOffset.MinValue;

    public IReadOnlyList<SigningKey> PublishedSigningKeys => _keys;

    public SigningKey Current => _keys.Count > 0 ? _keys[0] : throw new InvalidOperationException("No signing key is loaded.");

    /// <summary>Loads the keys, creating the first one when the store is empty.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (_keys.Count == 0)
        {
            await RotateAsync(cancellationToken);
        }
    }

    public async Task<SigningKey> RotateAsync(CancellationToken cancellationToken)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = timeProvider.GetUtcNow();
        var kid = $"{now:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        await using var command = dataSource.CreateCommand(
            "INSERT INTO signing_keys (kid, algorithm, private_key, created_at) VALUES ($1, 'ES256', $2, $3)");
        command.Parameters.AddWithValue(kid);
        command.Parameters.AddWithValue(ecdsa.ExportPkcs8PrivateKey());
        command.Parameters.AddWithValue(now);
        await command.ExecuteNonQueryAsync(cancellationToken);
        await LoadAsync(cancellationToken);
        return Current;
    }

    /// <summary>Rotates when the current key is older than the rotation interval.</summary>
    public async Task RotateIfDueAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        if (_keys.Count == 0 || timeProvider.GetUtcNow() - Current.CreatedAt >= options.Value.SigningKeyRotationInterval)
        {
            await RotateAsync(cancellationToken);
        }
    }

    /// <summary>Reloads when a token names a key id this replica has not seen (another replica rotated), at most every 10 s.</summary>
    public async Task RefreshForUnknownKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        if (_keys.Any(k => k.KeyId == keyId) || timeProvider.GetUtcNow() - _lastRefresh < TimeSpan.FromSeconds(10))
        {
            return;
        }

        await LoadAsync(cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _refreshLock.WaitAsync(cancellationToken);
        try
        {
            await using var command = dataSource.CreateCommand(
                "SELECT kid, private_key, created_at FROM signing_keys ORDER BY created_at DESC, kid DESC LIMIT $1");
            command.Parameters.AddWithValue(PublishedKeys);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var keys = new List<SigningKey>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var ecdsa = ECDsa.Create();
                ecdsa.ImportPkcs8PrivateKey(reader.GetFieldValue<byte[]>(1), out _);
                keys.Add(new SigningKey(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(2), ecdsa));
            }

            _keys = keys;
            _lastRefresh = timeProvider.GetUtcNow();
        }
        finally
        {
            _refreshLock.Release();
        }
    }
}

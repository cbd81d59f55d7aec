using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using OpenIddict.Validation;
using Seomin.Identity.Api.Data;

namespace Seomin.Identity.Api.Features.Keys;

/// <summary>The keys this replica signs and encrypts with, as last read from the database.</summary>
public sealed record ServerKeySnapshot(
    IReadOnlyList<SigningCredentials> Signing,
    IReadOnlyList<EncryptingCredentials> Encryption,
    string Fingerprint)
{
    public static readonly ServerKeySnapshot Empty = new([], [], "");

    public bool IsEmpty => Signing.Count == 0;
}

/// <summary>
/// This replica's copy of the server keys. OpenIddict reads its signing and encryption credentials from here through
/// the options system; when the keys table changes (a rotation here or on another replica, a withdrawal, a retired key
/// reaching the end of its publication) the ring fires a change token and OpenIddict rebuilds its options: the new key
/// signs and the JWKS changes without a restart.
/// </summary>
public sealed partial class ServerKeyRing(
    IServiceScopeFactory scopes,
    IDataProtectionProvider dataProtection,
    TimeProvider timeProvider,
    ILogger<ServerKeyRing> logger)
{
    public const string ProtectorPurpose = "Seomin.Identity.ServerKeys.v1";

    private readonly Lock _gate = new();
    private ServerKeySnapshot _current = ServerKeySnapshot.Empty;
    private CancellationTokenSource _serverChanged = new();
    private CancellationTokenSource _validationChanged = new();

    public ServerKeySnapshot Current => Volatile.Read(ref _current);

    /// <summary>Fires when the keys change, for OpenIddict's server options.</summary>
    public IChangeToken GetServerChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_serverChanged.Token);
        }
    }

    /// <summary>
    /// Fires right after <see cref="GetServerChangeToken"/>: the local validation copies the server's keys when its options
    /// are rebuilt (at once, by the options monitor), so the server's must already be new.
    /// </summary>
    public IChangeToken GetValidationChangeToken()
    {
        lock (_gate)
        {
            return new CancellationChangeToken(_validationChanged.Token);
        }
    }

    internal IDataProtector Protector => dataProtection.CreateProtector(ProtectorPurpose);

    /// <summary>Reads the keys table; returns true when what this replica uses changed.</summary>
    public async Task<bool> ReloadAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDbContext>();
        var keys = await db.ServerKeys.AsNoTracking().ToListAsync(cancellationToken);
        return Apply(keys);
    }

    /// <summary>The first options build of a host that has not loaded its keys yet (the hosted poller loads them first).</summary>
    public void EnsureLoaded()
    {
        if (Current.IsEmpty)
        {
            ReloadAsync(CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    private bool Apply(IReadOnlyList<ServerKey> keys)
    {
        var now = timeProvider.GetUtcNow();
        var published = keys
            .Where(k => k.Use == ServerKeyUse.Signing && k.IsPublishedAt(now))
            // The key that signs comes first: OpenIddict signs with the first credential and publishes all of them.
            .OrderByDescending(k => k.Signs)
            .ThenByDescending(k => k.CreatedAt)
            .ToList();
        var encryption = keys.Where(k => k.Use == ServerKeyUse.Encryption && k.WithdrawnAt is null).OrderByDescending(k => k.CreatedAt).ToList();
        var fingerprint = string.Join(',', published.Select(k => $"{k.KeyId}:{k.Signs}")) + "|" + string.Join(',', encryption.Select(k => k.KeyId));
        if (fingerprint == Current.Fingerprint)
        {
            return false;
        }

        var protector = Protector;
        var snapshot = new ServerKeySnapshot(
            published.Select(k => new SigningCredentials(ServerKeyMaterial.LoadSigningKey(k, protector), SecurityAlgorithms.EcdsaSha256)).ToList(),
            encryption.Select(k => new EncryptingCredentials(
                ServerKeyMaterial.LoadEncryptionKey(k, protector), SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512)).ToList(),
            fingerprint);

        CancellationTokenSource server, validation;
        lock (_gate)
        {
            Volatile.Write(ref _current, snapshot);
            (server, validation) = (_serverChanged, _validationChanged);
            (_serverChanged, _validationChanged) = (new CancellationTokenSource(), new CancellationTokenSource());
        }

        LogKeysLoaded(logger, published.FirstOrDefault(k => k.Signs)?.KeyId ?? "(none)", published.Count);
        server.Cancel();
        validation.Cancel();
        server.Dispose();
        validation.Dispose();
        return true;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Server keys loaded: signing with {SigningKeyId}, {PublishedCount} key(s) published")]
    private static partial void LogKeysLoaded(ILogger logger, string signingKeyId, int publishedCount);
}

/// <summary>Creates and opens the key material stored in <see cref="ServerKey"/> rows.</summary>
internal static class ServerKeyMaterial
{
    public const string SigningAlgorithm = SecurityAlgorithms.EcdsaSha256;
    public const string EncryptionAlgorithm = "A256KW";

    public static ServerKey NewSigningKey(IDataProtector protector, DateTimeOffset now)
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new ServerKey
        {
            KeyId = NewKeyId(now),
            Use = ServerKeyUse.Signing,
            Algorithm = SigningAlgorithm,
            ProtectedKey = protector.Protect(Convert.ToBase64String(ecdsa.ExportPkcs8PrivateKey())),
            CreatedAt = now,
        };
    }

    public static ServerKey NewEncryptionKey(IDataProtector protector, DateTimeOffset now) => new()
    {
        KeyId = NewKeyId(now),
        Use = ServerKeyUse.Encryption,
        Algorithm = EncryptionAlgorithm,
        ProtectedKey = protector.Protect(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
        CreatedAt = now,
    };

    public static ECDsaSecurityKey LoadSigningKey(ServerKey key, IDataProtector protector)
    {
        var ecdsa = ECDsa.Create();
        ecdsa.ImportPkcs8PrivateKey(Convert.FromBase64String(protector.Unprotect(key.ProtectedKey)), out _);
        return new ECDsaSecurityKey(ecdsa) { KeyId = key.KeyId };
    }

    public static SymmetricSecurityKey LoadEncryptionKey(ServerKey key, IDataProtector protector) =>
        new(Convert.FromBase64String(protector.Unprotect(key.ProtectedKey))) { KeyId = key.KeyId };

    // Sortable and unique: the creation time, then random bits.
    private static string NewKeyId(DateTimeOffset now) =>
        $"{now.UtcDateTime:yyyyMMddHHmmss}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";
}

/// <summary>Gives OpenIddict's server the ring's keys, rebuilt whenever the ring changes.</summary>
internal sealed class ServerKeyOptionsSetup(ServerKeyRing ring)
    : IConfigureOptions<OpenIddictServerOptions>, IOptionsChangeTokenSource<OpenIddictServerOptions>
{
    public string Name => Options.DefaultName;

    public void Configure(OpenIddictServerOptions options)
    {
        ring.EnsureLoaded();
        var keys = ring.Current;
        foreach (var credentials in keys.Signing)
        {
            options.SigningCredentials.Add(credentials);
        }

        foreach (var credentials in keys.Encryption)
        {
            options.EncryptionCredentials.Add(credentials);
        }
    }

    public IChangeToken GetChangeToken() => ring.GetServerChangeToken();
}

/// <summary>Rebuilds the local validation's options (which copy the server's keys) after the server's.</summary>
internal sealed class ValidationKeyChangeSource(ServerKeyRing ring) : IOptionsChangeTokenSource<OpenIddictValidationOptions>
{
    public string Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => ring.GetValidationChangeToken();
}

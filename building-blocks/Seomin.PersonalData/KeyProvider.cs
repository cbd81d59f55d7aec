using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;

namespace Seomin.PersonalData;

/// <summary>
/// The keys of the personal-data building blocks: AES-256 field-encryption keys by id (one active,
/// older ones kept for decryption after rotation) and the two HMAC keys (CustomerId, blind index).
/// </summary>
public interface IKeyProvider
{
    /// <summary>The key id new ciphertext is written under.</summary>
    string ActiveKeyId { get; }

    /// <summary>The HMAC key of <see cref="ICustomerIdFactory"/>; the same in every service.</summary>
    ReadOnlyMemory<byte> CustomerIdKey { get; }

    /// <summary>The HMAC key of <see cref="IBlindIndex"/>; distinct from every other key.</summary>
    ReadOnlyMemory<byte> BlindIndexKey { get; }

    bool TryGetEncryptionKey(string keyId, out ReadOnlyMemory<byte> key);

    ReadOnlyMemory<byte> GetEncryptionKey(string keyId) =>
        TryGetEncryptionKey(keyId, out var key) ? key : throw new CryptographicException($"The field-cipher key '{keyId}' is not available.");
}

/// <summary>An immutable, validated set of keys.</summary>
public sealed class KeyRing : IKeyProvider
{
    private readonly Dictionary<string, byte[]> _encryptionKeys;
    private readonly byte[] _customerIdKey;
    private readonly byte[] _blindIndexKey;

    /// <param name="activeKeyId">Letters, digits, '-' or '_', at most 32 characters; must be in <paramref name="encryptionKeys"/>.</param>
    /// <param name="encryptionKeys">32-byte AES keys by id.</param>
    /// <param name="customerIdKey">At least 32 bytes.</param>
    /// <param name="blindIndexKey">At least 32 bytes, different from <paramref name="customerIdKey"/>.</param>
    public KeyRing(string activeKeyId, IReadOnlyDictionary<string, byte[]> encryptionKeys, byte[] customerIdKey, byte[] blindIndexKey)
    {
        ArgumentNullException.ThrowIfNull(encryptionKeys);
        ArgumentNullException.ThrowIfNull(customerIdKey);
        ArgumentNullException.ThrowIfNull(blindIndexKey);
        foreach (var (id, key) in encryptionKeys)
        {
            if (!IsValidKeyId(id))
            {
                throw new InvalidOperationException($"Encryption key id '{id}' must be 1–32 letters, digits, '-' or '_'.");
            }

            if (key.Length != 32)
            {
                throw new InvalidOperationException($"Encryption key '{id}' must be 32 bytes (AES-256).");
            }
        }

        if (!encryptionKeys.ContainsKey(activeKeyId))
        {
            throw new InvalidOperationException($"The active encryption key '{activeKeyId}' is not among the configured keys.");
        }

        if (customerIdKey.Length < 32 || blindIndexKey.Length < 32)
        {
            throw new InvalidOperationException("The CustomerId and blind-index keys must be at least 32 bytes.");
        }

        if (customerIdKey.AsSpan().SequenceEqual(blindIndexKey))
        {
            throw new InvalidOperationException("The CustomerId and blind-index keys must differ.");
        }

        ActiveKeyId = activeKeyId;
        _encryptionKeys = encryptionKeys.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        _customerIdKey = customerIdKey.ToArray();
        _blindIndexKey = blindIndexKey.ToArray();
    }

    public string ActiveKeyId { get; }

    public ReadOnlyMemory<byte> CustomerIdKey => _customerIdKey;

    public ReadOnlyMemory<byte> BlindIndexKey => _blindIndexKey;

    /// <summary>The ids of every encryption key, active and retired.</summary>
    public IReadOnlyCollection<string> KeyIds => _encryptionKeys.Keys;

    /// <summary>A fresh ring of random keys: the active key <paramref name="activeKeyId"/>.</summary>
    public static KeyRing Generate(string activeKeyId = "k1") =>
        new(activeKeyId, new Dictionary<string, byte[]> { [activeKeyId] = RandomNumberGenerator.GetBytes(32) }, RandomNumberGenerator.GetBytes(32), RandomNumberGenerator.GetBytes(32));

    /// <summary>A ring with a new active key; the current keys stay for decryption. The HMAC keys are kept.</summary>
    public KeyRing Rotate(string newActiveKeyId, byte[]? newKey = null)
    {
        var keys = new Dictionary<string, byte[]>(_encryptionKeys, StringComparer.Ordinal)
        {
            [newActiveKeyId] = newKey ?? RandomNumberGenerator.GetBytes(32),
        };
        return new KeyRing(newActiveKeyId, keys, _customerIdKey, _blindIndexKey);
    }

    public bool TryGetEncryptionKey(string keyId, out ReadOnlyMemory<byte> key)
    {
        if (keyId is not null && _encryptionKeys.TryGetValue(keyId, out var bytes))
        {
            key = bytes;
            return true;
        }

        key = default;
        return false;
    }

    internal static bool IsValidKeyId([NotNullWhen(true)] string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= 32 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
